/*
 * ADC for high-level apps, as the platform's applibs/adc.h declares it. The manifest's "Adc" list
 * ("ADC-CONTROLLER-0") is the grant; the MT3620 has controller 0 with channels 0-7 (GPIO 41-48), 12-bit samples. The
 * model's board feeds the reference 2.5 V whatever the app sets, so a sample is volts / 2.5 V * 4096.
 */
#pragma once

#include <stdint.h>
#include <applibs/sphaera_abi.h>

typedef uint32_t ADC_ControllerId;
typedef uint32_t ADC_ChannelId;

SPHAERA_IMPORT(ADC_Open) int sphaera_ADC_Open(uint32_t id);
SPHAERA_IMPORT(ADC_GetSampleBitCount) int sphaera_ADC_GetSampleBitCount(int fd, uint32_t channel);
SPHAERA_IMPORT(ADC_SetReferenceVoltage) int sphaera_ADC_SetReferenceVoltage(int fd, uint32_t channel, float volts);
SPHAERA_IMPORT(ADC_Poll) int sphaera_ADC_Poll(int fd, uint32_t channel);

/*
 * A file descriptor for the controller, or -1 with errno ENODEV (no such controller), EACCES (not in the manifest's
 * Adc list, or the controller is not the A7's) or EBUSY (this app has it open).
 */
static inline int ADC_Open(ADC_ControllerId id)
{
    return sphaera_result(sphaera_ADC_Open(id));
}

/* 12, or -1 with errno EBADF (not an open ADC) or ENODEV (no such channel). */
static inline int ADC_GetSampleBitCount(int fd, ADC_ChannelId channel)
{
    return sphaera_result(sphaera_ADC_GetSampleBitCount(fd, channel));
}

/* 0, or -1 with errno EBADF, ENODEV or EINVAL (outside the MT3620's 1.8-2.5 V). */
static inline int ADC_SetReferenceVoltage(int fd, ADC_ChannelId channel, float referenceVoltage)
{
    return sphaera_result(sphaera_ADC_SetReferenceVoltage(fd, channel, referenceVoltage)) < 0 ? -1 : 0;
}

/* 0 with the sample in *outSampleValue, or -1 with errno EBADF, ENODEV, EACCES or EFAULT (no place for the sample). */
static inline int ADC_Poll(int fd, ADC_ChannelId channel, uint32_t *outSampleValue)
{
    if (outSampleValue == 0) {
        errno = EFAULT;
        return -1;
    }
    int r = sphaera_result(sphaera_ADC_Poll(fd, channel));
    if (r < 0) {
        return -1;
    }
    *outSampleValue = (uint32_t)r;
    return 0;
}
