/*
 * Sphaera: applibs/application.h for apps built for wasm32. Application_Connect opens a socket to a real-time app;
 * send() and recv() on it carry whole messages (SOCK_SEQPACKET). recv waits up to 5 s of the device's time for a
 * message, then fails with EAGAIN (the timeout the platform's sample sets with SO_RCVTIMEO).
 * Errors: EACCES (not in AllowedApplicationConnections, on either side), ECONNREFUSED (no such real-time app runs),
 * EINVAL (not a component ID).
 */
#pragma once

#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <applibs/sphaera_abi.h>

SPHAERA_IMPORT(Application_Connect) int sphaera_Application_Connect(const char *componentId, int length);
SPHAERA_IMPORT(Application_IsDeviceAuthReady) int sphaera_Application_IsDeviceAuthReady(void);

/* Whether the device has authenticated to the security service today (it holds its daily certificate). */
static inline int Application_IsDeviceAuthReady(bool *isReady)
{
    if (isReady == 0) {
        errno = EFAULT;
        return -1;
    }
    *isReady = sphaera_Application_IsDeviceAuthReady() == 1;
    return 0;
}

static inline int Application_Connect(const char *componentId)
{
    if (componentId == 0) {
        errno = EFAULT;
        return -1;
    }
    return sphaera_result(sphaera_Application_Connect(componentId, (int)strnlen(componentId, 65)));
}
