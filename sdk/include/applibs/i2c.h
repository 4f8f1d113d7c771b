/*
 * I2C master for high-level apps, as the platform's applibs/i2c.h declares it. The manifest's "I2cMaster" list
 * ("ISU0".."ISU4") is the grant; IDs are the hardware definition's main-core header values, MT3620_ISUn_I2C = n.
 * Addresses are 7-bit (the MT3620 has no 10-bit mode); each direction of a transfer moves at most 8 bytes (the
 * controller's FIFO; longer transfers are EINVAL). read() and write() on the descriptor address the default target.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <applibs/sphaera_abi.h>

#define I2C_BUS_SPEED_STANDARD 100000   /* 100 kHz */
#define I2C_BUS_SPEED_FAST 400000       /* 400 kHz */
#define I2C_BUS_SPEED_FAST_PLUS 1000000 /* 1 MHz */
#define I2C_BUS_SPEED_HIGH 3400000      /* 3.4 MHz: not supported by the MT3620 (EINVAL) */

typedef int I2C_InterfaceId;
typedef uint32_t I2C_DeviceAddress;

SPHAERA_IMPORT(I2CMaster_Open) int sphaera_I2CMaster_Open(int id);
SPHAERA_IMPORT(I2CMaster_SetBusSpeed) int sphaera_I2CMaster_SetBusSpeed(int fd, uint32_t speedInHz);
SPHAERA_IMPORT(I2CMaster_SetTimeout) int sphaera_I2CMaster_SetTimeout(int fd, uint32_t timeoutInMs);
SPHAERA_IMPORT(I2CMaster_SetDefaultTargetAddress) int sphaera_I2CMaster_SetDefaultTargetAddress(int fd, uint32_t address);
SPHAERA_IMPORT(I2CMaster_Read) int sphaera_I2CMaster_Read(int fd, uint32_t address, uint8_t *buffer, size_t maxLength);
SPHAERA_IMPORT(I2CMaster_Write) int sphaera_I2CMaster_Write(int fd, uint32_t address, const uint8_t *data, size_t length);
SPHAERA_IMPORT(I2CMaster_WriteThenRead) int sphaera_I2CMaster_WriteThenRead(int fd, uint32_t address,
                                                                            const uint8_t *writeData, size_t lenWriteData,
                                                                            uint8_t *readData, size_t lenReadData);

/*
 * A file descriptor for the interface, or -1 with errno ENODEV (no such ISU), EACCES (not in the manifest's I2cMaster
 * list, or the ISU is not the A7's) or EBUSY (this app has it open).
 */
static inline int I2CMaster_Open(I2C_InterfaceId id)
{
    return sphaera_result(sphaera_I2CMaster_Open(id));
}

/* 0, or -1 with errno EBADF (not an open I2C master) or EINVAL (a speed other than 50, 100, 200, 400 kHz or 1 MHz). */
static inline int I2CMaster_SetBusSpeed(int fd, uint32_t speedInHz)
{
    return sphaera_result(sphaera_I2CMaster_SetBusSpeed(fd, speedInHz)) < 0 ? -1 : 0;
}

/* 0, or -1 with errno EBADF or EINVAL (a timeout of 0). */
static inline int I2CMaster_SetTimeout(int fd, uint32_t timeoutInMs)
{
    return sphaera_result(sphaera_I2CMaster_SetTimeout(fd, timeoutInMs)) < 0 ? -1 : 0;
}

/* 0, or -1 with errno EBADF or EINVAL (not a 7-bit address). Does not check that a device answers there. */
static inline int I2CMaster_SetDefaultTargetAddress(int fd, I2C_DeviceAddress address)
{
    return sphaera_result(sphaera_I2CMaster_SetDefaultTargetAddress(fd, address)) < 0 ? -1 : 0;
}

/*
 * The bytes read, or -1 with errno EBADF, ENXIO (no device acknowledged), EBUSY (the bus is held low), ETIMEDOUT,
 * EINVAL (not a 7-bit address, or more than 8 bytes) or EFAULT (no buffer).
 */
static inline ssize_t I2CMaster_Read(int fd, I2C_DeviceAddress address, uint8_t *buffer, size_t maxLength)
{
    if (buffer == 0 && maxLength > 0) {
        errno = EFAULT;
        return -1;
    }
    return sphaera_result(sphaera_I2CMaster_Read(fd, address, buffer, maxLength));
}

/* The bytes written, or -1 with errno as for I2CMaster_Read. */
static inline ssize_t I2CMaster_Write(int fd, I2C_DeviceAddress address, const uint8_t *data, size_t length)
{
    if (data == 0 && length > 0) {
        errno = EFAULT;
        return -1;
    }
    return sphaera_result(sphaera_I2CMaster_Write(fd, address, data, length));
}

/* One transaction (start, write, repeated start, read, stop): the bytes written and read, or -1 as for the others. */
static inline ssize_t I2CMaster_WriteThenRead(int fd, I2C_DeviceAddress address, const uint8_t *writeData,
                                              size_t lenWriteData, uint8_t *readData, size_t lenReadData)
{
    if ((writeData == 0 && lenWriteData > 0) || (readData == 0 && lenReadData > 0)) {
        errno = EFAULT;
        return -1;
    }
    return sphaera_result(sphaera_I2CMaster_WriteThenRead(fd, address, writeData, lenWriteData, readData,
                                                          lenReadData));
}
