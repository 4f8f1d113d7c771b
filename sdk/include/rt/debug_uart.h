/*
 * Sphaera: an I/O core's debug UART (0x21040000), polled, as the platform's real-time samples use it for their
 * output: 115200-8-N-1 from the core's 26 MHz clock. What an app writes here is its core's console.
 */
#ifndef SPHAERA_RT_DEBUG_UART_H
#define SPHAERA_RT_DEBUG_UART_H

#include <stdint.h>
#include <stdio.h>
#include <rt/mt3620.h>

#define DEBUG_UART_BASE 0x21040000u

static inline void DebugUart_Init(void)
{
    WriteReg32(DEBUG_UART_BASE, 0x0C, 0x80); /* LCR: the divisor latch */
    WriteReg32(DEBUG_UART_BASE, 0x24, 0x3);  /* HIGHSPEED */
    WriteReg32(DEBUG_UART_BASE, 0x04, 0);    /* DLM */
    WriteReg32(DEBUG_UART_BASE, 0x00, 1);    /* DLL */
    WriteReg32(DEBUG_UART_BASE, 0x28, 224);  /* SAMPLE_COUNT */
    WriteReg32(DEBUG_UART_BASE, 0x2C, 110);  /* SAMPLE_POINT */
    WriteReg32(DEBUG_UART_BASE, 0x58, 0);    /* FRACDIV_M */
    WriteReg32(DEBUG_UART_BASE, 0x54, 223);  /* FRACDIV_L */
    WriteReg32(DEBUG_UART_BASE, 0x0C, 0x03); /* LCR: 8 data bits, no parity, 1 stop bit */
}

static inline void DebugUart_Write(const char *text)
{
    for (; *text; text++) {
        while ((ReadReg32(DEBUG_UART_BASE, 0x14) & 0x20u) == 0) {
            /* LSR: the transmitter is busy */
        }
        WriteReg32(DEBUG_UART_BASE, 0x00, (uint8_t)*text);
    }
}

#endif
