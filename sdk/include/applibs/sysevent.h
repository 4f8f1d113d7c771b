/*
 * Sphaera: applibs/sysevent.h for apps built for wasm32. System events about updates reach the app's event loop:
 * register once (SystemEventNotifications; EACCES without it, EEXIST for a second registration), and defer or resume
 * a pending update (SoftwareUpdateDeferral; EACCES without it, EINVAL when no update is pending).
 */
#pragma once

#include <errno.h>
#include <stdint.h>
#include <unistd.h>
#include <applibs/eventloop.h>
#include <applibs/sphaera_abi.h>

typedef enum {
    SysEvent_Events_None = 0x00,
    SysEvent_Events_UpdateReadyForInstall = 0x01,
    SysEvent_Events_UpdateStarted = 0x02,
    SysEvent_Events_NoUpdateAvailable = 0x04,
} SysEvent_Events;

typedef enum {
    SysEvent_Status_Invalid = 0,
    SysEvent_Status_Pending = 1,
    SysEvent_Status_Final = 2,
    SysEvent_Status_Deferred = 3,
    SysEvent_Status_Complete = 4,
} SysEvent_Status;

typedef enum {
    SysEvent_UpdateType_Invalid = 0,
    SysEvent_UpdateType_App = 1,
    SysEvent_UpdateType_System = 2,
} SysEvent_UpdateType;

typedef struct SysEvent_Info {
    SysEvent_Events event;
    uint32_t max_deferral_time_in_minutes;
    SysEvent_UpdateType update_type;
} SysEvent_Info;

typedef struct SysEvent_Info_UpdateData {
    uint32_t max_deferral_time_in_minutes;
    SysEvent_UpdateType update_type;
} SysEvent_Info_UpdateData;

typedef void SysEventsCallback(SysEvent_Events event, SysEvent_Status state, const SysEvent_Info *info, void *context);

SPHAERA_IMPORT(SysEvent_Register) int sphaera_SysEvent_Register(uint32_t mask);
SPHAERA_IMPORT(SysEvent_Next) int sphaera_SysEvent_Next(int fd, uint32_t *words);
SPHAERA_IMPORT(SysEvent_DeferEvent) int sphaera_SysEvent_DeferEvent(uint32_t event, uint32_t minutes);
SPHAERA_IMPORT(SysEvent_ResumeEvent) int sphaera_SysEvent_ResumeEvent(uint32_t event);

/* The one registration, as the platform allows one. */
static struct {
    int fd;
    EventLoop *el;
    SysEventsCallback *callback;
    void *context;
} sphaera_sysevent = {-1, 0, 0, 0};

static inline void sphaera_SysEvent_Dispatch(EventLoop *el, int fd, EventLoop_IoEvents events, void *context)
{
    (void)el;
    (void)events;
    (void)context;
    uint32_t words[4];
    while (sphaera_SysEvent_Next(fd, words) == 1) {
        SysEvent_Info info = {(SysEvent_Events)words[0], words[2], (SysEvent_UpdateType)words[3]};
        sphaera_sysevent.callback((SysEvent_Events)words[0], (SysEvent_Status)words[1], &info, sphaera_sysevent.context);
    }
}

static inline EventRegistration *SysEvent_RegisterForEventNotifications(EventLoop *el, SysEvent_Events eventBitmask,
                                                                         SysEventsCallback callback, void *context)
{
    if (el == 0 || callback == 0) {
        errno = EINVAL;
        return 0;
    }
    int fd = sphaera_result(sphaera_SysEvent_Register((uint32_t)eventBitmask));
    if (fd < 0) {
        return 0;
    }
    EventRegistration *reg = EventLoop_RegisterIo(el, fd, EventLoop_Input, sphaera_SysEvent_Dispatch, 0);
    if (reg == 0) {
        int saved = errno;
        close(fd);
        errno = saved;
        return 0;
    }
    sphaera_sysevent.fd = fd;
    sphaera_sysevent.el = el;
    sphaera_sysevent.callback = callback;
    sphaera_sysevent.context = context;
    return reg;
}

static inline int SysEvent_UnregisterForEventNotifications(EventRegistration *reg)
{
    if (reg == 0 || sphaera_sysevent.fd < 0) {
        errno = EINVAL;
        return -1;
    }
    EventLoop_UnregisterIo(sphaera_sysevent.el, reg);
    close(sphaera_sysevent.fd);
    sphaera_sysevent.fd = -1;
    return 0;
}

static inline int SysEvent_Info_GetUpdateData(const SysEvent_Info *info, SysEvent_Info_UpdateData *data)
{
    if (info == 0 || data == 0 || (info->event != SysEvent_Events_UpdateReadyForInstall
                                   && info->event != SysEvent_Events_UpdateStarted)) {
        errno = EINVAL;
        return -1;
    }
    data->max_deferral_time_in_minutes = info->max_deferral_time_in_minutes;
    data->update_type = info->update_type;
    return 0;
}

static inline int SysEvent_DeferEvent(SysEvent_Events event, uint32_t delayInMinutes)
{
    return sphaera_result(sphaera_SysEvent_DeferEvent((uint32_t)event, delayInMinutes));
}

static inline int SysEvent_ResumeEvent(SysEvent_Events event)
{
    return sphaera_result(sphaera_SysEvent_ResumeEvent((uint32_t)event));
}
