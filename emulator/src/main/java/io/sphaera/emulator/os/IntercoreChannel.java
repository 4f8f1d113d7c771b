package io.sphaera.emulator.os;

import io.sphaera.peripherals.mailbox.IntercoreMailbox;
import io.sphaera.peripherals.mailbox.IntercoreSetup;
import io.sphaera.peripherals.memory.BufferDescriptor;
import io.sphaera.peripherals.memory.SharedMemory;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The A7's end of the channel to a real-time app on one I/O core: two rings in the core's shared SYSRAM, announced to
 * the app through the mailbox FIFO when it starts, and the mailbox's doorbells both ways. Messages the app sends to
 * the high-level app wait here (a few; the rest wait in the ring, which holds the app back) until the high-level app
 * reads them from its socket. Used on the device's executor (or the thread it has handed control to).
 */
final class IntercoreChannel {
    /** Messages taken from the ring and not yet read by the high-level app; beyond this they stay in the ring. */
    static final int QUEUED = 16;

    private final IntercoreMailbox mailbox;
    private UUID realTimeApp;
    private final Consumer<String> os;
    private final BufferDescriptor inbound;
    private final BufferDescriptor outbound;
    private final IntercoreRing toCore;
    private final IntercoreRing fromCore;
    private final ArrayDeque<IntercoreRing.Message> waiting = new ArrayDeque<>();
    private final List<Runnable> listeners = new ArrayList<>();
    private UUID highLevelApp;
    private boolean broken;

    /** @param os the OS log, for what the real-time app got wrong */
    IntercoreChannel(IoCore core, Consumer<String> os) {
        this.mailbox = core.mailbox();
        this.os = os;
        SharedMemory sysram = core.sysram();
        this.inbound = new BufferDescriptor(sysram.baseAddress(), IoCore.BUFFER_SIZE);
        this.outbound = new BufferDescriptor(sysram.baseAddress() + IoCore.BUFFER_SIZE, IoCore.BUFFER_SIZE);
        IntercoreMemory memory = new IntercoreMemory() {
            @Override
            public byte readByte(int address) {
                return sysram.readBytes(sysram.offsetOf(address), 1)[0];
            }

            @Override
            public void writeByte(int address, byte value) {
                sysram.writeBytes(sysram.offsetOf(address), new byte[] {value});
            }
        };
        this.toCore = new IntercoreRing(memory, inbound.headerAddress(), IoCore.BUFFER_SIZE, outbound.headerAddress());
        this.fromCore = new IntercoreRing(memory, outbound.headerAddress(), IoCore.BUFFER_SIZE, inbound.headerAddress());
        mailbox.onIoCoreSignal(event -> {
            if ((event & IntercoreMailbox.TX_IO_CORE_SENT) != 0) {
                collect();
            }
            if ((event & IntercoreMailbox.TX_IO_CORE_RECEIVED) != 0) {
                listeners.forEach(Runnable::run); // room again for a sender that was told EAGAIN
            }
        });
    }

    UUID realTimeApp() {
        return realTimeApp;
    }

    /**
     * Empty rings, announced through the mailbox, for {@code app} about to start on the core. False if the FIFO had no
     * room.
     */
    boolean announce(UUID app) {
        realTimeApp = app;
        highLevelApp = null;
        listeners.clear();
        waiting.clear();
        broken = false;
        toCore.clear();
        fromCore.clear();
        return IntercoreSetup.announce(mailbox, outbound, inbound);
    }

    /** The high-level app that may now send and receive (its component ID goes in each block it sends). */
    void connect(UUID app, Runnable listener) {
        this.highLevelApp = app;
        listeners.add(listener);
    }

    void disconnect(Runnable listener) {
        listeners.remove(listener);
    }

    /** Sends one message to the real-time app: the count, or -EMSGSIZE, -EAGAIN (ring full), -EPIPE (channel broken). */
    int send(byte[] payload) {
        if (payload.length > IntercoreRing.MAX_PAYLOAD) {
            return -Errno.EMSGSIZE.value();
        }
        if (broken) {
            return -Errno.EPIPE.value();
        }
        try {
            if (!toCore.write(highLevelApp, payload)) {
                return -Errno.EAGAIN.value();
            }
        } catch (IntercoreFormatException e) {
            breakDown("the ring to it: " + e.getMessage());
            return -Errno.EPIPE.value();
        }
        mailbox.signal(IntercoreMailbox.RX_HL_CORE_SENT);
        return payload.length;
    }

    /** The next message from the real-time app, if one has come. */
    Optional<byte[]> receive() {
        IntercoreRing.Message m = waiting.poll();
        collect(); // room in the queue: take what waits in the ring
        return Optional.ofNullable(m).map(IntercoreRing.Message::payload);
    }

    boolean hasMessage() {
        return !waiting.isEmpty();
    }

    boolean broken() {
        return broken;
    }

    private void collect() {
        boolean came = false;
        try {
            while (!broken && waiting.size() < QUEUED) {
                Optional<IntercoreRing.Message> m = fromCore.read();
                if (m.isEmpty()) {
                    break;
                }
                if (!m.get().component().equals(highLevelApp)) {
                    os.accept("message from real-time app " + realTimeApp + " to " + m.get().component()
                            + " dropped: not the high-level app");
                    continue;
                }
                waiting.add(m.get());
                came = true;
            }
        } catch (IntercoreFormatException e) {
            breakDown("its ring: " + e.getMessage());
        }
        if (came) {
            listeners.forEach(Runnable::run);
        }
    }

    private void breakDown(String what) {
        broken = true;
        os.accept("inter-core channel to real-time app " + realTimeApp + " broken: " + what);
        listeners.forEach(Runnable::run);
    }
}
