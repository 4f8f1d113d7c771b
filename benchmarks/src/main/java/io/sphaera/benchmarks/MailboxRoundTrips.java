package io.sphaera.benchmarks;

import io.sphaera.emulator.device.DeviceSeams;
import io.sphaera.emulator.device.Factory;
import io.sphaera.emulator.device.Mt3620Device;
import io.sphaera.emulator.os.A7Runtime;
import io.sphaera.emulator.os.AppLog;
import io.sphaera.emulator.os.IntercoreMemory;
import io.sphaera.emulator.os.IntercoreRing;
import io.sphaera.emulator.sim.SeededRandomness;
import io.sphaera.emulator.sim.VirtualClock;
import io.sphaera.emulator.sim.VirtualTimeScheduler;
import io.sphaera.emulator.vendor.SystemRelease;
import io.sphaera.emulator.vendor.Workspace;
import io.sphaera.firmware.image.ImageKind;
import io.sphaera.firmware.image.ImagePackageBuilder;
import io.sphaera.firmware.signing.SigningKey;
import io.sphaera.peripherals.Mt3620Peripherals;
import io.sphaera.peripherals.flash.FlashWriteGate;
import io.sphaera.peripherals.flash.NorFlash;
import io.sphaera.peripherals.interrupt.IoCoreIrq;
import io.sphaera.peripherals.interrupt.Nvic;
import io.sphaera.peripherals.mailbox.IntercoreMailbox;
import io.sphaera.peripherals.memory.SharedMemory;
import io.sphaera.pluton.fuse.ManufacturingState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Mailbox round trips per second between a high-level app on the A7 and a real-time app on an M4, both C in the
 * sandbox (target/test-apps/echo-bench-hl and echo-bench-rt: 32-byte messages sent, echoed and checked), on a whole
 * device; beside it the same model work from plain Java in the same run: the message written into the inbound ring,
 * the mailbox's interrupt raised and taken, the ring read and the message written back into the outbound ring, the
 * doorbell rung and the answer read.
 */
public final class MailboxRoundTrips {
    static final int ROUNDS = 5_000;
    private static final UUID HIGH_LEVEL = UUID.fromString("7e1f7c2a-3b4d-4e5f-8a9b-0c1d2e3f4a5b");
    private static final UUID REAL_TIME = UUID.fromString("6e1f7c2a-3b4d-4e5f-8a9b-0c1d2e3f4a5b");
    private static final int BUFFER = 4096;

    /** @param sandboxPerSecond round trips/s between the two apps; @param rawPerSecond the model work from Java */
    public record Result(double sandboxPerSecond, double rawPerSecond) {
    }

    private MailboxRoundTrips() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println(measure(Path.of(args.length > 0 ? args[0] : ".")));
    }

    public static Result measure(Path repository) throws Exception {
        Path work = Files.createTempDirectory("sphaera-mailbox-bench");
        try {
            byte[] highLevel = Files.readAllBytes(app(repository, "echo-bench-hl"));
            byte[] realTime = Files.readAllBytes(app(repository, "echo-bench-rt"));
            double sandbox = 0;
            for (int pass = 0; pass < 4; pass++) { // the last of four: the first ones warm the interpreter
                sandbox = sandboxRate(work.resolve("pass-" + pass), highLevel, realTime);
            }
            double raw = 0;
            for (int pass = 0; pass < 5; pass++) {
                raw = rawRate();
            }
            return new Result(sandbox, raw);
        } finally {
            try (var files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static Path app(Path repository, String name) {
        Path app = repository.resolve("target/test-apps").resolve(name).resolve("bin/app");
        if (!Files.exists(app)) {
            throw new IllegalStateException(app + " is missing: run scripts/build-samples (scripts/bench does)");
        }
        return app;
    }

    private static byte[] pack(String name, UUID component, UUID peer, String type, List<String> args, byte[] wasm,
                               SigningKey key) {
        String manifest = """
                {"SchemaVersion": 1, "Name": "%s", "ComponentId": "%s", "EntryPoint": "/bin/app", "CmdArgs": [%s],
                 "Capabilities": {"AllowedApplicationConnections": ["%s"]}, "ApplicationType": "%s"}"""
                .formatted(name, component, String.join(",", args.stream().map(a -> "\"" + a + "\"").toList()), peer, type);
        return new ImagePackageBuilder(ImageKind.APPLICATIONS, component).imageId(UUID.randomUUID())
                .buildTime(Instant.parse("2026-11-26T00:00:00Z"))
                .addFile("app_manifest.json", manifest.getBytes(StandardCharsets.UTF_8), false)
                .addFile("bin/app", wasm, true)
                .sign(key);
    }

    private static double sandboxRate(Path dir, byte[] highLevel, byte[] realTime) throws Exception {
        VirtualTimeScheduler scheduler = new VirtualTimeScheduler(new VirtualClock(Instant.parse("2026-11-26T12:00:00Z")));
        SeededRandomness randomness = new SeededRandomness(91);
        Workspace w = Workspace.create(dir, scheduler.clock(), randomness.forParty("vendor"), "25.02",
                new SystemRelease.Sizes(16 * 1024, 16 * 1024, 16 * 1024));
        Mt3620Device device = new Factory(w.vendor(), w.release("25.02"), w.trustedKeyStoreImage()).manufacture(
                NorFlash.inMemory(NorFlash.MT3620_SIZE, FlashWriteGate.NONE),
                new DeviceSeams(scheduler.clock(), scheduler, randomness.forParty("device"), () -> 0L), ManufacturingState.DEVICE_COMPLETE);
        SigningKey key = w.vendor().productionImagesKey();
        device.flash().appSlot(0).write(pack("EchoBench_HL", HIGH_LEVEL, REAL_TIME, "Default", List.of(String.valueOf(ROUNDS)),
                highLevel, key));
        device.flash().appSlot(1).write(pack("EchoBench_RT", REAL_TIME, HIGH_LEVEL, "RealTimeCapable", List.of(), realTime, key));
        AppLog log = new AppLog();
        List<String> os = new ArrayList<>();
        A7Runtime runtime = new A7Runtime(device, new Mt3620Peripherals(), log, os::add);
        device.run(runtime);
        device.powerOn();
        // The boot and the apps' start, untimed: the high-level app connects, then sleeps a second before its rounds.
        scheduler.advanceBy(Duration.ofMillis(500));
        if (runtime.runCount() != 0 || !os.contains("started EchoBench_HL")) {
            throw new IllegalStateException("the benchmark's apps did not start as expected: " + os + " " + log.lines());
        }
        long start = System.nanoTime();
        while (runtime.runCount() == 0) {
            scheduler.advanceBy(Duration.ofMillis(100));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (!log.lines().contains(ROUNDS + " round trips")) {
            throw new IllegalStateException("the echo did not complete: " + log.lines() + " " + os);
        }
        device.powerOff();
        scheduler.runReady();
        return ROUNDS / seconds;
    }

    /** The model work of one round trip, from Java, on the same rings, mailbox and NVIC. */
    private static double rawRate() throws Exception {
        Nvic nvic = new Nvic();
        IntercoreMailbox mailbox = new IntercoreMailbox(nvic);
        SharedMemory sysram = SharedMemory.intercoreBuffers();
        IntercoreMemory memory = new IntercoreMemory() {
            @Override
            public byte readByte(int address) {
                return sysram.readBytes(sysram.offsetOf(address), 1)[0];
            }

            @Override
            public void writeByte(int address, byte value) {
                sysram.writeBytes(sysram.offsetOf(address), new byte[] {value});
            }
        };
        int inbound = sysram.baseAddress();
        int outbound = inbound + BUFFER;
        IntercoreRing toCore = new IntercoreRing(memory, inbound, BUFFER, outbound);
        IntercoreRing fromCore = new IntercoreRing(memory, outbound, BUFFER, inbound);
        toCore.clear();
        fromCore.clear();
        nvic.write32(Nvic.ISER, 1 << IoCoreIrq.MAILBOX_A7_SOFTWARE);
        mailbox.write32(IntercoreMailbox.SW_RX_INT_EN, IntercoreMailbox.RX_HL_CORE_SENT);
        byte[] message = "round trip payload 0123456789abc".getBytes(StandardCharsets.US_ASCII);
        long start = System.nanoTime();
        for (int i = 0; i < ROUNDS; i++) {
            toCore.write(HIGH_LEVEL, message);
            mailbox.signal(IntercoreMailbox.RX_HL_CORE_SENT);
            int irq = nvic.takePending();
            IntercoreRing.Message m = toCore.read().orElseThrow();
            mailbox.write32(IntercoreMailbox.SW_RX_INT_STS, IntercoreMailbox.RX_HL_CORE_SENT);
            nvic.complete(irq);
            mailbox.write32(IntercoreMailbox.SW_TX_INT_PORT, IntercoreMailbox.TX_IO_CORE_RECEIVED);
            fromCore.write(m.component(), m.payload());
            mailbox.write32(IntercoreMailbox.SW_TX_INT_PORT, IntercoreMailbox.TX_IO_CORE_SENT);
            fromCore.read().orElseThrow();
        }
        return ROUNDS / ((System.nanoTime() - start) / 1e9);
    }
}
