package io.sphaera.benchmarks;

import io.sphaera.emulator.os.AppLog;
import io.sphaera.emulator.os.AppOutcome;
import io.sphaera.emulator.os.Applibs;
import io.sphaera.emulator.os.HighLevelApp;
import io.sphaera.emulator.sim.VirtualClock;
import io.sphaera.emulator.sim.VirtualTimeScheduler;
import io.sphaera.peripherals.Mt3620Peripherals;
import io.sphaera.peripherals.bus.PeripheralBus;
import io.sphaera.peripherals.gpio.GpioBlock;
import io.sphaera.peripherals.mt3620.Core;
import io.sphaera.peripherals.mt3620.PeripheralBlock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * GPIO toggles per second from a C app in the sandbox (target/test-apps/toggler: 200,000 GPIO_SetValue calls, each a
 * host call that reads and writes the GPIO block's DOUT through the firewall), beside the same register accesses made
 * from plain Java on the same peripheral models, in the same run.
 */
public final class GpioHostCalls {
    static final int TOGGLES = 200_000;

    /** @param sandboxPerSecond toggles/s from the app, its start-up included; @param rawPerSecond from Java */
    public record Result(double sandboxPerSecond, double rawPerSecond) {
    }

    private GpioHostCalls() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println(measure(Path.of(args.length > 0 ? args[0] : ".")));
    }

    public static Result measure(Path repository) throws Exception {
        Path app = repository.resolve("target/test-apps/toggler/bin/app");
        if (!Files.exists(app)) {
            throw new IllegalStateException(app + " is missing: run scripts/build-samples (scripts/bench does)");
        }
        byte[] wasm = Files.readAllBytes(app);
        double sandbox = 0;
        for (int pass = 0; pass < 5; pass++) { // the last of five: the first ones warm the interpreter
            sandbox = sandboxRate(wasm);
        }
        double raw = 0;
        for (int pass = 0; pass < 5; pass++) {
            raw = rawRate();
        }
        return new Result(sandbox, raw);
    }

    private static double sandboxRate(byte[] wasm) throws Exception {
        Mt3620Peripherals chip = new Mt3620Peripherals();
        chip.firewall().assign(PeripheralBlock.ofGpio(8).orElseThrow(), Core.A7);
        VirtualTimeScheduler scheduler = new VirtualTimeScheduler(new VirtualClock(Instant.parse("2026-11-26T12:00:00Z")));
        AppLog log = new AppLog();
        HighLevelApp toggler = new HighLevelApp("toggler", wasm, log, Applibs.forHighLevelApp(log, Set.of(8), chip.bus(), line -> { }),
                scheduler.clock(), new SplittableRandom(1));
        AtomicReference<CompletableFuture<AppOutcome>> outcome = new AtomicReference<>();
        long start = System.nanoTime();
        scheduler.execute(() -> outcome.set(toggler.start(scheduler)));
        scheduler.runUntilIdle(java.time.Duration.ofHours(1));
        double seconds = (System.nanoTime() - start) / 1e9;
        if (!AppOutcome.exited(0).equals(outcome.get().getNow(null))) {
            throw new IllegalStateException("the toggler did not run to its end: " + outcome.get().getNow(null) + " " + log.lines());
        }
        return TOGGLES / seconds;
    }

    /** The register work of one GPIO_SetValue, from Java: read DOUT, write DOUT, through the bus and firewall. */
    private static double rawRate() {
        Mt3620Peripherals chip = new Mt3620Peripherals();
        PeripheralBlock block = PeripheralBlock.ofGpio(8).orElseThrow();
        chip.firewall().assign(block, Core.A7);
        PeripheralBus bus = chip.bus();
        int dout = block.baseAddress().getAsInt() + GpioBlock.DOUT;
        int bit = 1 << block.pinOf(8);
        long start = System.nanoTime();
        for (int i = 0; i < TOGGLES; i++) {
            int v = bus.read32(Core.A7, dout);
            bus.write32(Core.A7, dout, (i & 1) == 1 ? v | bit : v & ~bit);
        }
        return TOGGLES / ((System.nanoTime() - start) / 1e9);
    }
}
