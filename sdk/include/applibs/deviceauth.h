/*
 * DeviceAuth_GetCertificatePath, as the platform's tlsutils/deviceauth.h declares it: the path of the device's client
 * certificate for the tenant in the manifest's DeviceAuthentication. The certificate file is not in the sandbox yet.
 */
#pragma once

#include <stddef.h>
#include <applibs/sphaera_abi.h>

SPHAERA_IMPORT(DeviceAuth_GetCertificatePath) int sphaera_DeviceAuth_GetCertificatePath(char *path, int size);

/* The path, or NULL with errno EACCES (no DeviceAuthentication in the manifest). It may change when the app restarts. */
static inline const char *DeviceAuth_GetCertificatePath(void)
{
    static char path[64];
    if (sphaera_result(sphaera_DeviceAuth_GetCertificatePath(path, sizeof path)) < 0) {
        return NULL;
    }
    return path;
}
