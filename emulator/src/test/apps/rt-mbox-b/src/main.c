/* Real-time app B: answers each pair from the other I/O core through the M4-to-M4 mailbox with its own. */
#include <stdbool.h>
#include <stdio.h>
#include <rt/debug_uart.h>
#include <rt/mt3620.h>

#define MBOX 0x21060000u
#define INT_EN 0x38
#define INT_STS 0x3C
#define CMD_POST 0x40
#define DATA_POST 0x44
#define CMD_ACPT 0x50
#define DATA_ACPT 0x54
#define ACPT_CNT 0x58
#define INT_WROTE 0x2u
#define IRQ_WROTE 14

static volatile bool posted;

static void OnWrote(void)
{
    WriteReg32(MBOX, INT_STS, INT_WROTE);
    posted = true;
}

static const IrqHandler vectors[32] = {[IRQ_WROTE] = OnWrote};
SPHAERA_INTERRUPT_VECTORS(vectors)

int main(void)
{
    DebugUart_Init();
    WriteReg32(MBOX, INT_EN, INT_WROTE);
    EnableNvicInterrupt(IRQ_WROTE);
    for (;;) {
        __disable_irq();
        if (!posted) {
            __WFI();
        }
        posted = false;
        __enable_irq();
        while (ReadReg32(MBOX, ACPT_CNT) > 0) {
            uint32_t data = ReadReg32(MBOX, DATA_ACPT);
            uint32_t cmd = ReadReg32(MBOX, CMD_ACPT);
            char line[64];
            snprintf(line, sizeof line, "B got %08x %u\r\n", (unsigned)cmd, (unsigned)data);
            DebugUart_Write(line);
            WriteReg32(MBOX, DATA_POST, data * 10);
            WriteReg32(MBOX, CMD_POST, 0xBBBBBB00u | data);
        }
    }
}
