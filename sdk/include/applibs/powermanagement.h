/*
 * Power management, as the platform's applibs/powermanagement.h declares it: each call needs its value in the
 * manifest's PowerControls. On success neither returns: the device goes down and the app with it. Power profiles
 * (PowerManagement_SetSystemPowerProfile) are not modelled yet.
 */
#pragma once

#include <applibs/sphaera_abi.h>

SPHAERA_IMPORT(PowerManagement_ForceSystemReboot) int sphaera_PowerManagement_ForceSystemReboot(void);
SPHAERA_IMPORT(PowerManagement_ForceSystemPowerDown) int sphaera_PowerManagement_ForceSystemPowerDown(unsigned int seconds);

/* Reboots the device; -1 with errno EACCES without "ForceReboot" in PowerControls. */
static inline int PowerManagement_ForceSystemReboot(void)
{
    return sphaera_result(sphaera_PowerManagement_ForceSystemReboot()) < 0 ? -1 : 0;
}

/*
 * Powers the device down for at most maximum_residency_in_seconds, then it boots again; -1 with errno EACCES without
 * "ForcePowerDown" in PowerControls.
 */
static inline int PowerManagement_ForceSystemPowerDown(unsigned int maximum_residency_in_seconds)
{
    return sphaera_result(sphaera_PowerManagement_ForceSystemPowerDown(maximum_residency_in_seconds)) < 0 ? -1 : 0;
}
