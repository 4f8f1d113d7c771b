/*
 * The event loop with two timers, as the platform's samples use them: a periodic tick every 100 ms, and a one-shot
 * at 350 ms that stops the loop. Each callback reads its timer (the expirations) and logs the device's time.
 */
#include <errno.h>
#include <stdint.h>
#include <time.h>
#include <unistd.h>
#include <sys/timerfd.h>
#include <applibs/eventloop.h>
#include <applibs/log.h>

static struct timespec start;
static int ticks;

static long long elapsed_ms(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (now.tv_sec - start.tv_sec) * 1000LL + (now.tv_nsec - start.tv_nsec) / 1000000;
}

static void tick(EventLoop *el, int fd, EventLoop_IoEvents events, void *context)
{
    uint64_t expirations = 0;
    if (read(fd, &expirations, sizeof expirations) != sizeof expirations) {
        Log_Debug("tick: read failed: %d\n", errno);
        return;
    }
    ticks++;
    Log_Debug("%lld ms: tick %d (%llu)\n", elapsed_ms(), ticks, (unsigned long long)expirations);
}

static void done(EventLoop *el, int fd, EventLoop_IoEvents events, void *context)
{
    uint64_t expirations = 0;
    read(fd, &expirations, sizeof expirations);
    Log_Debug("%lld ms: done\n", elapsed_ms());
    EventLoop_Stop(el);
}

static int timer(long long first_ms, long long period_ms)
{
    int fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
    struct itimerspec when = {
        .it_value = {.tv_sec = first_ms / 1000, .tv_nsec = (first_ms % 1000) * 1000000},
        .it_interval = {.tv_sec = period_ms / 1000, .tv_nsec = (period_ms % 1000) * 1000000},
    };
    if (fd < 0 || timerfd_settime(fd, 0, &when, NULL) != 0) {
        return -1;
    }
    return fd;
}

int main(void)
{
    clock_gettime(CLOCK_MONOTONIC, &start);
    EventLoop *el = EventLoop_Create();
    int periodic = timer(100, 100);
    int once = timer(350, 0);
    if (el == NULL || periodic < 0 || once < 0) {
        return 1;
    }
    uint64_t none;
    Log_Debug("read before expiry: %s\n", read(periodic, &none, sizeof none) < 0 && errno == EAGAIN ? "EAGAIN" : "?");
    EventLoop_RegisterIo(el, periodic, EventLoop_Input, tick, NULL);
    EventLoop_RegisterIo(el, once, EventLoop_Input, done, NULL);
    Log_Debug("register again: %s\n", EventLoop_RegisterIo(el, once, EventLoop_Input, done, NULL) == NULL && errno == EEXIST ? "EEXIST" : "?");
    EventLoop_Run_Result r = EventLoop_Run(el, -1, false);
    Log_Debug("%lld ms: loop ended %d after %d ticks\n", elapsed_ms(), (int)r, ticks);
    Log_Debug("one more event within 1 s: %d\n", (int)EventLoop_Run(el, 1000, true));
    Log_Debug("%lld ms: nothing within 50 ms: %d\n", elapsed_ms(), (int)EventLoop_Run(el, 50, true));
    close(periodic);
    close(once);
    EventLoop_Close(el);
    return 0;
}
