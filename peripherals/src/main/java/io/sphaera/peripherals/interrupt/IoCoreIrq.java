package io.sphaera.peripherals.interrupt;

/**
 * The external interrupt numbers (NVIC IRQ n, vector 16 + n) of an MT3620 I/O core, from the I/O-core branch of
 * MediaTek's {@code MT3620_M4_BSP/CMSIS/include/irq.h} (the branch without {@code M4SC_ENABLE}; that other branch
 * numbers the security core's NVIC, where GPT is 3 and the A7 software interrupt 28). The Azure IntercoreComms
 * sample agrees: it enables IRQ 1 for GPT0/GPT1 and IRQ 11 for the mailbox.
 */
public final class IoCoreIrq {
    /** GPT0 and GPT1 share this line ({@code CM4_IRQ_GPT}). */
    public static final int GPT = 1;
    /** GPT3, the 1 MHz one-shot timer ({@code CM4_IRQ_GPT3}). */
    public static final int GPT3 = 2;
    /** This core's watchdog timed out in interrupt mode ({@code CM4_IRQ_WDT_M4_IO}). */
    public static final int WATCHDOG = 3;
    /** The A7 read what this core posted ({@code CM4_IRQ_M42A7N_RD}). */
    public static final int MAILBOX_A7_READ = 6;
    /** The FIFO towards the A7 is not full ({@code CM4_IRQ_M42A7N_NF}). */
    public static final int MAILBOX_A7_NOT_FULL = 7;
    /** The A7 wrote into the FIFO towards this core ({@code CM4_IRQ_A7N2M4_WR}). */
    public static final int MAILBOX_A7_WROTE = 8;
    /** The FIFO from the A7 is not empty ({@code CM4_IRQ_A7N2M4_NE}). */
    public static final int MAILBOX_A7_NOT_EMPTY = 9;
    /** The A7 raised a mailbox software interrupt ({@code CM4_IRQ_A7N2M4_SW}); the Azure sample's IRQ 11. */
    public static final int MAILBOX_A7_SOFTWARE = 11;
    /** The other I/O core read what this core posted ({@code CM4_IRQ_M42M4_RD}). */
    public static final int MAILBOX_IO_CORE_READ = 12;
    /** The FIFO towards the other I/O core is not full ({@code CM4_IRQ_M42M4_NF}). */
    public static final int MAILBOX_IO_CORE_NOT_FULL = 13;
    /** The other I/O core wrote into the FIFO towards this core ({@code CM4_IRQ_M42M4_WR}). */
    public static final int MAILBOX_IO_CORE_WROTE = 14;
    /** The FIFO from the other I/O core is not empty ({@code CM4_IRQ_M42M4_NE}). */
    public static final int MAILBOX_IO_CORE_NOT_EMPTY = 15;
    /** The other I/O core raised a mailbox software interrupt ({@code CM4_IRQ_M42M4_SW}). */
    public static final int MAILBOX_IO_CORE_SOFTWARE = 17;
    /** The highest number the BSP uses on an I/O core ({@code CM4_IRQ_MAX} is 77; 78 and 79 are debug power). */
    public static final int HIGHEST_USED = 79;

    private IoCoreIrq() {
    }
}
