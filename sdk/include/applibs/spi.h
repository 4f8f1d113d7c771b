/*
 * SPI master for high-level apps, as the platform's applibs/spi.h declares it (SPI_STRUCTS_VERSION 1). The manifest's
 * "SpiMaster" list ("ISU0".."ISU4") is the grant; IDs are the hardware definition's main-core header values,
 * MT3620_ISUn_SPI = n, chip selects MT3620_SPI_CS_A = -1 and MT3620_SPI_CS_B = -2. One transaction holds chip select
 * across its transfers and is what the controller does in one go: writes first (at most 36 bytes: a 1-4 byte command
 * and 32 data bytes), then at most one read of up to 32 bytes; anything else is EINVAL. Full duplex is not offered,
 * as on the platform. read() and write() on the descriptor are one read or one write transaction.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <applibs/sphaera_abi.h>

#ifndef SPI_STRUCTS_VERSION
#define SPI_STRUCTS_VERSION 1
#endif

#define SPI_MASTER_MAX_TRANSFERS 256

typedef int SPI_InterfaceId;
typedef int SPI_ChipSelectId;

typedef enum SPI_Mode {
    SPI_Mode_Invalid = 0x0,
    SPI_Mode_0 = 0x1, /* CPOL 0, CPHA 0 */
    SPI_Mode_1 = 0x2, /* CPOL 0, CPHA 1 */
    SPI_Mode_2 = 0x3, /* CPOL 1, CPHA 0 */
    SPI_Mode_3 = 0x4  /* CPOL 1, CPHA 1 */
} SPI_Mode;

typedef enum SPI_BitOrder {
    SPI_BitOrder_Invalid = 0x0,
    SPI_BitOrder_LsbFirst = 0x1,
    SPI_BitOrder_MsbFirst = 0x2
} SPI_BitOrder;

/* Active high is refused with ENOTSUP: the driver sets every chip select active low. */
typedef enum SPI_ChipSelectPolarity {
    SPI_ChipSelectPolarity_Invalid = 0x0,
    SPI_ChipSelectPolarity_ActiveLow = 0x1,
    SPI_ChipSelectPolarity_ActiveHigh = 0x2
} SPI_ChipSelectPolarity;

typedef enum SPI_TransferFlags {
    SPI_TransferFlags_None = 0x0,
    SPI_TransferFlags_Read = 0x1,
    SPI_TransferFlags_Write = 0x2
} SPI_TransferFlags;

#define z__SPIMASTER_CONFIG_MAGIC 0x45170000U
#define z__SPIMASTER_TRANSFER_MAGIC 0x22130000U

struct z__SPIMaster_Config_v1 {
    uint32_t z__magicAndVersion; /* written by SPIMaster_InitConfig; do not edit */
    SPI_ChipSelectPolarity csPolarity;
};

struct z__SPIMaster_Transfer_v1 {
    uint32_t z__magicAndVersion; /* written by SPIMaster_InitTransfers; do not edit */
    SPI_TransferFlags flags;
    const uint8_t *writeData;
    uint8_t *readData;
    size_t length;
};

#if SPI_STRUCTS_VERSION == 1
typedef struct z__SPIMaster_Config_v1 SPIMaster_Config;
typedef struct z__SPIMaster_Transfer_v1 SPIMaster_Transfer;
#else
#error To use applibs/spi.h you must first #define a supported SPI_STRUCTS_VERSION
#endif

SPHAERA_IMPORT(SPIMaster_Open) int sphaera_SPIMaster_Open(int interfaceId, int chipSelectId, uint32_t magicAndVersion,
                                                          int csPolarity);
SPHAERA_IMPORT(SPIMaster_SetBusSpeed) int sphaera_SPIMaster_SetBusSpeed(int fd, uint32_t speedInHz);
SPHAERA_IMPORT(SPIMaster_SetMode) int sphaera_SPIMaster_SetMode(int fd, int mode);
SPHAERA_IMPORT(SPIMaster_SetBitOrder) int sphaera_SPIMaster_SetBitOrder(int fd, int order);
SPHAERA_IMPORT(SPIMaster_TransferSequential) int sphaera_SPIMaster_TransferSequential(int fd,
                                                                                      const SPIMaster_Transfer *transfers,
                                                                                      size_t transferCount);

/* The defaults: chip select active low. 0, or -1 with errno EFAULT (no config). */
static inline int SPIMaster_InitConfig(SPIMaster_Config *config)
{
    if (config == 0) {
        errno = EFAULT;
        return -1;
    }
    config->z__magicAndVersion = z__SPIMASTER_CONFIG_MAGIC | SPI_STRUCTS_VERSION;
    config->csPolarity = SPI_ChipSelectPolarity_ActiveLow;
    return 0;
}

/*
 * A file descriptor for the interface with that chip select (mode 0, MSB first, 1 MHz), or -1 with errno ENODEV (no
 * such ISU), EACCES (not in the manifest's SpiMaster list, or the ISU is not the A7's), EINVAL (another chip select, or
 * a config SPIMaster_InitConfig did not make), ENOTSUP (active-high chip select), EBUSY (this app has that chip select
 * open) or EFAULT (no config).
 */
static inline int SPIMaster_Open(SPI_InterfaceId interfaceId, SPI_ChipSelectId chipSelectId,
                                 const SPIMaster_Config *config)
{
    if (config == 0) {
        errno = EFAULT;
        return -1;
    }
    return sphaera_result(sphaera_SPIMaster_Open(interfaceId, chipSelectId, config->z__magicAndVersion,
                                                 config->csPolarity));
}

/* The most the clock may run at: above 40 MHz it runs at 40 MHz. 0, or -1 with errno EBADF or EINVAL (too slow). */
static inline int SPIMaster_SetBusSpeed(int fd, uint32_t speedInHz)
{
    return sphaera_result(sphaera_SPIMaster_SetBusSpeed(fd, speedInHz)) < 0 ? -1 : 0;
}

/* 0, or -1 with errno EBADF or EINVAL (not SPI_Mode_0..3). */
static inline int SPIMaster_SetMode(int fd, SPI_Mode mode)
{
    return sphaera_result(sphaera_SPIMaster_SetMode(fd, mode)) < 0 ? -1 : 0;
}

/* 0, or -1 with errno EBADF or EINVAL (not LsbFirst or MsbFirst). */
static inline int SPIMaster_SetBitOrder(int fd, SPI_BitOrder order)
{
    return sphaera_result(sphaera_SPIMaster_SetBitOrder(fd, order)) < 0 ? -1 : 0;
}

/* Each transfer's defaults: no flags, no buffers, length 0. 0, or -1 with errno EFAULT (no transfers). */
static inline int SPIMaster_InitTransfers(SPIMaster_Transfer *transfers, size_t transferCount)
{
    if (transfers == 0 && transferCount > 0) {
        errno = EFAULT;
        return -1;
    }
    for (size_t i = 0; i < transferCount; i++) {
        transfers[i].z__magicAndVersion = z__SPIMASTER_TRANSFER_MAGIC | SPI_STRUCTS_VERSION;
        transfers[i].flags = SPI_TransferFlags_None;
        transfers[i].writeData = 0;
        transfers[i].readData = 0;
        transfers[i].length = 0;
    }
    return 0;
}

/*
 * The transfers as one transaction: the bytes written and read, or -1 with errno EBADF (not an open SPI master),
 * EINVAL (no transfers, more than SPI_MASTER_MAX_TRANSFERS, flags other than Read or Write, a length of 0, a transfer
 * after the read, more than the controller moves at once, or transfers InitTransfers did not make), EFAULT (a
 * buffer that is NULL or not the app's) or EACCES (the ISU is not the A7's).
 */
static inline ssize_t SPIMaster_TransferSequential(int fd, const SPIMaster_Transfer *transfers, size_t transferCount)
{
    if (transfers == 0) {
        errno = EFAULT;
        return -1;
    }
    for (size_t i = 0; i < transferCount; i++) {
        if ((transfers[i].flags == SPI_TransferFlags_Write && transfers[i].writeData == 0)
            || (transfers[i].flags == SPI_TransferFlags_Read && transfers[i].readData == 0)) {
            errno = EFAULT;
            return -1;
        }
    }
    return sphaera_result(sphaera_SPIMaster_TransferSequential(fd, transfers, transferCount));
}

/* A write, then a read, in one transaction, as the platform's header writes it. */
static inline ssize_t SPIMaster_WriteThenRead(int fd, const uint8_t *writeData, size_t lenWriteData, uint8_t *readData,
                                              size_t lenReadData)
{
    SPIMaster_Transfer transfers[2];
    if (writeData == 0 || readData == 0) {
        errno = EFAULT;
        return -1;
    }
    if (lenWriteData == 0 || lenReadData == 0) {
        errno = EINVAL;
        return -1;
    }
    if (SPIMaster_InitTransfers(transfers, 2) < 0) {
        return -1;
    }
    transfers[0].flags = SPI_TransferFlags_Write;
    transfers[0].writeData = writeData;
    transfers[0].length = lenWriteData;
    transfers[1].flags = SPI_TransferFlags_Read;
    transfers[1].readData = readData;
    transfers[1].length = lenReadData;
    return SPIMaster_TransferSequential(fd, transfers, 2);
}
