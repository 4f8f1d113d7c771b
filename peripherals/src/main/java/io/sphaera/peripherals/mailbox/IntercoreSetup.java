package io.sphaera.peripherals.mailbox;

import io.sphaera.peripherals.memory.BufferDescriptor;
import java.util.Objects;

/**
 * The commands with which the OS tells a real-time app where its inter-core buffers are, through the mailbox FIFO
 * (Azure's {@code mt3620-intercore.c}): one pair per buffer, its {@link BufferDescriptor} as the data word, then
 * {@link #END_OF_SETUP}. "Outbound" and "inbound" are as the real-time app sees them: it writes to the outbound
 * buffer and reads from the inbound one.
 */
public final class IntercoreSetup {
    /** Data: the descriptor of the buffer the real-time app writes to. */
    public static final int OUTBOUND_BUFFER = 0xba5e_0001;
    /** Data: the descriptor of the buffer the real-time app reads from. */
    public static final int INBOUND_BUFFER = 0xba5e_0002;
    /** Setup is complete; the app then enables the mailbox interrupt. Data is ignored. */
    public static final int END_OF_SETUP = 0xba5e_0003;

    private IntercoreSetup() {
    }

    /**
     * The OS's side of setup: pushes the outbound buffer, the inbound buffer and the end of setup, in that order.
     *
     * @return false, with nothing pushed, if the FIFO has no room for all three
     */
    public static boolean announce(IntercoreMailbox mailbox, BufferDescriptor outbound, BufferDescriptor inbound) {
        Objects.requireNonNull(outbound, "outbound");
        Objects.requireNonNull(inbound, "inbound");
        if (mailbox.queuedToIoCore() > IntercoreMailbox.FIFO_DEPTH - 3) {
            return false;
        }
        mailbox.push(OUTBOUND_BUFFER, outbound.encode());
        mailbox.push(INBOUND_BUFFER, inbound.encode());
        mailbox.push(END_OF_SETUP, 0);
        return true;
    }
}
