package io.sphaera.emulator.device;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sphaera.peripherals.flash.FlashWriteGate;
import io.sphaera.peripherals.flash.NorFlash;
import io.sphaera.peripherals.flash.PowerCutSchedule;
import io.sphaera.peripherals.flash.PowerLossException;
import io.sphaera.pluton.PlutonException;
import io.sphaera.pluton.boot.BootOutcome;
import io.sphaera.pluton.boot.BootReport;
import io.sphaera.pluton.boot.BootStage;
import io.sphaera.pluton.boot.Slot;
import io.sphaera.pluton.evidence.AttestationEvidence;
import io.sphaera.pluton.evidence.EvidenceVerifier;
import io.sphaera.pluton.fuse.AntiRollbackCounter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceBootTest {
    @Test
    void aManufacturedDeviceBootsInVirtualTimeAndAttests(@TempDir Path dir) throws Exception {
        TestFactory f = new TestFactory(dir.resolve("ws"), 1, 256);
        Mt3620Device device = f.manufactureInMemory("device-1");
        Instant before = f.scheduler.clock().instant();
        BootReport report = f.boot(device);
        assertEquals(BootOutcome.BOOTED, report.outcome());
        assertEquals(report.virtualTime(), Duration.between(before, f.scheduler.clock().instant()),
                "the virtual clock moves by exactly the modelled boot time");
        byte[] nonce = "0123456789abcdef".getBytes();
        AttestationEvidence evidence = EvidenceVerifier.verify(device.pluton().attest(nonce), device.pluton().identityPublicKey(), nonce);
        assertEquals("25.02", evidence.osVersion());
        assertEquals(device.pluton().deviceId().hex(), evidence.deviceId());
    }

    @Test
    void theSameSeedMakesTheSameDevice(@TempDir Path dir) throws Exception {
        String a = HexFormat.of().formatHex(new TestFactory(dir.resolve("a"), 7, 64).manufactureInMemory("d").pluton().identityPublicKey().xy());
        String b = HexFormat.of().formatHex(new TestFactory(dir.resolve("b"), 7, 64).manufactureInMemory("d").pluton().identityPublicKey().xy());
        String c = HexFormat.of().formatHex(new TestFactory(dir.resolve("c"), 8, 64).manufactureInMemory("d").pluton().identityPublicKey().xy());
        assertEquals(a, b);
        assertTrue(!a.equals(c));
    }

    @Test
    void stateSurvivesAPowerCycleOnAFile(@TempDir Path dir) throws Exception {
        TestFactory f = new TestFactory(dir.resolve("ws"), 2, 128);
        Path file = dir.resolve("flash.bin");
        List<byte[]> first;
        String id;
        try (NorFlash flash = NorFlash.open(file, NorFlash.MT3620_SIZE, FlashWriteGate.NONE)) {
            Mt3620Device device = f.manufacture(flash, "device-2");
            id = device.pluton().deviceId().hex();
            first = f.boot(device).measurements().registers();
            device.pluton().raiseCounter(AntiRollbackCounter.OS, 1);
        }
        try (NorFlash flash = NorFlash.open(file, NorFlash.MT3620_SIZE, FlashWriteGate.NONE)) {
            Mt3620Device device = new Mt3620Device(flash, f.seams("device-2"), io.sphaera.pluton.boot.BootCostModel.DEFAULT);
            assertEquals(id, device.pluton().deviceId().hex());
            List<byte[]> second = f.boot(device).measurements().registers();
            for (int i = 0; i < first.size(); i++) {
                assertArrayEquals(first.get(i), second.get(i));
            }
        }
    }

    @Test
    void aCorruptOsInFlashFallsBackAndTheSwitchPersists(@TempDir Path dir) throws Exception {
        TestFactory f = new TestFactory(dir.resolve("ws"), 3, 128);
        Mt3620Device device = f.manufactureInMemory("device-3");
        ImageSlot osA = device.flash().systemSlot(BootStage.OS, Slot.A);
        byte[] image = osA.read().orElseThrow();
        image[image.length - 100] ^= 0x10;
        osA.write(image);
        BootReport r = f.boot(device);
        assertEquals(BootOutcome.ROLLED_BACK, r.outcome());
        assertEquals(Slot.B, device.pluton().bootSelection().slotOf(BootStage.OS));
        assertEquals(BootOutcome.BOOTED, f.boot(device).outcome());
    }

    /** Cuts the power at each flash write of an update in turn; after power returns the state is old or new. */
    @Test
    void aPowerCutAtEachWriteOfATrustedKeyStoreOrCounterUpdateLeavesOldOrNew(@TempDir Path dir) throws Exception {
        TestFactory f = new TestFactory(dir.resolve("ws"), 4, 64);
        byte[] newStore = f.workspace.vendor().trustedKeyStoreImage(2, Instant.parse("2026-11-26T00:00:00Z"), f.randomness.forParty("tks2"));
        Mt3620Device golden = f.manufactureInMemory("device-4");
        long start = golden.nor().writeCount();
        golden.pluton().installTrustedKeyStore(newStore);
        golden.pluton().raiseCounter(AntiRollbackCounter.OS, 3);
        long writes = golden.nor().writeCount() - start;
        assertTrue(writes >= 4, "an update takes several writes: " + writes);
        int tried = 0;
        for (long cut = 0; cut < writes; cut++) {
            for (long tear : new long[] {-1, 1, 37}) {
                Mt3620Device base = f.manufactureInMemory("device-4");
                long at = cut; // a copied flash counts its writes from 0
                PowerCutSchedule schedule = tear < 0 ? PowerCutSchedule.cutBefore(at) : PowerCutSchedule.tear(at, tear);
                NorFlash flash = NorFlash.inMemoryCopyOf(base.nor(), schedule);
                Mt3620Device device = new Mt3620Device(flash, f.seams("device-4"), io.sphaera.pluton.boot.BootCostModel.DEFAULT);
                try {
                    device.pluton().installTrustedKeyStore(newStore);
                    device.pluton().raiseCounter(AntiRollbackCounter.OS, 3);
                } catch (PowerLossException expected) {
                    // The power went mid-update.
                }
                assertTrue(schedule.fired(), "the cut at write " + cut + " happened");
                device.powerOff();
                long sv = device.pluton().trustedKeyStore().orElseThrow().image().metadata().securityVersion();
                assertTrue(sv == 1 || sv == 2, "trusted key store security version " + sv);
                int os = device.pluton().counter(AntiRollbackCounter.OS);
                assertTrue(os == 1 || os == 2 || os == 3, "OS counter " + os);
                // The next boot finishes an install cut off before its counter rose. The factory OS has security
                // version 1, so once the OS counter passed it the device must refuse its own OS: recovery.
                assertEquals(os > 1 ? BootOutcome.RECOVERY : BootOutcome.BOOTED, f.boot(device).outcome());
                assertEquals(sv, device.pluton().counter(AntiRollbackCounter.TRUSTED_KEY_STORE), "the store's counter matches it");
                tried++;
            }
        }
        assertEquals(writes * 3, tried);
    }

    @Test
    void anUnmanufacturedChipCannotBoot(@TempDir Path dir) throws Exception {
        TestFactory f = new TestFactory(dir.resolve("ws"), 5, 64);
        Mt3620Device blank = new Mt3620Device(NorFlash.inMemory(NorFlash.MT3620_SIZE, FlashWriteGate.NONE), f.seams("blank"),
                io.sphaera.pluton.boot.BootCostModel.DEFAULT);
        var booted = blank.powerOn();
        f.scheduler.runUntilIdle(Duration.ofMinutes(1));
        assertTrue(booted.isCompletedExceptionally());
        assertThrows(PlutonException.class, () -> blank.pluton().deviceId());
    }
}
