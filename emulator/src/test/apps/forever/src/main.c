/*
 * WASI's poll_oneoff with two clock subscriptions: one that never comes (the largest timeout, which is unsigned) and
 * one in 10 ms. The app must wake after 10 ms with exactly that one event.
 */
#include <stdint.h>
#include <time.h>
#include <wasi/api.h>
#include <applibs/log.h>

static long micros(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return now.tv_nsec / 1000 + now.tv_sec % 1000 * 1000000;
}

int main(void)
{
    __wasi_subscription_t subs[2] = {0};
    subs[0].userdata = 1;
    subs[0].u.tag = __WASI_EVENTTYPE_CLOCK;
    subs[0].u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
    subs[0].u.u.clock.timeout = UINT64_MAX;
    subs[1].userdata = 2;
    subs[1].u.tag = __WASI_EVENTTYPE_CLOCK;
    subs[1].u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
    subs[1].u.u.clock.timeout = 10 * 1000 * 1000;
    __wasi_event_t events[2];
    __wasi_size_t count = 0;
    long before = micros();
    __wasi_errno_t err = __wasi_poll_oneoff(subs, events, 2, &count);
    Log_Debug("poll: %d, %lu event(s), first %llu, after %ld us\n", err, (unsigned long)count,
              (unsigned long long)events[0].userdata, micros() - before);
    return 0;
}
