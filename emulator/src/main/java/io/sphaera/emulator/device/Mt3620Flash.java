package io.sphaera.emulator.device;

import io.sphaera.peripherals.flash.FlashPartition;
import io.sphaera.peripherals.flash.NorFlash;
import io.sphaera.peripherals.flash.PartitionEntry;
import io.sphaera.peripherals.flash.PartitionTable;
import io.sphaera.pluton.PlutonStorage;
import io.sphaera.pluton.boot.BootStage;
import io.sphaera.pluton.boot.Slot;
import java.util.ArrayList;
import java.util.List;

/**
 * The MT3620's 16 MiB of flash as Sphaera lays it out (docs/device.md): Pluton's state at the bottom, A/B slots for
 * each system image, the shared 1 MiB of app flash in four slots, then staging, app rollback images and mutable
 * storage for the update and OS-model issues.
 */
public final class Mt3620Flash {
    static final long KIB = 1024;
    static final long MIB = 1024 * KIB;
    public static final int APP_SLOTS = 4;
    static final List<PartitionEntry> LAYOUT = layout();

    private final PartitionTable table;

    public Mt3620Flash(NorFlash flash) {
        this.table = new PartitionTable(flash, LAYOUT);
        FlashPartition fuses = table.partition("fuses");
        flash.makeOneTimeProgrammable(fuses.offset(), fuses.size());
    }

    private static List<PartitionEntry> layout() {
        List<PartitionEntry> p = new ArrayList<>();
        p.add(new PartitionEntry("fuses", 0x000000, 4 * KIB));
        p.add(new PartitionEntry("key-store", 0x001000, 8 * KIB));
        p.add(new PartitionEntry("trusted-key-store", 0x003000, 16 * KIB));
        p.add(new PartitionEntry("capability", 0x007000, 8 * KIB));
        p.add(new PartitionEntry("boot-state", 0x009000, 8 * KIB));
        p.add(new PartitionEntry("certificate-store", 0x00B000, 16 * KIB));
        p.add(new PartitionEntry("update-journal", 0x00F000, 16 * KIB));
        p.add(new PartitionEntry("pluton-runtime-a", 0x020000, 256 * KIB));
        p.add(new PartitionEntry("pluton-runtime-b", 0x060000, 256 * KIB));
        p.add(new PartitionEntry("security-monitor-a", 0x0A0000, 256 * KIB));
        p.add(new PartitionEntry("security-monitor-b", 0x0E0000, 256 * KIB));
        p.add(new PartitionEntry("os-a", 0x120000, 3 * MIB));
        p.add(new PartitionEntry("os-b", 0x420000, 3 * MIB));
        for (int i = 0; i < APP_SLOTS; i++) {
            p.add(new PartitionEntry("app-" + i, 0x720000 + i * 256 * KIB, 256 * KIB));
        }
        p.add(new PartitionEntry("staging", 0x820000, 4 * MIB));
        for (int i = 0; i < APP_SLOTS; i++) {
            p.add(new PartitionEntry("app-rollback-" + i, 0xC20000 + i * 256 * KIB, 256 * KIB));
        }
        p.add(new PartitionEntry("mutable-storage", 0xD20000, 256 * KIB));
        p.add(new PartitionEntry("board-config", 0xD60000, 64 * KIB));
        return List.copyOf(p);
    }

    public PartitionTable table() {
        return table;
    }

    public FlashPartition partition(String name) {
        return table.partition(name);
    }

    public PlutonStorage plutonStorage() {
        return new PlutonStorage(region("fuses"), region("key-store"), region("trusted-key-store"), region("capability"),
                region("boot-state"));
    }

    private PartitionRegion region(String name) {
        return new PartitionRegion(table.partition(name));
    }

    public ImageSlot systemSlot(BootStage stage, Slot slot) {
        String prefix = switch (stage) {
            case PLUTON_RUNTIME -> "pluton-runtime";
            case SECURITY_MONITOR -> "security-monitor";
            case OS -> "os";
        };
        return new ImageSlot(table.partition(prefix + "-" + slot.name().toLowerCase(java.util.Locale.ROOT)));
    }

    public ImageSlot appSlot(int index) {
        return new ImageSlot(table.partition("app-" + index));
    }

    /** Where an update keeps what app slot {@code index} held before it, until the new apps are committed. */
    public ImageSlot appRollbackSlot(int index) {
        return new ImageSlot(table.partition("app-rollback-" + index));
    }

    /** The certificate store image the prerequisites phase installed: one power-cut-proof record. */
    public io.sphaera.pluton.storage.AtomicRecord certificateStore() {
        return new io.sphaera.pluton.storage.AtomicRecord(region("certificate-store"));
    }

    /** The customer board configuration image a deployment installed, kept until another replaces it. */
    public ImageSlot boardConfigSlot() {
        return new ImageSlot(table.partition("board-config"));
    }

    /** The update agent's journal: one power-cut-proof record. */
    public io.sphaera.pluton.storage.AtomicRecord updateJournal() {
        return new io.sphaera.pluton.storage.AtomicRecord(region("update-journal"));
    }
}
