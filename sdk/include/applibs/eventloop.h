/*
 * The event loop, as the platform's applibs/eventloop.h declares it: an app registers descriptors (timers from
 * sys/timerfd.h so far) with callbacks and runs the loop, which waits on the device's time. The loop itself is here,
 * in C; the wait is the device's (sphaera_EventLoop_Wait), so the app's thread blocks only where the device allows.
 */
#pragma once

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>
#include <applibs/sphaera_abi.h>

typedef uint32_t EventLoop_IoEvents;
enum {
    EventLoop_Input = 0x01,
    EventLoop_Output = 0x04,
    EventLoop_Error = 0x08,
};

typedef enum {
    EventLoop_Run_Failed = -1,
    EventLoop_Run_Finished = 0,
    EventLoop_Run_FinishedEmpty = 1,
} EventLoop_Run_Result;

typedef struct EventLoop EventLoop;
typedef struct EventRegistration EventRegistration;
typedef void EventLoopIoCallback(EventLoop *el, int fd, EventLoop_IoEvents events, void *context);

#define SPHAERA_EVENTLOOP_MAX 32

struct EventRegistration {
    int fd;
    EventLoop_IoEvents events;
    EventLoopIoCallback *callback;
    void *context;
    bool used;
};

struct EventLoop {
    struct EventRegistration registrations[SPHAERA_EVENTLOOP_MAX];
    bool stopping;
    bool running;
};

/* Waits until one of fds is ready or timeout_ms passes (-1: no limit); ready[i] gets fd i's events. */
SPHAERA_IMPORT(EventLoop_Wait) int sphaera_EventLoop_Wait(const int *fds, int count, int timeout_ms, uint32_t *ready);

static inline EventLoop *EventLoop_Create(void)
{
    EventLoop *el = calloc(1, sizeof *el);
    if (el == 0) {
        errno = ENOMEM;
    }
    return el;
}

static inline void EventLoop_Close(EventLoop *el)
{
    free(el);
}

static inline int EventLoop_Stop(EventLoop *el)
{
    if (el == 0) {
        errno = EINVAL;
        return -1;
    }
    el->stopping = true;
    return 0;
}

static inline int EventLoop_GetWaitDescriptor(EventLoop *el)
{
    (void)el;
    errno = ENOSYS; /* nesting loops is not modelled */
    return -1;
}

static inline EventRegistration *EventLoop_RegisterIo(EventLoop *el, int fd, EventLoop_IoEvents events,
                                                      EventLoopIoCallback *callback, void *context)
{
    if (el == 0 || callback == 0 || fd < 0) {
        errno = EINVAL;
        return 0;
    }
    for (int i = 0; i < SPHAERA_EVENTLOOP_MAX; i++) {
        if (el->registrations[i].used && el->registrations[i].fd == fd) {
            errno = EEXIST;
            return 0;
        }
    }
    for (int i = 0; i < SPHAERA_EVENTLOOP_MAX; i++) {
        struct EventRegistration *r = &el->registrations[i];
        if (!r->used) {
            r->fd = fd;
            r->events = events;
            r->callback = callback;
            r->context = context;
            r->used = true;
            return r;
        }
    }
    errno = ENOMEM;
    return 0;
}

static inline int EventLoop_ModifyIoEvents(EventLoop *el, EventRegistration *reg, EventLoop_IoEvents events)
{
    if (el == 0 || reg == 0 || !reg->used) {
        errno = EINVAL;
        return -1;
    }
    reg->events = events;
    return 0;
}

static inline int EventLoop_UnregisterIo(EventLoop *el, EventRegistration *reg)
{
    if (el == 0 || reg == 0 || !reg->used) {
        errno = EBADF;
        return -1;
    }
    reg->used = false;
    return 0;
}

/*
 * Runs the loop: waits and calls the callbacks of ready descriptors until EventLoop_Stop (from a callback), until
 * duration_in_milliseconds passes (-1: no limit), or after one event when process_one_event is true.
 */
static inline EventLoop_Run_Result EventLoop_Run(EventLoop *el, int duration_in_milliseconds, bool process_one_event)
{
    if (el == 0) {
        errno = EINVAL;
        return EventLoop_Run_Failed;
    }
    if (el->running) {
        errno = EBUSY;
        return EventLoop_Run_Failed;
    }
    el->running = true;
    el->stopping = false;
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    bool handled = false;
    for (;;) {
        int fds[SPHAERA_EVENTLOOP_MAX];
        struct EventRegistration *regs[SPHAERA_EVENTLOOP_MAX];
        uint32_t ready[SPHAERA_EVENTLOOP_MAX];
        int count = 0;
        for (int i = 0; i < SPHAERA_EVENTLOOP_MAX; i++) {
            if (el->registrations[i].used && el->registrations[i].events != 0) {
                regs[count] = &el->registrations[i];
                fds[count++] = el->registrations[i].fd;
            }
        }
        int timeout = -1;
        if (duration_in_milliseconds >= 0) {
            struct timespec now;
            clock_gettime(CLOCK_MONOTONIC, &now);
            long long elapsed = ((long long)(now.tv_sec - start.tv_sec)) * 1000 + (now.tv_nsec - start.tv_nsec) / 1000000;
            timeout = elapsed >= duration_in_milliseconds ? 0 : (int)(duration_in_milliseconds - elapsed);
        }
        int n = sphaera_result(sphaera_EventLoop_Wait(fds, count, timeout, ready));
        if (n < 0) {
            el->running = false;
            return EventLoop_Run_Failed;
        }
        for (int i = 0; i < count && n > 0; i++) {
            if (ready[i] != 0 && regs[i]->used) {
                regs[i]->callback(el, regs[i]->fd, ready[i], regs[i]->context);
                handled = true;
                if (process_one_event || el->stopping) {
                    break;
                }
            }
        }
        if (el->stopping || (process_one_event && handled) || (n == 0 && timeout == 0)) {
            el->running = false;
            el->stopping = false;
            return handled || !process_one_event ? EventLoop_Run_Finished : EventLoop_Run_FinishedEmpty;
        }
    }
}
