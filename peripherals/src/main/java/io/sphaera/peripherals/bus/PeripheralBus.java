package io.sphaera.peripherals.bus;

import io.sphaera.peripherals.firewall.AccessDecision;
import io.sphaera.peripherals.firewall.HardwareFirewall;
import io.sphaera.peripherals.mt3620.Core;
import io.sphaera.peripherals.mt3620.IoCoreBlock;
import io.sphaera.peripherals.mt3620.PeripheralBlock;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MT3620's peripheral address space as the cores see it (the I/O cores' view; the A7 is given the same
 * addresses). Every block with a known base has a window from the start: the peripheral blocks shared by all cores
 * behind the firewall, and each I/O core's private blocks. A register model is {@linkplain #attach attached} to a
 * window; until then, and for offsets the model lacks, the window reads 0, ignores writes and logs the address once.
 * Used on the device's executor only.
 */
public final class PeripheralBus {
    private static final Logger LOG = LoggerFactory.getLogger(PeripheralBus.class);

    /** One register window; {@code guard} is null for a core's private block, which the firewall does not cover. */
    private static final class Window {
        final int base;
        final String name;
        final PeripheralBlock guard;
        final Map<Core, RegisterBlock> registers = new EnumMap<>(Core.class);
        final Set<Core> cores;

        Window(int base, String name, PeripheralBlock guard, Set<Core> cores) {
            this.base = base;
            this.name = name;
            this.guard = guard;
            this.cores = cores;
        }
    }

    // keyed by the unsigned base, so that windows above 0x80000000 would sort right too
    private final TreeMap<Long, Window> windows = new TreeMap<>();
    private final HardwareFirewall firewall;
    private final Set<Integer> reportedUnmodelled = new HashSet<>();

    public PeripheralBus(HardwareFirewall firewall) {
        this.firewall = Objects.requireNonNull(firewall, "firewall");
        for (PeripheralBlock block : PeripheralBlock.values()) {
            block.baseAddress().ifPresent(base ->
                    add(new Window(base, block.blockName(), block, Set.of(Core.values()))));
        }
        for (IoCoreBlock block : IoCoreBlock.values()) {
            add(new Window(block.baseAddress(), block.blockName(), null, Set.of(Core.IO0, Core.IO1)));
        }
    }

    /** Puts {@code registers} behind {@code block}'s window, for every core the firewall lets in. */
    public void attach(PeripheralBlock block, RegisterBlock registers) {
        Objects.requireNonNull(registers, "registers");
        int base = block.baseAddress().orElseThrow(() -> new IllegalArgumentException(
                "peripheral " + block + " has no known register window"));
        Window window = windows.get(Integer.toUnsignedLong(base));
        for (Core core : Core.values()) {
            window.registers.put(core, registers);
        }
    }

    /** Puts {@code registers} behind {@code block}'s window in {@code core}'s own view. */
    public void attach(Core core, IoCoreBlock block, RegisterBlock registers) {
        Objects.requireNonNull(registers, "registers");
        if (!core.isIoCore()) {
            throw new IllegalArgumentException(block + " is private to an I/O core; " + core + " has none");
        }
        windows.get(Integer.toUnsignedLong(block.baseAddress())).registers.put(core, registers);
    }

    /** A 32-bit read by {@code core} at absolute {@code address}. */
    public int read32(Core core, int address) {
        Window window = route(core, address);
        int offset = address - window.base;
        RegisterBlock registers = window.registers.get(core);
        if (registers == null || !registers.hasRegister(offset)) {
            reportUnmodelled(core, address, window, offset, "read");
            return 0;
        }
        try {
            return registers.read32(offset);
        } catch (RegisterAccessRefused refused) {
            throw new BusFault(core, address, refused.getMessage());
        }
    }

    /** A 32-bit write by {@code core} at absolute {@code address}. */
    public void write32(Core core, int address, int value) {
        Window window = route(core, address);
        int offset = address - window.base;
        RegisterBlock registers = window.registers.get(core);
        if (registers == null || !registers.hasRegister(offset)) {
            reportUnmodelled(core, address, window, offset, "write of 0x%08x".formatted(value));
            return;
        }
        try {
            registers.write32(offset, value);
        } catch (RegisterAccessRefused refused) {
            throw new BusFault(core, address, refused.getMessage());
        }
    }

    /** Puts every attached register block back to its reset values; the firewall is reset on its own. */
    public void reset() {
        Set<RegisterBlock> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Window window : windows.values()) {
            for (RegisterBlock registers : window.registers.values()) {
                if (seen.add(registers)) {
                    registers.reset();
                }
            }
        }
    }

    private void add(Window window) {
        windows.put(Integer.toUnsignedLong(window.base), window);
    }

    private Window route(Core core, int address) {
        Objects.requireNonNull(core, "core");
        if ((address & 3) != 0) {
            throw new BusFault(core, address, "a 32-bit access must be word-aligned");
        }
        Map.Entry<Long, Window> entry = windows.floorEntry(Integer.toUnsignedLong(address));
        if (entry == null
                || Integer.toUnsignedLong(address) - entry.getKey() >= PeripheralBlock.WINDOW_SIZE
                || !entry.getValue().cores.contains(core)) {
            throw new BusFault(core, address, "no peripheral answers at this address");
        }
        Window window = entry.getValue();
        if (window.guard != null) {
            AccessDecision decision = firewall.check(core, window.guard);
            if (!decision.granted()) {
                throw new BusFault(core, address, decision.reason());
            }
        }
        return window;
    }

    private void reportUnmodelled(Core core, int address, Window window, int offset, String access) {
        // once per address: a polling loop on a missing register must not flood the log
        if (reportedUnmodelled.add(address)) {
            LOG.warn("{} {} at 0x{} ({} +0x{}): register not modelled; reads 0, writes are ignored",
                    core, access, "%08x".formatted(address), window.name, Integer.toHexString(offset));
        }
    }
}
