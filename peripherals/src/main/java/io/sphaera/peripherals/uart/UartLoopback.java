package io.sphaera.peripherals.uart;

import java.util.ArrayDeque;
import java.util.OptionalInt;

/**
 * A wire from a UART's TX pin to its own RX pin: every byte sent comes back. It holds bytes the RX FIFO had no room
 * for until the chip reads, like the wire plus a patient sender. Used on the device's executor only.
 */
public final class UartLoopback implements SerialLine {
    private final ArrayDeque<Integer> inFlight = new ArrayDeque<>();

    @Override
    public void transmitted(int data, UartLineSettings settings) {
        inFlight.add(data);
    }

    @Override
    public OptionalInt nextForChip() {
        Integer next = inFlight.poll();
        return next == null ? OptionalInt.empty() : OptionalInt.of(next);
    }
}
