package io.sphaera.peripherals.mailbox;

import io.sphaera.peripherals.bus.RegisterBlock;
import io.sphaera.peripherals.interrupt.IoCoreIrq;
import io.sphaera.peripherals.interrupt.Nvic;
import io.sphaera.peripherals.mt3620.Core;
import java.util.Objects;

/**
 * The mailbox between the two I/O cores (MediaTek's channel 1, {@code MBOX_IO0_IO1_CHANNEL}): one device with two
 * ends, each I/O core seeing its own at 0x21060000 ({@code IoCoreBlock.MAILBOX_TO_IO_CORE}). The registers of an end
 * are those of {@code hdl_mbox.c}, named as there:
 * <ul>
 * <li>Two FIFOs of {@link #FIFO_DEPTH} (command, data) pairs, one each way. An end posts with {@link #DATA_POST}
 *     then {@link #CMD_POST} (the command write posts the pair; data 0 if DATA_POST was not written since) and
 *     counts its unread posts in {@link #POST_CNT}. It takes what the other end posted with {@link #DATA_ACPT}
 *     (the oldest pair's data, not popped) then {@link #CMD_ACPT} (which pops), counted in {@link #ACPT_CNT}. A post
 *     into a full FIFO is lost ({@code mtk_mhal_mbox_fifo_write} checks POST_CNT first); an empty FIFO reads 0.
 * <li>Software interrupts: a write of {@code 1 << id} to {@link #SW_INT_PORT} sets those bits of the other end's
 *     {@link #SW_INT_STS} (write 1 to clear); while {@code STS & EN} ({@link #SW_INT_EN}) is not zero that core's
 *     {@link IoCoreIrq#MAILBOX_IO_CORE_SOFTWARE} (IRQ 17) is asserted.
 * <li>FIFO interrupts ({@link #INT_EN}, {@link #INT_STS}): WR (the other end posted to this one, IRQ 14) and RD (the
 *     other end popped what this one posted, IRQ 12) latch until written as 1; NE (IRQ 15) and NF (IRQ 13) follow
 *     the FIFOs against {@link #NE_THRS} and {@link #NF_THRS}, as in {@link IntercoreMailbox}.
 * <li>{@link #GEN_CTRL}: {@link #GEN_CTRL_SOFT_RESET_MYSELF}, which the BSP writes when it opens the channel, resets
 *     this end's registers and leaves the pairs in flight; {@link #GEN_CTRL_SOFT_RESET} resets the whole device.
 * </ul>
 * The version register (+0x00) and the semaphore (+0x60, "only used between CA7 and CM4") are not modelled. Each
 * line is a level on that core's NVIC, which latches it.
 *
 * <p>Not thread-safe: both cores' accesses run on the device's executor thread only, so no locking.
 */
public final class IoCoreMailbox {
    /** Pairs each FIFO holds ({@code MBOX_CHANNEL_FIFO_DEPTH}). */
    public static final int FIFO_DEPTH = 15;
    /** Software interrupt bits per direction ({@code MBOX_NUM_SW_INT}). */
    public static final int SOFTWARE_INTERRUPTS = 8;

    public static final int GEN_CTRL = 0x04;
    /** Write {@code 1 << id}: raise software interrupt {@code id} at the other end. Reads 0. */
    public static final int SW_INT_PORT = 0x14;
    /** Which software interrupts from the other end assert IRQ 17. */
    public static final int SW_INT_EN = 0x18;
    /** Software interrupts raised by the other end; write 1 to clear. */
    public static final int SW_INT_STS = 0x1C;
    /** Non-full threshold, 4 bits ({@code MBOX_THRS_MASK}). */
    public static final int NF_THRS = 0x30;
    /** Non-empty threshold, 4 bits. */
    public static final int NE_THRS = 0x34;
    public static final int INT_EN = 0x38;
    /** FIFO interrupt status; WR and RD are write 1 to clear. */
    public static final int INT_STS = 0x3C;
    public static final int CMD_POST = 0x40;
    public static final int DATA_POST = 0x44;
    /** Pairs this end posted that the other end has not popped. Read-only. */
    public static final int POST_CNT = 0x48;
    /** The oldest pair's command; reading pops the pair. */
    public static final int CMD_ACPT = 0x50;
    /** The oldest pair's data; reading does not pop. */
    public static final int DATA_ACPT = 0x54;
    /** Pairs waiting for this end. Read-only. */
    public static final int ACPT_CNT = 0x58;

    /** GEN_CTRL {@code MBOX_SOFT_RST}: resets both ends and empties both FIFOs. */
    public static final int GEN_CTRL_SOFT_RESET = 1;
    /** GEN_CTRL {@code MBOX_SOFT_RST_MYSELF}: resets this end's registers ({@code mtk_hdl_mbox_reset}). */
    public static final int GEN_CTRL_SOFT_RESET_MYSELF = 1 << 1;

    /** INT_STS / INT_EN bits ({@code MBOX_INT_*_OFFSET}). */
    public static final int INT_NOT_EMPTY = 1;
    public static final int INT_WROTE = 1 << 1;
    public static final int INT_NOT_FULL = 1 << 2;
    public static final int INT_READ = 1 << 3;

    private final MailboxEnd io0;
    private final MailboxEnd io1;

    /**
     * @param io0Nvic the NVIC of I/O core 0, whose lines its end drives
     * @param io1Nvic the NVIC of I/O core 1
     */
    public IoCoreMailbox(Nvic io0Nvic, Nvic io1Nvic) {
        MailboxEnd.Lines lines = new MailboxEnd.Lines(IoCoreIrq.MAILBOX_IO_CORE_SOFTWARE, IoCoreIrq.MAILBOX_IO_CORE_WROTE,
                IoCoreIrq.MAILBOX_IO_CORE_READ, IoCoreIrq.MAILBOX_IO_CORE_NOT_EMPTY, IoCoreIrq.MAILBOX_IO_CORE_NOT_FULL);
        io0 = new MailboxEnd(Objects.requireNonNull(io0Nvic, "io0Nvic"), lines, "M4-M4 mailbox");
        io1 = new MailboxEnd(Objects.requireNonNull(io1Nvic, "io1Nvic"), lines, "M4-M4 mailbox");
        io0.wire(new Peer(io0, io1));
        io1.wire(new Peer(io1, io0));
        updateLines();
    }

    /** The registers {@code core} sees at 0x21060000; its {@code reset()} is GEN_CTRL's reset of that end. */
    public RegisterBlock end(Core core) {
        return endOf(core);
    }

    /** Resets both ends and empties both FIFOs, as GEN_CTRL's {@link #GEN_CTRL_SOFT_RESET} does. */
    public void reset() {
        io0.outbox.clear();
        io1.outbox.clear();
        io0.clearRegisters();
        io1.clearRegisters();
        updateLines();
    }

    /** Pairs {@code sender} posted that the other core has not popped. */
    public int queuedFrom(Core sender) {
        return endOf(sender).outbox.size();
    }

    private MailboxEnd endOf(Core core) {
        return switch (Objects.requireNonNull(core, "core")) {
            case IO0 -> io0;
            case IO1 -> io1;
            case A7 -> throw new IllegalArgumentException("the A7 has no end of the M4-to-M4 mailbox");
        };
    }

    private void updateLines() {
        io0.updateLines();
        io1.updateLines();
    }

    /** Beyond one core's end: the other core's, which accepts what it posts and posts what it accepts. */
    private final class Peer implements MailboxEnd.Beyond {
        private final MailboxEnd self;
        private final MailboxEnd other;

        Peer(MailboxEnd self, MailboxEnd other) {
            this.self = self;
            this.other = other;
        }

        @Override
        public java.util.Deque<MailboxMessage> inbox() {
            return other.outbox;
        }

        @Override
        public void softwarePort(int events) {
            other.softwareStatus |= events;
        }

        @Override
        public void generalControl(int value) {
            if ((value & GEN_CTRL_SOFT_RESET) != 0) {
                reset();
            } else if ((value & GEN_CTRL_SOFT_RESET_MYSELF) != 0) {
                self.clearRegisters();
            }
        }

        @Override
        public void accepted() {
            other.fifoLatched |= INT_READ;
        }

        @Override
        public void posted() {
            other.fifoLatched |= INT_WROTE;
        }

        @Override
        public void changed() {
            updateLines();
        }
    }
}
