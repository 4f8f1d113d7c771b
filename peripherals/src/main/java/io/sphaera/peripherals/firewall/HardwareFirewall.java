package io.sphaera.peripherals.firewall;

import io.sphaera.peripherals.mt3620.Core;
import io.sphaera.peripherals.mt3620.PeripheralBlock;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Maps each peripheral block to at most one core. Until {@link #lock()} the OS may assign and release blocks; after
 * it, the assignment holds until {@link #reset()}, which is what a reboot does. A block nobody holds is reachable by
 * no core. Used on the device's executor only.
 */
public final class HardwareFirewall {
    private final Map<PeripheralBlock, Core> owners = new EnumMap<>(PeripheralBlock.class);
    private boolean locked;

    /**
     * Gives {@code block} to {@code core}. Giving a core a block it already holds changes nothing.
     *
     * @throws PeripheralInUseException when another core holds the block
     * @throws FirewallLockedException when the firewall is locked
     */
    public void assign(PeripheralBlock block, Core core) {
        Objects.requireNonNull(block, "block");
        Objects.requireNonNull(core, "core");
        if (locked) {
            throw new FirewallLockedException("assign " + block + " to " + core);
        }
        Core holder = owners.get(block);
        if (holder != null && holder != core) {
            throw new PeripheralInUseException(block, holder, core);
        }
        owners.put(block, core);
    }

    /**
     * Takes {@code block} from whichever core holds it; a block nobody holds stays free.
     *
     * @throws FirewallLockedException when the firewall is locked
     */
    public void release(PeripheralBlock block) {
        Objects.requireNonNull(block, "block");
        if (locked) {
            throw new FirewallLockedException("release " + block);
        }
        owners.remove(block);
    }

    /** Freezes the assignment until {@link #reset()}. Locking twice is harmless. */
    public void lock() {
        locked = true;
    }

    public boolean isLocked() {
        return locked;
    }

    /** What a chip reset does: every block free, the firewall unlocked. */
    public void reset() {
        owners.clear();
        locked = false;
    }

    /** The core that holds {@code block}, if any. */
    public Optional<Core> owner(PeripheralBlock block) {
        return Optional.ofNullable(owners.get(Objects.requireNonNull(block, "block")));
    }

    /** The blocks {@code core} holds. */
    public Set<PeripheralBlock> blocksOf(Core core) {
        Objects.requireNonNull(core, "core");
        Set<PeripheralBlock> held = EnumSet.noneOf(PeripheralBlock.class);
        owners.forEach((block, holder) -> {
            if (holder == core) {
                held.add(block);
            }
        });
        return held;
    }

    /** Whether {@code core} may touch {@code block}: only its owner may. */
    public AccessDecision check(Core core, PeripheralBlock block) {
        Objects.requireNonNull(core, "core");
        Core holder = owners.get(Objects.requireNonNull(block, "block"));
        if (holder == core) {
            return AccessDecision.grant();
        }
        return AccessDecision.refuse(holder == null
                ? "peripheral %s is assigned to no core".formatted(block)
                : "peripheral %s is in use by %s".formatted(block, holder));
    }
}
