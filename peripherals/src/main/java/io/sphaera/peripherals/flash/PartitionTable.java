package io.sphaera.peripherals.flash;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * A flash's layout of named partitions, in ascending order of offset, sector-aligned, non-overlapping and inside the
 * flash. The layout itself is the caller's to choose; this only checks it and hands out the partitions.
 */
public final class PartitionTable {
    private final NorFlash flash;
    private final Map<String, FlashPartition> byName;

    /** Lays {@code entries} over {@code flash}; refuses, naming the entries at fault, a layout that does not fit. */
    public PartitionTable(NorFlash flash, List<PartitionEntry> entries) {
        this.flash = Objects.requireNonNull(flash, "flash");
        Map<String, FlashPartition> partitions = new LinkedHashMap<>();
        PartitionEntry previous = null;
        for (PartitionEntry entry : entries) {
            if (partitions.containsKey(entry.name())) {
                throw new IllegalArgumentException("partition '" + entry.name() + "' appears twice in the table");
            }
            if (previous != null && entry.offset() < previous.end()) {
                throw new IllegalArgumentException(entry.offset() < previous.offset()
                        ? "partition '%s' at 0x%x comes after '%s' at 0x%x: list partitions in order of offset"
                                .formatted(entry.name(), entry.offset(), previous.name(), previous.offset())
                        : "partition '%s' at 0x%x overlaps '%s', which ends at 0x%x"
                                .formatted(entry.name(), entry.offset(), previous.name(), previous.end()));
            }
            if (entry.end() > flash.size()) {
                throw new IllegalArgumentException("partition '%s' ends at 0x%x, beyond the flash's %d bytes"
                        .formatted(entry.name(), entry.end(), flash.size()));
            }
            partitions.put(entry.name(), new FlashPartition(entry, flash));
            previous = entry;
        }
        this.byName = Collections.unmodifiableMap(partitions);
    }

    public NorFlash flash() {
        return flash;
    }

    /** The partitions in order of offset. */
    public List<FlashPartition> partitions() {
        return List.copyOf(byName.values());
    }

    /** The partition called {@code name}; refused, listing the names there are, if there is none. */
    public FlashPartition partition(String name) {
        FlashPartition partition = byName.get(name);
        if (partition == null) {
            throw new NoSuchElementException("no partition '" + name + "'; the table has " + byName.keySet());
        }
        return partition;
    }
}
