package io.sphaera.emulator.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sphaera.emulator.device.Mt3620Device;
import io.sphaera.emulator.device.Mt3620Flash;
import io.sphaera.emulator.sim.VirtualTimeScheduler;
import io.sphaera.firmware.manifest.PowerControl;
import io.sphaera.peripherals.Mt3620Peripherals;
import io.sphaera.peripherals.flash.FlashWriteGate;
import io.sphaera.peripherals.flash.NorFlash;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** powermanagement.h: a forced reboot or power-down within PowerControls takes the device down with the app; outside it, EACCES. */
class PowerAppTest {
    private static final UUID COMPONENT = UUID.fromString("7d2e4f6a-1b3c-4d5e-8f9a-0b1c2d3e4f5a");

    @TempDir
    Path dir;

    private final VirtualTimeScheduler scheduler = TestApps.scheduler(Instant.parse("2026-11-26T12:00:00Z"));
    private final List<String> refusals = new ArrayList<>();
    private final List<String> powerCalls = new ArrayList<>();
    private final AppLog log = new AppLog();

    /** The power app on its own, with a device power that notes each call and stops the app, as power-off does. */
    private CompletableFuture<AppOutcome> start(Set<PowerControl> granted) throws Exception {
        AtomicReference<HighLevelApp> app = new AtomicReference<>();
        DevicePower power = new DevicePower() {
            @Override
            public void reboot() {
                powerCalls.add("reboot");
                scheduler.execute(() -> app.get().stop());
            }

            @Override
            public void powerDown(Duration maxResidency) {
                powerCalls.add("power down for " + maxResidency);
                scheduler.execute(() -> app.get().stop());
            }
        };
        var partition = new Mt3620Flash(NorFlash.inMemory(NorFlash.MT3620_SIZE, FlashWriteGate.NONE)).partition("mutable-storage");
        AppApplibs applibs = Applibs.combine(List.of(Applibs.logOnly(log),
                StorageApplibs.group(new MutableStorage(partition), COMPONENT, OptionalInt.of(1), refusals::add),
                PowerApplibs.group(granted, power, refusals::add)));
        app.set(new HighLevelApp("power", TestApps.wasm("power"), log, applibs, scheduler.clock(), new SplittableRandom(1)));
        AtomicReference<CompletableFuture<AppOutcome>> started = new AtomicReference<>();
        scheduler.execute(() -> started.set(app.get().start(scheduler)));
        scheduler.advanceBy(Duration.ofSeconds(1));
        return started.get();
    }

    @Test
    void withoutPowerControlsBothCallsAreEaccesAndNoted() throws Exception {
        AppOutcome outcome = start(Set.of(PowerControl.SET_POWER_PROFILE)).getNow(null);
        assertEquals(AppOutcome.exited(0), outcome);
        assertEquals(List.of("boot 1", "reboot: EACCES", "power down: EACCES", "done"), log.lines());
        assertEquals(List.of(
                "PowerManagement_ForceSystemReboot refused: no ForceReboot in the manifest's PowerControls (EACCES)",
                "PowerManagement_ForceSystemPowerDown refused: no ForcePowerDown in the manifest's PowerControls (EACCES)"), refusals);
        assertEquals(List.of(), powerCalls);
    }

    @Test
    void aForcedRebootDoesNotReturnTheDeviceStopsTheApp() throws Exception {
        AppOutcome outcome = start(Set.of(PowerControl.FORCE_REBOOT)).getNow(null);
        assertEquals(List.of("reboot"), powerCalls);
        assertEquals(List.of("boot 1"), log.lines(), "the call never returned");
        assertTrue(outcome != null && outcome.crash().orElseThrow().contains("stopped"), String.valueOf(outcome));
    }

    @Test
    void aForcedPowerDownAsksForItsTimeAndDoesNotReturn() throws Exception {
        AppOutcome outcome = start(Set.of(PowerControl.FORCE_POWER_DOWN)).getNow(null);
        assertEquals(List.of("power down for PT1M"), powerCalls);
        assertEquals(List.of("boot 1", "reboot: EACCES"), log.lines());
        assertTrue(outcome != null && outcome.crash().orElseThrow().contains("stopped"), String.valueOf(outcome));
    }

    @Test
    void onADeviceTheAppRebootsItThenPowersItDownForAMinuteAndItsCountSurvivesBoth() throws Exception {
        TestDevice t = TestDevice.make(dir, scheduler, 52);
        Mt3620Device device = t.device();
        List<String> os = new ArrayList<>();
        List<Instant> when = new ArrayList<>();
        device.run(new A7Runtime(device, new Mt3620Peripherals(), log, line -> {
            os.add(line);
            when.add(scheduler.clock().instant());
        }));
        t.install(0, "Power", COMPONENT, "{\"MutableStorage\": {\"SizeKB\": 1}, \"PowerControls\": [\"ForceReboot\", \"ForcePowerDown\"]}",
                false, List.of(), TestApps.wasm("power"));

        device.powerOn();
        scheduler.advanceBy(Duration.ofSeconds(70));
        device.powerOff();
        scheduler.runReady();

        assertEquals(List.of("boot 1", "boot 2", "boot 3", "done"), log.lines().subList(0, 4));
        List<String> power = os.stream().filter(l -> !l.equals("peripheral configuration locked")).toList();
        assertEquals(List.of("started Power", "Power forced a reboot", "Power stopped", "started Power",
                "Power forced a power-down for 60 s", "Power stopped", "started Power", "Power exited with code 0"),
                power.subList(0, 8));
        Instant down = when.get(os.indexOf("Power forced a power-down for 60 s"));
        Instant third = when.get(indexOfNth(os, "started Power", 3));
        assertTrue(!third.isBefore(down.plusSeconds(60)), "down at " + down + ", up again at " + third);
        assertTrue(third.isBefore(down.plusSeconds(61)), "and not much later: the boot's own time, " + third);
    }

    private static int indexOfNth(List<String> lines, String line, int n) {
        for (int i = 0, seen = 0; i < lines.size(); i++) {
            if (lines.get(i).equals(line) && ++seen == n) {
                return i;
            }
        }
        throw new AssertionError(line + " only " + n + " times in " + lines);
    }
}
