package io.sphaera.peripherals.uart;

import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A host's handle on a UART: collects what the chip sends and queues bytes for the chip, which it takes as its RX
 * FIFO has room. Also remembers the line settings of the last byte the chip sent. Used on the device's executor only.
 */
public final class SerialBuffer implements SerialLine {
    private final ByteArrayOutputStream fromChip = new ByteArrayOutputStream();
    private final ArrayDeque<Integer> toChip = new ArrayDeque<>();
    private UartLineSettings lastSettings;

    @Override
    public void transmitted(int data, UartLineSettings settings) {
        fromChip.write(data);
        lastSettings = settings;
    }

    @Override
    public OptionalInt nextForChip() {
        Integer next = toChip.poll();
        return next == null ? OptionalInt.empty() : OptionalInt.of(next);
    }

    /** Queues {@code bytes} for the chip. */
    public void send(byte... bytes) {
        for (byte b : bytes) {
            toChip.add(b & 0xFF);
        }
    }

    /** Queues {@code bytes} for the chip. */
    public void send(List<Integer> bytes) {
        bytes.forEach(b -> toChip.add(b & 0xFF));
    }

    /** Everything the chip has sent and not yet taken, in order; taking it empties the buffer. */
    public byte[] takeReceived() {
        byte[] bytes = fromChip.toByteArray();
        fromChip.reset();
        return bytes;
    }

    /** How many queued bytes the chip has not taken yet. */
    public int pendingForChip() {
        return toChip.size();
    }

    /** The settings the chip's line had when it last sent a byte. */
    public Optional<UartLineSettings> lastSettings() {
        return Optional.ofNullable(lastSettings);
    }
}
