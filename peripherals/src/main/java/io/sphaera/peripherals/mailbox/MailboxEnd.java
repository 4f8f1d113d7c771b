package io.sphaera.peripherals.mailbox;

import io.sphaera.peripherals.bus.RegisterBlock;
import io.sphaera.peripherals.interrupt.Nvic;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;

/**
 * One core's end of a MediaTek mailbox (hdl_mbox.c), the registers both of the chip's mailboxes share at the same
 * offsets: the FIFO this end posts into and the one it accepts from, software interrupts, FIFO interrupts with their
 * thresholds, and the lines they drive on the core's NVIC. What lies beyond the end (the other core's end, or the A7's
 * Java side) is its {@link Beyond}. Used on the device's executor only.
 */
final class MailboxEnd implements RegisterBlock {
    static final int FIFO_DEPTH = 15;
    static final int SOFTWARE_INTERRUPTS = 8;
    static final int GEN_CTRL = 0x04;
    static final int SW_INT_PORT = 0x14;
    static final int SW_INT_EN = 0x18;
    static final int SW_INT_STS = 0x1C;
    static final int NF_THRS = 0x30;
    static final int NE_THRS = 0x34;
    static final int INT_EN = 0x38;
    static final int INT_STS = 0x3C;
    static final int CMD_POST = 0x40;
    static final int DATA_POST = 0x44;
    static final int POST_CNT = 0x48;
    static final int CMD_ACPT = 0x50;
    static final int DATA_ACPT = 0x54;
    static final int ACPT_CNT = 0x58;
    static final int INT_NOT_EMPTY = 1;
    static final int INT_WROTE = 1 << 1;
    static final int INT_NOT_FULL = 1 << 2;
    static final int INT_READ = 1 << 3;
    static final int SOFTWARE_MASK = (1 << SOFTWARE_INTERRUPTS) - 1;
    private static final int INT_MASK = INT_NOT_EMPTY | INT_WROTE | INT_NOT_FULL | INT_READ;
    private static final int THRESHOLD_MASK = 0x0F;
    private static final Set<Integer> REGISTERS = Set.of(GEN_CTRL, SW_INT_PORT, SW_INT_EN, SW_INT_STS, NF_THRS,
            NE_THRS, INT_EN, INT_STS, CMD_POST, DATA_POST, POST_CNT, CMD_ACPT, DATA_ACPT, ACPT_CNT);

    /** The NVIC lines an end drives: its software interrupt and the four FIFO interrupts. */
    record Lines(int software, int wrote, int read, int notEmpty, int notFull) {
    }

    /** What lies beyond this end. */
    interface Beyond {
        /** The pairs waiting for this end. */
        Deque<MailboxMessage> inbox();

        /** This end wrote software interrupt bits towards the other side. */
        void softwarePort(int events);

        /** This end wrote GEN_CTRL. */
        void generalControl(int value);

        /** This end took a pair from its inbox. */
        void accepted();

        /** This end posted a pair into its outbox. */
        void posted();

        /** Registers changed: every line they may move, on both sides. */
        void changed();
    }

    private final Nvic nvic;
    private final Lines lines;
    private final String name;
    final ArrayDeque<MailboxMessage> outbox = new ArrayDeque<>();
    private Beyond beyond;
    int softwareEnable;
    int softwareStatus;
    int fifoEnable;
    int fifoLatched;
    int notEmptyThreshold;
    int notFullThreshold;
    int dataToPost;

    MailboxEnd(Nvic nvic, Lines lines, String name) {
        this.nvic = nvic;
        this.lines = lines;
        this.name = name;
    }

    void wire(Beyond beyond) {
        this.beyond = beyond;
    }

    @Override
    public boolean hasRegister(int offset) {
        return REGISTERS.contains(offset);
    }

    @Override
    public int read32(int offset) {
        return switch (offset) {
            case GEN_CTRL, SW_INT_PORT, CMD_POST -> 0;
            case SW_INT_EN -> softwareEnable;
            case SW_INT_STS -> softwareStatus;
            case NF_THRS -> notFullThreshold;
            case NE_THRS -> notEmptyThreshold;
            case INT_EN -> fifoEnable;
            case INT_STS -> fifoStatus();
            case DATA_POST -> dataToPost;
            case POST_CNT -> outbox.size();
            case CMD_ACPT -> accept();
            case DATA_ACPT -> beyond.inbox().isEmpty() ? 0 : beyond.inbox().peekFirst().data();
            case ACPT_CNT -> beyond.inbox().size();
            default -> throw noRegister(offset);
        };
    }

    @Override
    public void write32(int offset, int value) {
        switch (offset) {
            case GEN_CTRL -> beyond.generalControl(value);
            case SW_INT_PORT -> {
                int events = value & SOFTWARE_MASK;
                if (events != 0) {
                    beyond.softwarePort(events);
                }
            }
            case SW_INT_EN -> softwareEnable = value & SOFTWARE_MASK;
            case SW_INT_STS -> softwareStatus &= ~value;
            case NF_THRS -> notFullThreshold = value & THRESHOLD_MASK;
            case NE_THRS -> notEmptyThreshold = value & THRESHOLD_MASK;
            case INT_EN -> fifoEnable = value & INT_MASK;
            case INT_STS -> fifoLatched &= ~value;
            case DATA_POST -> dataToPost = value;
            case CMD_POST -> post(value);
            case POST_CNT, CMD_ACPT, DATA_ACPT, ACPT_CNT -> {
                // read-only
            }
            default -> throw noRegister(offset);
        }
        beyond.changed();
    }

    /** This end's registers back to reset; the pairs in flight stay. */
    @Override
    public void reset() {
        clearRegisters();
        beyond.changed();
    }

    void clearRegisters() {
        softwareEnable = 0;
        softwareStatus = 0;
        fifoEnable = 0;
        fifoLatched = 0;
        notEmptyThreshold = 0;
        notFullThreshold = 0;
        dataToPost = 0;
    }

    private void post(int command) {
        int data = dataToPost;
        // DATA_POST goes with one post only, so a command-only post carries 0
        dataToPost = 0;
        if (outbox.size() == FIFO_DEPTH) {
            return; // lost, as the driver checks POST_CNT before it posts
        }
        outbox.addLast(new MailboxMessage(command, data));
        beyond.posted();
    }

    private int accept() {
        MailboxMessage message = beyond.inbox().pollFirst();
        if (message == null) {
            return 0;
        }
        beyond.accepted();
        // a pop moves this end's NE and the poster's lines
        beyond.changed();
        return message.command();
    }

    /** NE: more pairs waiting here than NE_THRS; NF: fewer posted from here than the depth less NF_THRS. */
    int fifoStatus() {
        int status = fifoLatched;
        if (beyond.inbox().size() > notEmptyThreshold) {
            status |= INT_NOT_EMPTY;
        }
        if (outbox.size() < FIFO_DEPTH - notFullThreshold) {
            status |= INT_NOT_FULL;
        }
        return status;
    }

    void updateLines() {
        int fifo = fifoStatus() & fifoEnable;
        nvic.setLevel(lines.software(), (softwareStatus & softwareEnable) != 0);
        nvic.setLevel(lines.wrote(), (fifo & INT_WROTE) != 0);
        nvic.setLevel(lines.read(), (fifo & INT_READ) != 0);
        nvic.setLevel(lines.notEmpty(), (fifo & INT_NOT_EMPTY) != 0);
        nvic.setLevel(lines.notFull(), (fifo & INT_NOT_FULL) != 0);
    }

    private IllegalArgumentException noRegister(int offset) {
        return new IllegalArgumentException("no " + name + " register at offset 0x" + Integer.toHexString(offset));
    }

    @Override
    public String toString() {
        return name;
    }
}
