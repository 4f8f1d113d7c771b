/* Computes for ever and never blocks: the device must still get its turns, and its time must pass. */
#include <time.h>
#include <applibs/log.h>

int main(void)
{
    volatile unsigned long n = 0;
    for (unsigned long round = 1;; round++) {
        for (unsigned long i = 0; i < 100000; i++) {
            n++;
        }
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        Log_Debug("round %lu at %ld us\n", round, (long)(now.tv_nsec / 1000 + now.tv_sec % 1000 * 1000000));
    }
}
