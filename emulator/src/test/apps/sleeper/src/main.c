/* Sleeps an hour at a time, for ever: only the device can end it. */
#include <unistd.h>
#include <applibs/log.h>

int main(void)
{
    for (int hour = 0;; hour++) {
        Log_Debug("hour %d\n", hour);
        sleep(3600);
    }
}
