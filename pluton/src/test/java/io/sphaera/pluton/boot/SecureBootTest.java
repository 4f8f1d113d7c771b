package io.sphaera.pluton.boot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sphaera.firmware.image.PackageSource;
import io.sphaera.firmware.image.TemporaryImage;
import io.sphaera.pluton.PlutonException;
import io.sphaera.pluton.TestChip;
import io.sphaera.pluton.capability.CapabilityException;
import io.sphaera.pluton.capability.DeviceCapability;
import io.sphaera.pluton.fuse.AntiRollbackCounter;
import io.sphaera.pluton.identity.DeviceId;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SecureBootTest {
    private static final UUID APP = UUID.fromString("25025d2c-66da-4448-bae1-ac26fcdd3627");

    private static BootReport boot(TestChip chip) throws PlutonException {
        return chip.pluton.boot(chip.images(), BootCostModel.DEFAULT, () -> 0L);
    }

    private static List<String> trace(BootReport r) {
        return r.attempts().stream().map(a -> a.stage() + "/" + a.slot() + ":" + a.verdict()).toList();
    }

    @Test
    void aManufacturedChipBootsEveryStageAndMeasuresIt() throws Exception {
        TestChip chip = new TestChip(1);
        BootReport r = boot(chip);
        assertEquals(BootOutcome.BOOTED, r.outcome());
        assertEquals(List.of("Pluton runtime/A:BOOTED", "Security monitor/A:BOOTED", "OS/A:BOOTED"), trace(r));
        assertEquals(3, r.measurements().events().size());
        assertEquals("1.0", r.osVersion().orElseThrow());
        assertTrue(r.virtualTime().toNanos() > 0);
    }

    @Test
    void measurementsRepeatForTheSameImagesAndDifferWhenAnyDiffers() throws Exception {
        TestChip chip = new TestChip(2);
        BootReport first = boot(chip);
        chip.powerCycle();
        BootReport second = boot(chip);
        assertEquals(hex(first.measurements().registers()), hex(second.measurements().registers()));
        assertArrayEquals(first.measurements().eventLogDigest(), second.measurements().eventLogDigest());

        chip.slotA.put(BootStage.OS, TestChip.systemImage(BootStage.OS, "1.1", 1, TestChip.SYSTEM));
        chip.powerCycle();
        BootReport third = boot(chip);
        assertEquals(hex(first.measurements().registers()).get(0), hex(third.measurements().registers()).get(0));
        assertFalse(hex(first.measurements().registers()).get(1).equals(hex(third.measurements().registers()).get(1)));
    }

    @Test
    void aChangedByteInAnyStageFallsBackAndRollsBackEveryStageAbove() throws Exception {
        for (BootStage broken : BootStage.values()) {
            TestChip chip = new TestChip(3);
            byte[] image = chip.slotA.get(broken).clone();
            image[image.length / 2] ^= 0x01;
            chip.slotA.put(broken, image);
            BootReport r = boot(chip);
            assertEquals(BootOutcome.ROLLED_BACK, r.outcome(), broken.name());
            for (StageResult a : r.attempts()) {
                if (a.stage().equals(broken.displayName()) && a.slot().equals("A")) {
                    assertEquals(Verdict.REFUSED, a.verdict());
                }
            }
            // Stages below the broken one ran from A; the broken one and every one above ran from B.
            for (BootStage s : BootStage.values()) {
                String expected = s.ordinal() < broken.ordinal() ? "A" : "B";
                assertTrue(r.attempts().stream().anyMatch(a -> a.stage().equals(s.displayName()) && a.slot().equals(expected)
                        && a.verdict() == Verdict.BOOTED), broken + " broken: " + trace(r));
            }
            // The next boot goes straight to the images that worked.
            assertEquals(Slot.B, chip.pluton.bootSelection().slotOf(broken));
            chip.powerCycle();
            assertEquals(BootOutcome.BOOTED, boot(chip).outcome());
        }
    }

    @Test
    void nothingBootableMeansRecoveryAndNothingRuns() throws Exception {
        TestChip chip = new TestChip(4);
        byte[] a = chip.slotA.get(BootStage.SECURITY_MONITOR).clone();
        a[100] ^= 0x40;
        chip.slotA.put(BootStage.SECURITY_MONITOR, a);
        chip.slotB.remove(BootStage.SECURITY_MONITOR);
        BootReport r = boot(chip);
        assertEquals(BootOutcome.RECOVERY, r.outcome());
        assertTrue(r.attempts().stream().noneMatch(x -> x.stage().equals("OS")), "the OS never ran: " + trace(r));
        assertEquals(1, r.measurements().events().size(), "only the Pluton runtime was measured");
        assertTrue(r.attempts().stream().anyMatch(x -> x.verdict() == Verdict.EMPTY));
    }

    @Test
    void aDowngradeBelowTheCounterIsRefused() throws Exception {
        TestChip chip = new TestChip(5);
        chip.slotA.put(BootStage.OS, TestChip.systemImage(BootStage.OS, "2.0", 3, TestChip.SYSTEM));
        chip.pluton.raiseCounter(AntiRollbackCounter.OS, 3);
        BootReport r = boot(chip);
        // A holds version 3 and boots; B holds the old version 1, now below the counter.
        assertEquals(BootOutcome.BOOTED, r.outcome());
        chip.slotA.put(BootStage.OS, TestChip.systemImage(BootStage.OS, "1.0", 1, TestChip.SYSTEM));
        BootReport downgraded = boot(chip);
        assertEquals(BootOutcome.RECOVERY, downgraded.outcome());
        assertTrue(downgraded.attempts().stream().anyMatch(a -> a.reason().contains("below the anti-rollback counter 3")),
                trace(downgraded).toString());
    }

    @Test
    void keysOutsideTheStoreOrOfTheWrongRoleAndWrongComponentsAreRefused() throws Exception {
        record Case(byte[] image, String reason) {
        }
        List<Case> cases = List.of(
                new Case(TestChip.systemImage(BootStage.OS, "1.0", 1, TestChip.STRANGER), "not in the trusted key store"),
                new Case(TestChip.systemImage(BootStage.OS, "1.0", 1, TestChip.PRODUCTION), "role ProductionImages"),
                new Case(TestChip.systemImage(BootStage.OS, "1.0", 1, TestChip.ROOT), "role Root"),
                new Case(TestChip.systemImage(BootStage.SECURITY_MONITOR, "1.0", 1, TestChip.SYSTEM), "expected a NormalWorldKernel image"));
        for (Case c : cases) {
            TestChip chip = new TestChip(6);
            chip.slotA.put(BootStage.OS, c.image());
            BootReport r = boot(chip);
            assertEquals(BootOutcome.ROLLED_BACK, r.outcome());
            StageResult refused = r.attempts().stream().filter(a -> a.verdict() == Verdict.REFUSED).findFirst().orElseThrow();
            assertTrue(refused.reason().contains(c.reason()), refused.reason());
        }
    }

    @Test
    void appsSignedWithTheSdkTestKeyRunOnlyWithAppDevelopment() throws Exception {
        TestChip chip = new TestChip(7);
        chip.apps.add(new BootImages.AppImage("app0", PackageSource.of(TestChip.app("Dev", APP, TestChip.SDK_TEST, TemporaryImage.NONE, false))));
        chip.apps.add(new BootImages.AppImage("app1", PackageSource.of(TestChip.app("Prod", UUID.randomUUID(), TestChip.PRODUCTION, TemporaryImage.NONE, true))));
        BootReport r = boot(chip);
        assertEquals(List.of(Verdict.REFUSED, Verdict.BOOTED), r.attempts().subList(3, 5).stream().map(StageResult::verdict).toList());
        assertTrue(r.attempts().get(3).reason().contains("appDevelopment"));
        assertEquals(BootStage.REAL_TIME_REGISTER, r.measurements().events().get(3).register());

        DeviceId me = chip.pluton.deviceId();
        chip.pluton.applyCapability(chip.capabilityFor(me, TestChip.CAPABILITIES, DeviceCapability.APP_DEVELOPMENT));
        chip.powerCycle();
        assertEquals(Set.of(DeviceCapability.APP_DEVELOPMENT), chip.pluton.capabilities(), "capabilities survive a power cycle");
        BootReport dev = boot(chip);
        assertEquals(Verdict.BOOTED, dev.attempts().get(3).verdict());
        assertEquals(BootStage.APPLICATION_REGISTER, dev.measurements().events().get(3).register());
    }

    @Test
    void aComponentRunsOnceAndADeviceRunsOneHighLevelApp() throws Exception {
        TestChip chip = new TestChip(10);
        byte[] app = TestChip.app("Twin", APP, TestChip.PRODUCTION, TemporaryImage.NONE, false);
        chip.apps.add(new BootImages.AppImage("app0", PackageSource.of(app)));
        chip.apps.add(new BootImages.AppImage("app1", PackageSource.of(app)));
        chip.apps.add(new BootImages.AppImage("app2", PackageSource.of(TestChip.app("Second", UUID.randomUUID(), TestChip.PRODUCTION,
                TemporaryImage.NONE, false))));
        BootReport r = boot(chip);
        List<StageResult> apps = r.attempts().subList(3, 6);
        assertEquals(List.of(Verdict.BOOTED, Verdict.REFUSED, Verdict.REFUSED), apps.stream().map(StageResult::verdict).toList());
        assertTrue(apps.get(1).reason().contains("already running"), apps.get(1).reason());
        assertTrue(apps.get(2).reason().contains("a device runs one"), apps.get(2).reason());
        assertEquals(4, r.measurements().events().size(), "refused apps are not measured");
    }

    @Test
    void capabilityImagesForAnotherDeviceOrFromAnotherKeyAreRefused() throws Exception {
        TestChip chip = new TestChip(8);
        DeviceId other = new TestChip(9).pluton.deviceId();
        CapabilityException foreign = assertThrows(CapabilityException.class, () -> chip.pluton.applyCapability(
                chip.capabilityFor(other, TestChip.CAPABILITIES, DeviceCapability.APP_DEVELOPMENT)));
        assertTrue(foreign.getMessage().contains("not this one"), foreign.getMessage());
        CapabilityException forged = assertThrows(CapabilityException.class, () -> chip.pluton.applyCapability(
                chip.capabilityFor(chip.pluton.deviceId(), TestChip.SYSTEM, DeviceCapability.APP_DEVELOPMENT)));
        assertTrue(forged.getMessage().contains("not signed by a capabilities key"), forged.getMessage());
        byte[] tampered = chip.capabilityFor(chip.pluton.deviceId(), TestChip.CAPABILITIES, DeviceCapability.FIELD_SERVICING);
        tampered[20] ^= 1;
        assertThrows(CapabilityException.class, () -> chip.pluton.applyCapability(tampered));
        assertEquals(Set.of(), chip.pluton.capabilities());
    }

    private static List<String> hex(List<byte[]> registers) {
        return registers.stream().map(java.util.HexFormat.of()::formatHex).toList();
    }
}
