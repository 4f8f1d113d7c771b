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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
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
    private final AppApplibs applibs;
    private final InstantSource clock;
    private final RandomGenerator random;

    /**
     * @throws AppLoadException if the bytes are not a WebAssembly module, or it asks for more memory than the app may have
     */
    public HighLevelApp(String name, byte[] wasm, AppLog log, AppApplibs applibs, InstantSource clock, RandomGenerator random)
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
        this.applibs = applibs;
        this.clock = clock;
        this.random = random;
    }

    public String name() {
        return name;
    }

    private volatile List<String> cmdArgs = List.of();

    /** The manifest's CmdArgs, which the app gets after its name in argv, as on the device; before {@link #start}. */
    public HighLevelApp withCmdArgs(List<String> args) {
        this.cmdArgs = List.copyOf(args);
        return this;
    }

    private List<String> arguments() {
        List<String> argv = new java.util.ArrayList<>();
        argv.add(name);
        argv.addAll(cmdArgs);
        return argv;
    }

    /**
     * Starts the app on a thread of its own that runs only while the device's executor hands it control (see
     * {@link AppThread}); call it on that executor. The future completes there, with how the app ended. The app's
     * sleeps pass on the executor's timers, on the device's clock.
     */
    public CompletableFuture<AppOutcome> start(ScheduledExecutorService deviceExecutor) {
        AppThread thread = new AppThread(name, deviceExecutor);
        this.thread = thread;
        return thread.start(() -> run(thread));
    }

    /**
     * Something outside the app happened that may make one of its descriptors ready (bytes from the host on a UART):
     * its wait, if any, looks again. From anywhere on the device.
     */
    public void nudge() {
        AppThread t = thread;
        if (t != null) {
            t.wake();
        }
    }

    /** Stops the app where it waits (power off, app stop); call it on the device's executor. */
    public void stop() {
        AppThread t = thread;
        if (t != null) {
            t.stop();
        }
    }

    private volatile AppThread thread;

    private AppOutcome run(AppThread thread) {
        WasiOptions options = WasiOptions.builder()
                .withStdout(log.stream())
                .withStderr(log.stream())
                .withClock(clock.withZone(ZoneOffset.UTC))
                .withRandom(Random.from(random))
                .withArguments(arguments())
                .build();
        try (WasiPreview1 wasi = WasiPreview1.builder().withOptions(options).build()) {
            // WASI as Chicory gives it, but for time, which must be the device's (its clock and its waits), and for
            // the file calls on the app's own descriptors (timers, GPIOs, the mutable file).
            AppDescriptors descriptors = new AppDescriptors();
            AppWaits waits = new AppWaits(thread, clock, descriptors);
            List<HostFunction> system = new java.util.ArrayList<>();
            java.util.Map<String, HostFunction> streams = new java.util.HashMap<>();
            for (HostFunction f : wasi.toHostFunctions()) {
                if (WasiFiles.CALLS.contains(f.name())) {
                    streams.put(f.name(), f);
                } else if (!f.name().equals("poll_oneoff") && !f.name().equals("clock_time_get")) {
                    system.add(f);
                }
            }
            system.add(ClockWaits.pollOneoff(thread, clock));
            system.add(ClockWaits.clockTimeGet(clock));
            system.addAll(new WasiFiles(descriptors).functions(streams));
            system.addAll(applibs.functions(descriptors, waits));
            ImportValues imports = ImportValues.builder().addFunction(system.toArray(HostFunction[]::new)).build();
            // The memory the module declares, with its maximum cut to the app's RAM: memory.grow past it fails, and
            // malloc returns NULL, as it does on the device.
            Instance instance = Instance.builder(module).withImportValues(imports)
                    .withMemoryFactory(declared -> new ByteArrayMemory(new MemoryLimits(declared.initialPages(),
                            Math.min(declared.maximumPages(), MAX_MEMORY_BYTES / PAGE))))
                    // Counts instructions so that an app that never blocks still gives the device its turns.
                    .withUnsafeExecutionListener((instruction, stack) -> thread.executed())
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
