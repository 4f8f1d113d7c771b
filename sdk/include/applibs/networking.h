/*
 * The part of the platform's applibs/networking.h that is modelled: whether the network is ready, and how many
 * interfaces the device has (one: wlan0). Interface status, IP configuration, time sync and the DHCP and SNTP servers
 * are not modelled yet.
 */
#pragma once

#include <stdbool.h>
#include <sys/types.h>
#include <applibs/sphaera_abi.h>

SPHAERA_IMPORT(Networking_IsNetworkingReady) int sphaera_Networking_IsNetworkingReady(void);
SPHAERA_IMPORT(Networking_GetInterfaceCount) int sphaera_Networking_GetInterfaceCount(void);

/* 0 with *outIsNetworkingReady set, or -1 with errno EFAULT (NULL). */
static inline int Networking_IsNetworkingReady(bool *outIsNetworkingReady)
{
    if (outIsNetworkingReady == 0) {
        errno = EFAULT;
        return -1;
    }
    int r = sphaera_result(sphaera_Networking_IsNetworkingReady());
    if (r < 0) {
        return -1;
    }
    *outIsNetworkingReady = r != 0;
    return 0;
}

/* How many network interfaces the device has. */
static inline ssize_t Networking_GetInterfaceCount(void)
{
    return sphaera_result(sphaera_Networking_GetInterfaceCount());
}
