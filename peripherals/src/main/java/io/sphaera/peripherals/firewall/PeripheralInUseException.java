package io.sphaera.peripherals.firewall;

import io.sphaera.peripherals.mt3620.Core;
import io.sphaera.peripherals.mt3620.PeripheralBlock;

/** A core asked for a block another core already holds; the assignment is unchanged. */
public final class PeripheralInUseException extends RuntimeException {
    private final PeripheralBlock block;
    private final Core holder;
    private final Core requester;

    public PeripheralInUseException(PeripheralBlock block, Core holder, Core requester) {
        super("peripheral %s (GPIO %s) requested by %s is already in use by %s"
                .formatted(block, pins(block), requester, holder));
        this.block = block;
        this.holder = holder;
        this.requester = requester;
    }

    public PeripheralBlock block() {
        return block;
    }

    /** The core that holds the block. */
    public Core holder() {
        return holder;
    }

    public Core requester() {
        return requester;
    }

    private static String pins(PeripheralBlock block) {
        int first = block.gpios().getFirst();
        int last = block.gpios().getLast();
        return first == last ? Integer.toString(first) : first + "-" + last;
    }
}
