/* GPIO for high-level apps, as the platform's applibs/gpio.h declares it. The manifest's "Gpio" list is the grant. */
#pragma once

#include <stdint.h>
#include <applibs/sphaera_abi.h>

typedef int GPIO_Id;

typedef uint8_t GPIO_OutputMode_Type;
enum {
    GPIO_OutputMode_PushPull = 0,
    GPIO_OutputMode_OpenDrain = 1,
    GPIO_OutputMode_OpenSource = 2,
};

typedef uint8_t GPIO_Value_Type;
enum {
    GPIO_Value_Low = 0,
    GPIO_Value_High = 1,
};

SPHAERA_IMPORT(GPIO_OpenAsInput) int sphaera_GPIO_OpenAsInput(int gpioId);
SPHAERA_IMPORT(GPIO_OpenAsOutput) int sphaera_GPIO_OpenAsOutput(int gpioId, int outputMode, int initialValue);
SPHAERA_IMPORT(GPIO_GetValue) int sphaera_GPIO_GetValue(int gpioFd);
SPHAERA_IMPORT(GPIO_SetValue) int sphaera_GPIO_SetValue(int gpioFd, int value);

/* A file descriptor for the pin, or -1 with errno EACCES (not in the manifest), ENODEV (no such GPIO), EBUSY (open). */
static inline int GPIO_OpenAsInput(GPIO_Id gpioId)
{
    return sphaera_result(sphaera_GPIO_OpenAsInput(gpioId));
}

static inline int GPIO_OpenAsOutput(GPIO_Id gpioId, GPIO_OutputMode_Type outputMode, GPIO_Value_Type initialValue)
{
    return sphaera_result(sphaera_GPIO_OpenAsOutput(gpioId, outputMode, initialValue));
}

/* 0, or -1 with errno EBADF (not an open GPIO) or EFAULT (no place for the value). */
static inline int GPIO_GetValue(int gpioFd, GPIO_Value_Type *outValue)
{
    if (outValue == 0) {
        errno = EFAULT;
        return -1;
    }
    int r = sphaera_result(sphaera_GPIO_GetValue(gpioFd));
    if (r < 0) {
        return -1;
    }
    *outValue = (GPIO_Value_Type)r;
    return 0;
}

/* 0, or -1 with errno EBADF (not an output this app opened) or EINVAL (a value other than Low or High). */
static inline int GPIO_SetValue(int gpioFd, GPIO_Value_Type value)
{
    return sphaera_result(sphaera_GPIO_SetValue(gpioFd, value)) < 0 ? -1 : 0;
}
