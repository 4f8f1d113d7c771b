/*
 * A real-time app that waits for interrupts: it enables IRQ 11, sleeps in WFI, and its handler reports each
 * interrupt by writing a register; after three it writes "done" and returns.
 */
#include <rt/mt3620.h>

#define REPORT 0x21050014u
#define DONE 0x38000000u

static volatile int taken;

static void OnMailbox(void)
{
    taken++;
    WriteReg32(REPORT, 0, (uint32_t)taken);
}

static const IrqHandler vectors[32] = {[11] = OnMailbox};
SPHAERA_INTERRUPT_VECTORS(vectors)

int main(void)
{
    SetNvicPriority(11, 2);
    EnableNvicInterrupt(11);
    while (taken < 3) {
        __WFI();
    }
    WriteReg32(DONE, 0, 0xd0e);
    return 0;
}
