/* Real-time app B: answers each pair from the other I/O core through the M4-to-M4 mailbox with its own. */
#include <stdbool.h>
#include <stdio.h>
#include <rt/debug_uart.h>
#include <rt/io_mailbox.h>
#include <rt/mt3620.h>


static volatile bool posted;

static void OnWrote(void)
{
    WriteReg32(IO_MAILBOX_BASE, IO_MAILBOX_INT_STS, IO_MAILBOX_INT_WROTE);
    posted = true;
}

static const IrqHandler vectors[32] = {[IO_MAILBOX_IRQ_WROTE] = OnWrote};
SPHAERA_INTERRUPT_VECTORS(vectors)

int main(void)
{
    DebugUart_Init();
    WriteReg32(IO_MAILBOX_BASE, IO_MAILBOX_INT_EN, IO_MAILBOX_INT_WROTE);
    EnableNvicInterrupt(IO_MAILBOX_IRQ_WROTE);
    for (;;) {
        __disable_irq();
        if (!posted) {
            __WFI();
        }
        posted = false;
        __enable_irq();
        while (ReadReg32(IO_MAILBOX_BASE, IO_MAILBOX_ACPT_CNT) > 0) {
            uint32_t data = ReadReg32(IO_MAILBOX_BASE, IO_MAILBOX_DATA_ACPT);
            uint32_t cmd = ReadReg32(IO_MAILBOX_BASE, IO_MAILBOX_CMD_ACPT);
            char line[64];
            snprintf(line, sizeof line, "B got %08x %u\r\n", (unsigned)cmd, (unsigned)data);
            DebugUart_Write(line);
            WriteReg32(IO_MAILBOX_BASE, IO_MAILBOX_DATA_POST, data * 10);
            WriteReg32(IO_MAILBOX_BASE, IO_MAILBOX_CMD_POST, 0xBBBBBB00u | data);
        }
    }
}
