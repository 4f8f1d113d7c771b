package io.sphaera.peripherals.host;

import io.sphaera.peripherals.uart.SerialLine;
import io.sphaera.peripherals.uart.UartLineSettings;
import java.util.OptionalInt;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The part of a host bridge the chip sees: bytes the host sent wait here until the UART takes them, and bytes the
 * chip sends wait for the bridge's writer, so the device's executor never blocks on the host's I/O. Each byte from the
 * host tells {@code onInput} (the OS then looks at its descriptors again). Bytes for the host beyond
 * {@link #OUTPUT_LIMIT} are dropped, as an overrun would lose them.
 */
final class HostSerialLine implements SerialLine {
    static final int OUTPUT_LIMIT = 64 * 1024;

    private final ConcurrentLinkedQueue<Integer> fromHost = new ConcurrentLinkedQueue<>();
    private final BlockingQueue<Integer> toHost = new LinkedBlockingQueue<>(OUTPUT_LIMIT);
    private volatile Runnable onInput = () -> { };

    void onInput(Runnable listener) {
        this.onInput = listener;
    }

    /** From the bridge's reader thread. */
    void fromHost(byte[] bytes, int length) {
        for (int i = 0; i < length; i++) {
            fromHost.add(bytes[i] & 0xFF);
        }
        if (length > 0) {
            onInput.run();
        }
    }

    /** For the bridge's writer thread: the next byte for the host, waiting for one. */
    int nextForHost() throws InterruptedException {
        return toHost.take();
    }

    /** The bytes for the host that are there now, without waiting, into {@code into} from {@code offset}: how many. */
    int drainForHost(byte[] into, int offset) {
        int n = 0;
        Integer b;
        while (offset + n < into.length && (b = toHost.poll()) != null) {
            into[offset + n++] = (byte) (int) b;
        }
        return n;
    }

    @Override
    public void transmitted(int data, UartLineSettings settings) {
        toHost.offer(data & 0xFF);
    }

    @Override
    public OptionalInt nextForChip() {
        Integer b = fromHost.poll();
        return b == null ? OptionalInt.empty() : OptionalInt.of(b);
    }
}
