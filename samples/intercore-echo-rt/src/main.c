/*
 * The inter-core echo sample, real-time side: waits for messages from the high-level app through the mailbox and
 * sends each back, upper-cased, to the app that sent it; it says what it does on the core's debug UART.
 * Built for wasm32 and run on an I/O core by Sphaera: registers through ReadReg32/WriteReg32 (sdk/include/rt).
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <rt/intercore.h>
#include <rt/mt3620.h>

#define DEBUG_UART 0x21040000u
#define UART_THR 0x00
#define UART_LSR 0x14
#define UART_LSR_THRE 0x20u

static volatile bool messageWaiting;

static void OnMailbox(void)
{
    messageWaiting = true;
    IntercoreAcknowledgeIrq();
}

static const IrqHandler vectors[16] = {[MAILBOX_IRQ] = OnMailbox};
SPHAERA_INTERRUPT_VECTORS(vectors)

/* 115200-8-N-1 from the core's 26 MHz clock, as the platform's samples set the debug UART up. */
static void UartInit(void)
{
    WriteReg32(DEBUG_UART, 0x0C, 0x80); /* LCR: the divisor latch */
    WriteReg32(DEBUG_UART, 0x24, 0x3);  /* HIGHSPEED */
    WriteReg32(DEBUG_UART, 0x04, 0);    /* DLM */
    WriteReg32(DEBUG_UART, 0x00, 1);    /* DLL */
    WriteReg32(DEBUG_UART, 0x28, 224);  /* SAMPLE_COUNT */
    WriteReg32(DEBUG_UART, 0x2C, 110);  /* SAMPLE_POINT */
    WriteReg32(DEBUG_UART, 0x58, 0);    /* FRACDIV_M */
    WriteReg32(DEBUG_UART, 0x54, 223);  /* FRACDIV_L */
    WriteReg32(DEBUG_UART, 0x0C, 0x03); /* LCR: 8 data bits, no parity, 1 stop bit */
}

static void UartWrite(const char *text)
{
    for (; *text; text++) {
        while ((ReadReg32(DEBUG_UART, UART_LSR) & UART_LSR_THRE) == 0) {
            /* the transmitter is busy */
        }
        WriteReg32(DEBUG_UART, UART_THR, (uint8_t)*text);
    }
}

int main(void)
{
    IntercoreComm icc;
    UartInit();
    UartWrite("IntercoreEcho_RTApp: waiting for the A7's buffers\r\n");
    IntercoreSetup(&icc);
    UartWrite("IntercoreEcho_RTApp: ready\r\n");
    for (;;) {
        __disable_irq();
        if (!messageWaiting) {
            __WFI(); /* an interrupt pending while masked still wakes the core */
        }
        messageWaiting = false;
        __enable_irq();
        for (;;) {
            ComponentId sender;
            char text[INTERCORE_MAX_PAYLOAD_LEN + 1];
            size_t size = INTERCORE_MAX_PAYLOAD_LEN;
            IntercoreResult r = IntercoreRecv(&icc, &sender, text, &size);
            if (r == Intercore_Recv_NoBlockSize) {
                break;
            }
            if (r != Intercore_OK) {
                char line[64];
                snprintf(line, sizeof line, "IntercoreRecv failed: %d\r\n", (int)r);
                UartWrite(line);
                break;
            }
            text[size] = '\0';
            for (size_t i = 0; i < size; i++) {
                text[i] = (char)toupper((unsigned char)text[i]);
            }
            char line[INTERCORE_MAX_PAYLOAD_LEN + 32];
            snprintf(line, sizeof line, "echo %zu bytes: %s\r\n", size, text);
            UartWrite(line);
            r = IntercoreSend(&icc, &sender, text, size);
            if (r != Intercore_OK) {
                snprintf(line, sizeof line, "IntercoreSend failed: %d\r\n", (int)r);
                UartWrite(line);
            }
        }
    }
}
