package io.sphaera.emulator.os;

import io.sphaera.emulator.device.DeviceSeams;
import io.sphaera.emulator.device.Factory;
import io.sphaera.emulator.device.Mt3620Device;
import io.sphaera.emulator.sim.SeededRandomness;
import io.sphaera.emulator.sim.VirtualTimeScheduler;
import io.sphaera.emulator.vendor.SystemRelease;
import io.sphaera.emulator.vendor.Workspace;
import io.sphaera.firmware.image.ImageKind;
import io.sphaera.firmware.image.ImagePackageBuilder;
import io.sphaera.firmware.signing.SigningKey;
import io.sphaera.peripherals.flash.FlashWriteGate;
import io.sphaera.peripherals.flash.NorFlash;
import io.sphaera.pluton.fuse.ManufacturingState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * For the OS model's tests: a finished (DeviceComplete) device on a virtual-time executor, made from a fresh
 * workspace, and app packages for it signed with the workspace's production key, as a deployment would install them.
 */
record TestDevice(Workspace workspace, Mt3620Device device) {
    private static final Instant BUILT = Instant.parse("2026-11-26T00:00:00Z");

    static TestDevice make(Path dir, VirtualTimeScheduler scheduler, long seed) throws Exception {
        SeededRandomness randomness = new SeededRandomness(seed);
        Workspace w = Workspace.create(dir.resolve("ws"), scheduler.clock(), randomness.forParty("vendor"), "25.02",
                new SystemRelease.Sizes(16 * 1024, 16 * 1024, 16 * 1024));
        Mt3620Device device = new Factory(w.vendor(), w.release("25.02"), w.trustedKeyStoreImage()).manufacture(
                NorFlash.inMemory(NorFlash.MT3620_SIZE, FlashWriteGate.NONE),
                new DeviceSeams(scheduler.clock(), scheduler, randomness.forParty("device"), () -> 0L),
                ManufacturingState.DEVICE_COMPLETE);
        return new TestDevice(w, device);
    }

    /** The wasm of a built sample (target/samples/NAME). */
    static byte[] sample(String name) throws Exception {
        return Files.readAllBytes(TestApps.root().resolve("target/samples").resolve(name).resolve("bin/app"));
    }

    /**
     * Writes an app into {@code slot}: its manifest from the arguments (capabilities as JSON), signed with the
     * production key.
     */
    void install(int slot, String name, UUID component, String capabilities, boolean realTime, List<String> args, byte[] wasm) {
        install(slot, name, component, capabilities, realTime, args, wasm, workspace.vendor().productionImagesKey());
    }

    void install(int slot, String name, UUID component, String capabilities, boolean realTime, List<String> args, byte[] wasm,
                 SigningKey key) {
        String manifest = """
                {"SchemaVersion": 1, "Name": "%s", "ComponentId": "%s", "EntryPoint": "/bin/app", "CmdArgs": [%s],
                 "Capabilities": %s, "ApplicationType": "%s"}""".formatted(name, component,
                args.stream().map(a -> "\"" + a + "\"").collect(Collectors.joining(",")), capabilities,
                realTime ? "RealTimeCapable" : "Default");
        device.flash().appSlot(slot).write(new ImagePackageBuilder(ImageKind.APPLICATIONS, component)
                .imageId(UUID.nameUUIDFromBytes(("image of " + name + " " + manifest).getBytes(StandardCharsets.UTF_8)))
                .buildTime(BUILT)
                .addFile("app_manifest.json", manifest.getBytes(StandardCharsets.UTF_8), false)
                .addFile("bin/app", wasm, true)
                .sign(key));
    }
}
