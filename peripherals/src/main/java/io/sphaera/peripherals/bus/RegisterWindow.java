package io.sphaera.peripherals.bus;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One bus window shared by several register models at fixed offsets, as a GPIO group's window holds both the GPIO
 * registers (+0x0000) and its PWM controller (+0x1000). Each model sees offsets relative to its own start. Used on
 * the device's executor only.
 */
public final class RegisterWindow implements RegisterBlock {
    private record Region(int start, int size, RegisterBlock registers) {
        boolean holds(int offset) {
            return offset >= start && offset - start < size;
        }
    }

    private final List<Region> regions = new ArrayList<>();

    /** Puts {@code registers} at {@code start}, spanning {@code size} bytes; regions must not overlap. */
    public RegisterWindow place(int start, int size, RegisterBlock registers) {
        Objects.requireNonNull(registers, "registers");
        for (Region region : regions) {
            if (start < region.start + region.size && region.start < start + size) {
                throw new IllegalArgumentException("region at 0x%x overlaps the one at 0x%x"
                        .formatted(start, region.start));
            }
        }
        regions.add(new Region(start, size, registers));
        return this;
    }

    @Override
    public boolean hasRegister(int offset) {
        Region region = find(offset);
        return region != null && region.registers.hasRegister(offset - region.start);
    }

    @Override
    public int read32(int offset) {
        Region region = Objects.requireNonNull(find(offset), "no region");
        return region.registers.read32(offset - region.start);
    }

    @Override
    public void write32(int offset, int value) {
        Region region = Objects.requireNonNull(find(offset), "no region");
        region.registers.write32(offset - region.start, value);
    }

    @Override
    public void reset() {
        regions.forEach(region -> region.registers.reset());
    }

    private Region find(int offset) {
        for (Region region : regions) {
            if (region.holds(offset)) {
                return region;
            }
        }
        return null;
    }
}
