/*
 * Timer file descriptors, as Linux declares them, for the device's event loop (applibs/eventloop.h): a timer that
 * becomes readable when it expires, on the device's clock. read() of 8 bytes gives the expirations since the last
 * read; with TFD_NONBLOCK and none, it fails with EAGAIN.
 */
#pragma once

#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <applibs/sphaera_abi.h>

#define TFD_NONBLOCK 0x800
#define TFD_CLOEXEC 0x80000
#define TFD_TIMER_ABSTIME 1

/* struct itimerspec comes from wasi-libc's time.h. */

SPHAERA_IMPORT(timerfd_create) int sphaera_timerfd_create(int clockid, int flags);
SPHAERA_IMPORT(timerfd_settime) int sphaera_timerfd_settime(int fd, int flags, long long value_ns, long long interval_ns);

static inline long long sphaera_ns(const struct timespec *t)
{
    return (long long)t->tv_sec * 1000000000LL + t->tv_nsec;
}

/* CLOCK_REALTIME or CLOCK_MONOTONIC (wasi-libc's clock IDs are pointers; the device's are 0 and 1). */
static inline int timerfd_create(clockid_t clockid, int flags)
{
    int id = clockid == CLOCK_REALTIME ? 0 : clockid == CLOCK_MONOTONIC ? 1 : -1;
    return sphaera_result(sphaera_timerfd_create(id, flags));
}

/* Arms (a zero it_value disarms) the timer; the old setting is not kept, so *old_value reads as disarmed. */
static inline int timerfd_settime(int fd, int flags, const struct itimerspec *new_value, struct itimerspec *old_value)
{
    if (new_value == 0) {
        errno = EFAULT;
        return -1;
    }
    if (new_value->it_value.tv_nsec < 0 || new_value->it_value.tv_nsec >= 1000000000L
            || new_value->it_interval.tv_nsec < 0 || new_value->it_interval.tv_nsec >= 1000000000L) {
        errno = EINVAL;
        return -1;
    }
    if (old_value != 0) {
        memset(old_value, 0, sizeof *old_value);
    }
    return sphaera_result(sphaera_timerfd_settime(fd, flags, sphaera_ns(&new_value->it_value),
                                                  sphaera_ns(&new_value->it_interval))) < 0 ? -1 : 0;
}
