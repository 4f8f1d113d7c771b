/*
 * The part of the platform's applibs/networking.h that is modelled: whether the network is ready, how many
 * interfaces the device has (one: wlan0) and that interface's connection status. IP configuration, time sync and the
 * DHCP and SNTP servers are not modelled yet.
 */
#pragma once

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/types.h>
#include <applibs/sphaera_abi.h>

SPHAERA_IMPORT(Networking_IsNetworkingReady) int sphaera_Networking_IsNetworkingReady(void);
SPHAERA_IMPORT(Networking_GetInterfaceCount) int sphaera_Networking_GetInterfaceCount(void);
SPHAERA_IMPORT(Networking_GetInterfaceConnectionStatus) int sphaera_Networking_GetInterfaceConnectionStatus(const char *name,
                                                                                                           int length);

typedef uint32_t Networking_InterfaceConnectionStatus;
enum {
    Networking_InterfaceConnectionStatus_InterfaceUp = 1 << 0,
    Networking_InterfaceConnectionStatus_ConnectedToNetwork = 1 << 1,
    Networking_InterfaceConnectionStatus_IpAvailable = 1 << 2,
    Networking_InterfaceConnectionStatus_ConnectedToInternet = 1 << 3,
};

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

/* The status of interface networkInterfaceName ("wlan0"): 0, or -1 with errno ENOENT (no such interface) or EFAULT. */
static inline int Networking_GetInterfaceConnectionStatus(const char *networkInterfaceName,
                                                          Networking_InterfaceConnectionStatus *outStatus)
{
    if (networkInterfaceName == 0 || outStatus == 0) {
        errno = EFAULT;
        return -1;
    }
    int r = sphaera_result(sphaera_Networking_GetInterfaceConnectionStatus(networkInterfaceName,
                                                                           (int)strnlen(networkInterfaceName, 32)));
    if (r < 0) {
        return -1;
    }
    *outStatus = (Networking_InterfaceConnectionStatus)r;
    return 0;
}
