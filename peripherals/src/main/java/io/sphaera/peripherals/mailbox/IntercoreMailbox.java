package io.sphaera.peripherals.mailbox;

import io.sphaera.peripherals.bus.RegisterBlock;
import io.sphaera.peripherals.interrupt.IoCoreIrq;
import io.sphaera.peripherals.interrupt.Nvic;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntConsumer;

/**
 * The mailbox between the A7 and one I/O core. The core sees its end as a register block at 0x21050000, with the
 * registers of MediaTek's {@code hdl_mbox.c} (names in brackets) that the Azure IntercoreComms sample uses under its
 * own names:
 * <ul>
 * <li>A FIFO of {@link #FIFO_DEPTH} (command, data) pairs from the A7: {@link #FIFO_POP_CNT} counts them, {@link
 *     #DATA_POP0} shows the oldest one's data and reading {@link #CMD_POP0} pops it, so a reader takes DATA first,
 *     as the sample and the MediaTek driver both do. An empty FIFO reads 0.
 * <li>A FIFO of pairs towards the A7: write {@link #DATA_POST}, then {@link #CMD_POST}, which posts the pair (data
 *     0 if DATA_POST was not written since); {@link #POST_CNT} counts them. A post into a full FIFO is lost (the
 *     driver checks POST_CNT first).
 * <li>Software interrupts: the A7 sets bits of {@link #SW_RX_INT_STS} (write 1 to clear); while {@code STS & EN}
 *     ({@link #SW_RX_INT_EN}) is not zero the line {@link IoCoreIrq#MAILBOX_A7_SOFTWARE} (IRQ 11) is asserted. The
 *     core rings the A7 by writing {@link #SW_TX_INT_PORT}.
 * <li>FIFO interrupts ({@link #INT_EN}, {@link #INT_STS}): WR (the A7 wrote) and RD (the A7 read) are latched until
 *     written as 1; NE and NF follow the FIFOs against {@link #NE_THRS} and {@link #NF_THRS}. Each has its own IRQ.
 * <li>{@link #GEN_CTRL}: writing either soft-reset bit puts this end back to its reset state, FIFOs emptied.
 * </ul>
 * The version register (+0x00) and the hardware semaphore (+0x60) are not modelled.
 *
 * <p>The A7's side is a Java API for the OS model: {@link #push}, {@link #signal}, {@link #takeFromIoCore} and the
 * listeners. Not thread-safe: both sides use it on the device's executor thread only.
 */
public final class IntercoreMailbox implements RegisterBlock {
    /** Entries each FIFO holds ({@code MBOX_CHANNEL_FIFO_DEPTH}). */
    public static final int FIFO_DEPTH = 15;
    /** Software interrupt bits per direction ({@code MBOX_NUM_SW_INT}). */
    public static final int SOFTWARE_INTERRUPTS = 8;

    /** [MBOX_GEN_CTRL] Soft reset. */
    public static final int GEN_CTRL = 0x04;
    /** [MBOX_SW_INT_PORT] The core raises software interrupt bits towards the A7. Write-only. */
    public static final int SW_TX_INT_PORT = 0x14;
    /** [MBOX_SW_INT_EN] Which software interrupts from the A7 assert IRQ 11. */
    public static final int SW_RX_INT_EN = 0x18;
    /** [MBOX_SW_INT_STS] Software interrupts raised by the A7; write 1 to clear. */
    public static final int SW_RX_INT_STS = 0x1C;
    /** [MBOX_NF_THRS_OFFSET] Non-full threshold, 4 bits. */
    public static final int NF_THRS = 0x30;
    /** [MBOX_NE_THRS_OFFSET] Non-empty threshold, 4 bits. */
    public static final int NE_THRS = 0x34;
    /** [MBOX_INT_EN_OFFSET] FIFO interrupt enables. */
    public static final int INT_EN = 0x38;
    /** [MBOX_INT_STS_OFFSET] FIFO interrupt status; WR and RD are write 1 to clear. */
    public static final int INT_STS = 0x3C;
    /** [MBOX_CMD_POST_OFFSET] Posts a pair towards the A7. */
    public static final int CMD_POST = 0x40;
    /** [MBOX_DATA_POST_OFFSET] The data word of the next post. */
    public static final int DATA_POST = 0x44;
    /** [MBOX_POST_CNT_OFFSET] Pairs waiting for the A7. */
    public static final int POST_CNT = 0x48;
    /** [MBOX_CMD_ACPT_OFFSET] The oldest pair's command; reading pops the pair. */
    public static final int CMD_POP0 = 0x50;
    /** [MBOX_DATA_ACPT_OFFSET] The oldest pair's data. */
    public static final int DATA_POP0 = 0x54;
    /** [MBOX_ACPT_CNT_OFFSET] Pairs waiting for this core. */
    public static final int FIFO_POP_CNT = 0x58;

    /** GEN_CTRL: reset both ends ({@code MBOX_SOFT_RST}); here it resets this end. */
    public static final int GEN_CTRL_SOFT_RESET = 1;
    /** GEN_CTRL: reset this end ({@code MBOX_SOFT_RST_MYSELF}), as {@code mtk_hdl_mbox_reset} writes. */
    public static final int GEN_CTRL_SOFT_RESET_MYSELF = 1 << 1;

    /** SW_RX_INT_STS: the high-level core sent to this core (the Azure sample's value). */
    public static final int RX_HL_CORE_SENT = 0x2;
    /** SW_RX_INT_STS: the high-level core received from this core (inferred from the pairing; no sample uses it). */
    public static final int RX_HL_CORE_RECEIVED = 0x1;
    /** SW_TX_INT_PORT: this core sent to the high-level core. */
    public static final int TX_IO_CORE_SENT = 0x1;
    /** SW_TX_INT_PORT: this core received from the high-level core. */
    public static final int TX_IO_CORE_RECEIVED = 0x2;

    /** INT_STS / INT_EN bits ({@code MBOX_INT_*_OFFSET}). */
    public static final int INT_NOT_EMPTY = 1;
    public static final int INT_WROTE = 1 << 1;
    public static final int INT_NOT_FULL = 1 << 2;
    public static final int INT_READ = 1 << 3;

    private final MailboxEnd end;
    private final ArrayDeque<MailboxMessage> toIoCore = new ArrayDeque<>();
    private final List<IntConsumer> signalListeners = new ArrayList<>();
    private final List<Runnable> postListeners = new ArrayList<>();

    public IntercoreMailbox(Nvic nvic) {
        this.end = new MailboxEnd(Objects.requireNonNull(nvic, "nvic"), new MailboxEnd.Lines(IoCoreIrq.MAILBOX_A7_SOFTWARE,
                IoCoreIrq.MAILBOX_A7_WROTE, IoCoreIrq.MAILBOX_A7_READ, IoCoreIrq.MAILBOX_A7_NOT_EMPTY,
                IoCoreIrq.MAILBOX_A7_NOT_FULL), "mailbox");
        end.wire(new MailboxEnd.Beyond() {
            @Override
            public java.util.Deque<MailboxMessage> inbox() {
                return toIoCore;
            }

            @Override
            public void softwarePort(int events) {
                for (IntConsumer listener : List.copyOf(signalListeners)) {
                    listener.accept(events);
                }
            }

            @Override
            public void generalControl(int value) {
                if ((value & (GEN_CTRL_SOFT_RESET | GEN_CTRL_SOFT_RESET_MYSELF)) != 0) {
                    reset();
                }
            }

            @Override
            public void accepted() {
                // the A7 has no register end to latch a read in
            }

            @Override
            public void posted() {
                for (Runnable listener : List.copyOf(postListeners)) {
                    listener.run();
                }
            }

            @Override
            public void changed() {
                end.updateLines();
            }
        });
        end.updateLines();
    }

    @Override
    public boolean hasRegister(int offset) {
        return end.hasRegister(offset);
    }

    @Override
    public int read32(int offset) {
        return end.read32(offset);
    }

    @Override
    public void write32(int offset, int value) {
        end.write32(offset, value);
    }

    /** Empties both FIFOs and clears every status and enable; listeners stay. */
    @Override
    public void reset() {
        toIoCore.clear();
        end.outbox.clear();
        end.clearRegisters();
        end.updateLines();
    }

    // ---- the A7's side

    /**
     * The A7 puts a pair into the FIFO towards this core (WR status set).
     *
     * @return false, and nothing queued, when the FIFO already holds {@link #FIFO_DEPTH} pairs
     */
    public boolean push(int command, int data) {
        if (toIoCore.size() == FIFO_DEPTH) {
            return false;
        }
        toIoCore.addLast(new MailboxMessage(command, data));
        end.fifoLatched |= INT_WROTE;
        end.updateLines();
        return true;
    }

    /** The A7 raises software interrupt bits towards this core (SW_RX_INT_STS |= event). */
    public void signal(int event) {
        end.softwareStatus |= event & MailboxEnd.SOFTWARE_MASK;
        end.updateLines();
    }

    /** {@code listener} gets the bits this core writes to SW_TX_INT_PORT (1 = sent, 2 = received), each write. */
    public void onIoCoreSignal(IntConsumer listener) {
        signalListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** {@code listener} runs when this core posts a pair towards the A7. */
    public void onIoCorePost(Runnable listener) {
        postListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** The A7 takes the oldest pair this core posted (RD status set), if any. */
    public Optional<MailboxMessage> takeFromIoCore() {
        MailboxMessage message = end.outbox.pollFirst();
        if (message != null) {
            end.fifoLatched |= INT_READ;
            end.updateLines();
        }
        return Optional.ofNullable(message);
    }

    /** Pairs the A7 pushed that this core has not popped. */
    public int queuedToIoCore() {
        return toIoCore.size();
    }

    /** Pairs this core posted that the A7 has not taken. */
    public int queuedToA7() {
        return end.outbox.size();
    }
}
