package io.sphaera.emulator.os;

import com.dylibso.chicory.runtime.HostFunction;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
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

    private final String name;
    private final SandboxModule module;
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
        this.module = new SandboxModule(name, wasm, MAX_MEMORY_BYTES, "an app");
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
        // The file calls on the app's own descriptors (timers, GPIOs, sockets, the mutable file) are the sandbox's;
        // on the standard streams they stay Chicory's.
        AppDescriptors descriptors = new AppDescriptors();
        AppWaits waits = new AppWaits(thread, clock, descriptors);
        return module.run(thread, log, clock, random, arguments(), chicory -> {
            java.util.Map<String, HostFunction> streams = new java.util.HashMap<>();
            WasiFiles.CALLS.forEach(call -> streams.put(call, chicory.get(call)));
            List<HostFunction> own = new java.util.ArrayList<>(new WasiFiles(descriptors).functions(streams));
            own.addAll(applibs.functions(descriptors, waits));
            return own;
        }, instance -> { });
    }
}
