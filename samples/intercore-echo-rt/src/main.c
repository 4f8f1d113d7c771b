/*
 * The inter-core echo sample, real-time side: waits for messages from the high-level app through the mailbox and
 * sends each back, upper-cased, to the app that sent it; it says what it does on the core's debug UART.
 * Built for wasm32 and run on an I/O core by Sphaera: registers through ReadReg32/WriteReg32 (sdk/include/rt).
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <rt/debug_uart.h>
#include <rt/intercore.h>
#include <rt/mt3620.h>

static volatile bool messageWaiting;

static void OnMailbox(void)
{
    messageWaiting = true;
    IntercoreAcknowledgeIrq();
}

static const IrqHandler vectors[16] = {[MAILBOX_IRQ] = OnMailbox};
SPHAERA_INTERRUPT_VECTORS(vectors)

int main(void)
{
    IntercoreComm icc;
    DebugUart_Init();
    DebugUart_Write("IntercoreEcho_RTApp: waiting for the A7's buffers\r\n");
    IntercoreSetup(&icc);
    DebugUart_Write("IntercoreEcho_RTApp: ready\r\n");
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
                DebugUart_Write(line);
                break;
            }
            text[size] = '\0';
            for (size_t i = 0; i < size; i++) {
                text[i] = (char)toupper((unsigned char)text[i]);
            }
            char line[INTERCORE_MAX_PAYLOAD_LEN + 32];
            snprintf(line, sizeof line, "echo %zu bytes: %s\r\n", size, text);
            DebugUart_Write(line);
            r = IntercoreSend(&icc, &sender, text, size);
            if (r != Intercore_OK) {
                snprintf(line, sizeof line, "IntercoreSend failed: %d\r\n", (int)r);
                DebugUart_Write(line);
            }
        }
    }
}
