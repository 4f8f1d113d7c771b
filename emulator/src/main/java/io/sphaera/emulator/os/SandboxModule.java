package io.sphaera.emulator.os;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasi.WasiExitException;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import io.sphaera.peripherals.bus.BusFault;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * What high-level and real-time apps share: a WebAssembly module checked against the memory its core has, run by
 * Chicory on its {@link AppThread} with WASI on the device's clock and randomness (its standard streams to the app's
 * log, its time and waits the device's), the instructions counted for the thread's quantum, and the way a run ends
 * (an exit code, or a trap or bus fault as a crash).
 */
final class SandboxModule {
    private static final int PAGE = 64 * 1024;

    private final WasmModule module;
    private final int maxMemoryBytes;

    /**
     * @param core what the app runs on, for the refusal ("an app", "an I/O core")
     * @throws AppLoadException if the bytes are not a WebAssembly module, or it needs more memory at start than allowed
     */
    SandboxModule(String name, byte[] wasm, int maxMemoryBytes, String core) throws AppLoadException {
        try {
            this.module = ParsedModules.shared().parse(wasm);
        } catch (ChicoryException | IllegalArgumentException e) {
            throw new AppLoadException(name + ": not a WebAssembly module: " + e.getMessage(), e);
        }
        int initialPages = module.memorySection().map(m -> m.getMemory(0).limits().initialPages()).orElse(0);
        if ((long) initialPages * PAGE > maxMemoryBytes) {
            throw new AppLoadException(name + ": needs " + initialPages * PAGE / 1024 + " KiB of memory at start; " + core
                    + " has " + maxMemoryBytes / 1024 + " KiB");
        }
        this.maxMemoryBytes = maxMemoryBytes;
    }

    /**
     * Runs the module's _start on {@code thread}. {@code hostFunctions} gets Chicory's WASI functions by name and
     * returns the app's own host functions, including any WASI function it takes over; the rest of Chicory's WASI is
     * kept, but for time, which is always the device's. {@code started} sees the instance before _start runs.
     */
    AppOutcome run(AppThread thread, AppLog log, InstantSource clock, RandomGenerator random, List<String> argv,
                   Function<Map<String, HostFunction>, List<HostFunction>> hostFunctions, Consumer<Instance> started) {
        WasiOptions options = WasiOptions.builder()
                .withStdout(log.stream())
                .withStderr(log.stream())
                .withClock(clock.withZone(ZoneOffset.UTC))
                .withRandom(Random.from(random))
                .withArguments(argv)
                .build();
        try (WasiPreview1 wasi = WasiPreview1.builder().withOptions(options).build()) {
            Map<String, HostFunction> chicory = new HashMap<>();
            for (HostFunction f : wasi.toHostFunctions()) {
                chicory.put(f.name(), f);
            }
            List<HostFunction> imports = new ArrayList<>();
            imports.add(ClockWaits.pollOneoff(thread, clock));
            imports.add(ClockWaits.clockTimeGet(clock));
            imports.addAll(hostFunctions.apply(Map.copyOf(chicory)));
            Set<String> replaced = new HashSet<>();
            for (HostFunction f : imports) {
                if (f.module().equals(WasiFiles.MODULE)) {
                    replaced.add(f.name());
                }
            }
            chicory.forEach((name, f) -> {
                if (!replaced.contains(name)) {
                    imports.add(f);
                }
            });
            // The memory the module declares, with its maximum cut to the core's RAM: memory.grow past it fails, and
            // malloc returns NULL, as it does on the device.
            Instance instance = Instance.builder(module)
                    .withImportValues(ImportValues.builder().addFunction(imports.toArray(HostFunction[]::new)).build())
                    .withMemoryFactory(declared -> new ByteArrayMemory(new MemoryLimits(declared.initialPages(),
                            Math.min(declared.maximumPages(), maxMemoryBytes / PAGE))))
                    // Counts instructions so that an app that never blocks still gives the device its turns.
                    .withUnsafeExecutionListener((instruction, stack) -> thread.executed())
                    .withStart(false).build();
            started.accept(instance);
            instance.export("_start").apply();
            return AppOutcome.exited(0);
        } catch (WasiExitException e) {
            return AppOutcome.exited(e.exitCode());
        } catch (BusFault e) {
            return AppOutcome.crashed(e.getMessage());
        } catch (ChicoryException e) {
            return AppOutcome.crashed(e.getMessage());
        } finally {
            log.flush();
        }
    }
}
