package io.sphaera.emulator.os;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sphaera.emulator.device.Mt3620Flash;
import io.sphaera.peripherals.flash.FlashPartition;
import io.sphaera.peripherals.flash.FlashWriteGate;
import io.sphaera.peripherals.flash.NorFlash;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A C app's mutable file: read, write, lseek and close on it, its SizeKB, its grant, and its life in the device's flash. */
class StorageAppTest {
    private static final UUID APP = UUID.fromString("4f8e2c1a-9b3d-4e5f-8a7b-6c5d4e3f2a1b");
    private static final UUID OTHER_APP = UUID.fromString("0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d");

    /** The device's flash, kept across the app's runs as across reboots. */
    private final FlashPartition partition = new Mt3620Flash(NorFlash.inMemory(NorFlash.MT3620_SIZE, FlashWriteGate.NONE))
            .partition("mutable-storage");
    private final List<String> refusals = new ArrayList<>();

    /** One run of the storage app, as a boot would start it: a new app on the same flash. */
    private List<String> run(UUID app, OptionalInt sizeKiB) throws Exception {
        var scheduler = TestApps.scheduler(Instant.parse("2026-11-26T12:00:00Z"));
        AppLog log = new AppLog();
        AppApplibs applibs = Applibs.combine(List.of(Applibs.logOnly(log),
                StorageApplibs.group(new MutableStorage(partition), app, sizeKiB, refusals::add)));
        assertEquals(AppOutcome.exited(0), TestApps.runToEnd(new HighLevelApp("storage", TestApps.wasm("storage"), log, applibs,
                scheduler.clock(), new SplittableRandom(1)), scheduler));
        return log.lines();
    }

    private static List<String> firstRunFrom(String found, int runs) {
        String kept = "runs=" + runs;
        return List.of(
                "found: " + found,
                "seek to the start: 0",
                "write: " + (kept.length() + 1),
                "a second descriptor reads: " + kept,
                "close it: 0",
                "read it closed: EBADF",
                "write it closed: EBADF",
                "seek before the start: EINVAL",
                "seek to the end: " + (kept.length() + 1),
                "seek to 1000: 1000",
                "write 100 bytes at 1000: 24", // up to SizeKB, as POSIX writes up to a file size limit
                "write at 1024: ENOSPC",
                "seek to 2000: 2000",
                "write at 2000: ENOSPC",
                "size: 1024",
                "read at 500: 1",
                "byte 500 is 0", // between the end and a write past it: zeros
                "delete: 0",
                "delete again: ENOENT",
                "the open descriptor still reads: " + kept,
                "a new file reads: nothing",
                "write: " + (kept.length() + 1),
                "kept " + kept);
    }

    @Test
    void everyCallOnTheMutableFileBehavesAsThePlatformSays() throws Exception {
        assertEquals(firstRunFrom("nothing", 1), run(APP, OptionalInt.of(1)));
        assertEquals(List.of(), refusals);
    }

    @Test
    void theFileIsFoundAgainAfterAReboot() throws Exception {
        run(APP, OptionalInt.of(1));
        assertEquals(firstRunFrom("runs=1", 2), run(APP, OptionalInt.of(1)));
        assertEquals("found: runs=2", run(APP, OptionalInt.of(1)).get(0));
    }

    @Test
    void withoutMutableStorageInTheManifestBothCallsAreEaccesAndNoted() throws Exception {
        assertEquals(List.of("open: EACCES", "delete: EACCES"), run(APP, OptionalInt.empty()));
        assertEquals(List.of("open: EACCES", "delete: EACCES"), run(APP, OptionalInt.of(0)), "a SizeKB of 0 grants nothing");
        assertEquals(List.of(
                "Storage_OpenMutableFile refused: no MutableStorage capability in the manifest (EACCES)",
                "Storage_DeleteMutableFile refused: no MutableStorage capability in the manifest (EACCES)"), refusals.subList(0, 2));
        assertEquals(4, refusals.size());
    }

    @Test
    void anotherAppSeesNothingOfTheFileAndKeepsItsOwn() throws Exception {
        run(APP, OptionalInt.of(1));
        assertEquals("found: nothing", run(OTHER_APP, OptionalInt.of(1)).get(0));
        assertEquals("found: runs=1", run(OTHER_APP, OptionalInt.of(1)).get(0));
        assertEquals("found: runs=1", run(APP, OptionalInt.of(1)).get(0), "each app's file is its own");
    }

    @Test
    void aCorruptedFileReadsAsNoFile() throws Exception {
        run(APP, OptionalInt.of(1));
        byte[] sector = partition.read(0, NorFlash.SECTOR_SIZE);
        sector[MutableStorage.HEADER + 2] ^= 0x01; // one bit of the data: "runs=1" becomes "rtns=1"
        partition.erase(0, NorFlash.SECTOR_SIZE);
        partition.program(0, sector, 0, sector.length);
        assertEquals(firstRunFrom("nothing", 1), run(APP, OptionalInt.of(1)), "no garbage: the app starts afresh");
    }
}
