/*
 * System events: registers for update events, defers the first pending update by 10 minutes, logs every event with
 * its data, and ends when told there is no update.
 */
#include <errno.h>
#include <string.h>
#include <applibs/eventloop.h>
#include <applibs/log.h>
#include <applibs/sysevent.h>

static int deferred;

static void OnEvent(SysEvent_Events event, SysEvent_Status status, const SysEvent_Info *info, void *context)
{
    EventLoop *el = context;
    SysEvent_Info_UpdateData data = {0, 0};
    int got = SysEvent_Info_GetUpdateData(info, &data);
    Log_Debug("event %d status %d max %u type %d%s\n", (int)event, (int)status, data.max_deferral_time_in_minutes,
              (int)data.update_type, got == 0 ? "" : " (no update data)");
    if (event == SysEvent_Events_UpdateReadyForInstall && status == SysEvent_Status_Pending && !deferred) {
        deferred = 1;
        int r = SysEvent_DeferEvent(SysEvent_Events_UpdateReadyForInstall, 10);
        Log_Debug("defer 10 min: %s\n", r == 0 ? "ok" : strerror(errno));
    }
    if (event == SysEvent_Events_NoUpdateAvailable) {
        EventLoop_Stop(el);
    }
}

int main(void)
{
    int r = SysEvent_DeferEvent(SysEvent_Events_UpdateReadyForInstall, 5);
    Log_Debug("defer with nothing pending: %s\n", r == 0 ? "ok" : strerror(errno));
    EventLoop *el = EventLoop_Create();
    EventRegistration *reg = SysEvent_RegisterForEventNotifications(
        el, SysEvent_Events_UpdateReadyForInstall | SysEvent_Events_UpdateStarted | SysEvent_Events_NoUpdateAvailable,
        OnEvent, el);
    if (reg == 0) {
        Log_Debug("register: %s\n", strerror(errno));
        return 1;
    }
    EventRegistration *again = SysEvent_RegisterForEventNotifications(el, SysEvent_Events_UpdateStarted, OnEvent, el);
    Log_Debug("register again: %s\n", again == 0 ? strerror(errno) : "ok");
    EventLoop_Run(el, -1, false);
    SysEvent_UnregisterForEventNotifications(reg);
    Log_Debug("done\n");
    return 0;
}
