package io.sphaera.emulator.os;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasi.WasiExitException;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.random.RandomGenerator;

/**
 * A high-level app on the A7: one WebAssembly module run by Chicory in the platform's sandbox. It reaches the device
 * only through the applibs functions it is given (each checks the app's manifest) and WASI for its standard streams,
 * clock and randomness, which come from the device's seams so that a run replays. Its memory is capped at the
 * platform's 256 KiB of app RAM.
 */
public final class HighLevelApp {
    /** The platform's RAM for the high-level app. */
    public static final int MAX_MEMORY_BYTES = 256 * 1024;
    private static final int PAGE = 64 * 1024;

    private final String name;
    private final WasmModule module;
    private final AppLog log;
    private final List<HostFunction> applibs;
    private final InstantSource clock;
    private final RandomGenerator random;

    /**
     * @throws AppLoadException if the bytes are not a WebAssembly module, or it asks for more memory than the app may have
     */
    public HighLevelApp(String name, byte[] wasm, AppLog log, List<HostFunction> applibs, InstantSource clock, RandomGenerator random)
            throws AppLoadException {
        this.name = name;
        try {
            this.module = Parser.parse(wasm);
        } catch (ChicoryException | IllegalArgumentException e) {
            throw new AppLoadException(name + ": not a WebAssembly module: " + e.getMessage(), e);
        }
        int initialPages = module.memorySection().map(m -> m.getMemory(0).limits().initialPages()).orElse(0);
        if ((long) initialPages * PAGE > MAX_MEMORY_BYTES) {
            throw new AppLoadException(name + ": needs " + initialPages * PAGE / 1024 + " KiB of memory at start; an app has "
                    + MAX_MEMORY_BYTES / 1024 + " KiB");
        }
        this.log = log;
        this.applibs = List.copyOf(applibs);
        this.clock = clock;
        this.random = random;
    }

    public String name() {
        return name;
    }

    /** Runs the app's main to its end on the calling thread (the device's executor), and says how it ended. */
    public AppOutcome run() {
        WasiOptions options = WasiOptions.builder()
                .withStdout(log.stream())
                .withStderr(log.stream())
                .withClock(clock.withZone(ZoneOffset.UTC))
                .withRandom(Random.from(random))
                .withArguments(List.of(name))
                .build();
        try (WasiPreview1 wasi = WasiPreview1.builder().withOptions(options).build()) {
            ImportValues imports = ImportValues.builder().addFunction(wasi.toHostFunctions())
                    .addFunction(applibs.toArray(HostFunction[]::new)).build();
            // The memory the module declares, with its maximum cut to the app's RAM: memory.grow past it fails, and
            // malloc returns NULL, as it does on the device.
            Instance instance = Instance.builder(module).withImportValues(imports)
                    .withMemoryFactory(declared -> new ByteArrayMemory(new MemoryLimits(declared.initialPages(),
                            Math.min(declared.maximumPages(), MAX_MEMORY_BYTES / PAGE))))
                    .withStart(false).build();
            instance.export("_start").apply();
            return AppOutcome.exited(0);
        } catch (WasiExitException e) {
            return AppOutcome.exited(e.exitCode());
        } catch (ChicoryException e) {
            return AppOutcome.crashed(e.getMessage());
        } finally {
            log.flush();
        }
    }
}
