/*
 * UART for high-level apps, as the platform's applibs/uart.h declares it (UART_STRUCTS_VERSION 1). The manifest's
 * "Uart" list ("ISU0".."ISU4") is the grant; IDs are the hardware definition's main-core header values,
 * MT3620_ISU0_UART = 4 .. MT3620_ISU4_UART = 8. Read and write the descriptor with read() and write(); it is
 * non-blocking (the platform's only mode): a read with nothing received fails with EAGAIN, and the event loop sees the
 * descriptor readable when bytes wait.
 */
#pragma once

#include <stdint.h>
#include <applibs/sphaera_abi.h>

#ifndef UART_STRUCTS_VERSION
#define UART_STRUCTS_VERSION 1
#endif

typedef int UART_Id;
typedef uint32_t UART_BaudRate_Type;
typedef uint8_t UART_BlockingMode_Type;
typedef uint8_t UART_DataBits_Type;
typedef uint8_t UART_Parity_Type;
typedef uint8_t UART_StopBits_Type;
typedef uint8_t UART_FlowControl_Type;

#define z__UART_CONFIG_MAGIC 0xde2a0000

struct z__UART_Config_v1 {
    uint32_t z__magicAndVersion; /* written by UART_InitConfig; do not edit */
    UART_BaudRate_Type baudRate;
    UART_BlockingMode_Type blockingMode;
    UART_DataBits_Type dataBits;
    UART_Parity_Type parity;
    UART_StopBits_Type stopBits;
    UART_FlowControl_Type flowControl;
};

#if UART_STRUCTS_VERSION == 1
typedef struct z__UART_Config_v1 UART_Config;
#else
#error To use applibs/uart.h you must first #define a supported UART_STRUCTS_VERSION
#endif

typedef enum {
    UART_BlockingMode_NonBlocking = 0,
} UART_BlockingMode;

typedef enum {
    UART_DataBits_Five = 5,
    UART_DataBits_Six = 6,
    UART_DataBits_Seven = 7,
    UART_DataBits_Eight = 8
} UART_DataBits;

typedef enum {
    UART_Parity_None = 0,
    UART_Parity_Even = 1,
    UART_Parity_Odd = 2
} UART_Parity;

typedef enum {
    UART_StopBits_One = 1,
    UART_StopBits_Two = 2
} UART_StopBits;

/* Flow control is accepted and has no effect: the model has no RTS/CTS lines. */
typedef enum {
    UART_FlowControl_None = 0,
    UART_FlowControl_RTSCTS = 1,
    UART_FlowControl_XONXOFF = 2
} UART_FlowControl;

SPHAERA_IMPORT(UART_Open) int sphaera_UART_Open(int uartId, uint32_t magicAndVersion, uint32_t baudRate,
                                                int blockingMode, int dataBits, int parity, int stopBits,
                                                int flowControl);

/* The defaults: 115200 baud, 8 data bits, no parity, one stop bit, no flow control, non-blocking. */
static inline void UART_InitConfig(UART_Config *uartConfig)
{
    if (uartConfig == 0) {
        return;
    }
    uartConfig->z__magicAndVersion = z__UART_CONFIG_MAGIC | UART_STRUCTS_VERSION;
    uartConfig->baudRate = 115200;
    uartConfig->blockingMode = UART_BlockingMode_NonBlocking;
    uartConfig->dataBits = UART_DataBits_Eight;
    uartConfig->parity = UART_Parity_None;
    uartConfig->stopBits = UART_StopBits_One;
    uartConfig->flowControl = UART_FlowControl_None;
}

/*
 * A file descriptor for the UART, or -1 with errno ENODEV (no such UART), EACCES (not in the manifest's Uart list, or
 * the ISU is not the A7's), EBUSY (this app has it open), EINVAL (a config UART_InitConfig did not make, or a setting
 * the hardware cannot do) or EFAULT (no config).
 */
static inline int UART_Open(UART_Id uartId, const UART_Config *uartConfig)
{
    if (uartConfig == 0) {
        errno = EFAULT;
        return -1;
    }
    return sphaera_result(sphaera_UART_Open(uartId, uartConfig->z__magicAndVersion, uartConfig->baudRate,
                                            uartConfig->blockingMode, uartConfig->dataBits, uartConfig->parity,
                                            uartConfig->stopBits, uartConfig->flowControl));
}
