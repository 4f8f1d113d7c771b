/* Echoes each message from the high-level app straight back, with nothing else in the way (the benchmark's peer). */
#include <stdbool.h>
#include <rt/intercore.h>
#include <rt/mt3620.h>

static volatile bool waiting;

static void OnMailbox(void)
{
    waiting = true;
    IntercoreAcknowledgeIrq();
}

static const IrqHandler vectors[16] = {[MAILBOX_IRQ] = OnMailbox};
SPHAERA_INTERRUPT_VECTORS(vectors)

int main(void)
{
    IntercoreComm icc;
    IntercoreSetup(&icc);
    for (;;) {
        __disable_irq();
        if (!waiting) {
            __WFI();
        }
        waiting = false;
        __enable_irq();
        for (;;) {
            ComponentId sender;
            uint8_t data[INTERCORE_MAX_PAYLOAD_LEN];
            size_t size = sizeof data;
            if (IntercoreRecv(&icc, &sender, data, &size) != Intercore_OK) {
                break;
            }
            IntercoreSend(&icc, &sender, data, size);
        }
    }
}
