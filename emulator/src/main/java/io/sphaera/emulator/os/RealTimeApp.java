package io.sphaera.emulator.os;

import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import io.sphaera.peripherals.mt3620.Core;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.random.RandomGenerator;

/**
 * A real-time app on one of the M4 I/O cores: a WebAssembly module run by Chicory that reaches the chip the way
 * bare-metal code does, by reading and writing registers at the MT3620's M4 addresses (module "mt3620": read32,
 * write32, and copy_in/copy_out for what a C pointer copy does on the chip), waiting for interrupts (wfi) and masking
 * them (irq_disable/irq_enable, PRIMASK). Interrupts are taken
 * when the app next touches the chip or waits: the core calls the app's exported {@code sphaera_irq(irq)}, its
 * vector table. A bus fault ends the app as a crash, as the core's HardFault would.
 * WASI is there for the C library's start-up and its standard streams, which go to the core's log (on the chip an
 * RTApp writes its debug UART instead); its clock is the device's.
 */
public final class RealTimeApp {
    /** The module a real-time app imports its chip access from (sdk/include/rt/mt3620.h). */
    static final String MODULE = "mt3620";
    /** Each I/O core has 192 KiB of TCM and 64 KiB of SYSRAM. */
    public static final int MAX_MEMORY_BYTES = 256 * 1024;

    private final String name;
    private final Core core;
    private final SandboxModule module;
    private final AppLog log;
    private final CoreMemory memory;
    private final CoreInterrupts interrupts;
    private final InstantSource clock;
    private final RandomGenerator random;
    private volatile AppThread thread;
    private boolean masked;

    /** @throws AppLoadException if the bytes are not a WebAssembly module, or it needs more memory than a core has */
    public RealTimeApp(String name, Core core, byte[] wasm, AppLog log, CoreMemory memory, CoreInterrupts interrupts,
                       InstantSource clock, RandomGenerator random) throws AppLoadException {
        if (core == Core.A7) {
            throw new IllegalArgumentException("a real-time app runs on an I/O core, not the A7");
        }
        this.name = name;
        this.core = core;
        this.module = new SandboxModule(name, wasm, MAX_MEMORY_BYTES, "an I/O core");
        this.log = log;
        this.memory = memory;
        this.interrupts = interrupts;
        this.clock = clock;
        this.random = random;
    }

    public String name() {
        return name;
    }

    public Core core() {
        return core;
    }

    /** Starts the app on its core; call it on the device's executor. The future completes there with how it ended. */
    public CompletableFuture<AppOutcome> start(ScheduledExecutorService deviceExecutor) {
        AppThread t = new AppThread(name, deviceExecutor, AppThread.M4_QUANTUM_TIME);
        this.thread = t;
        interrupts.onPending(t::wake);
        return t.start(() -> run(t));
    }

    /** Stops the app where it waits; call it on the device's executor. */
    public void stop() {
        AppThread t = thread;
        if (t != null) {
            t.stop();
        }
    }

    private AppOutcome run(AppThread thread) {
        Instance[] self = new Instance[1];
        return module.run(thread, log, clock, random, List.of(name), chicory -> chipAccess(thread, self),
                instance -> self[0] = instance);
    }

    private List<HostFunction> chipAccess(AppThread thread, Instance[] self) {
        return List.of(
                new HostFunction(MODULE, "read32", FunctionType.of(List.of(ValType.I32), List.of(ValType.I32)), (instance, args) -> {
                    int value = memory.read32((int) args[0]);
                    takeInterrupts(self[0]);
                    return new long[] {value};
                }),
                new HostFunction(MODULE, "write32", FunctionType.of(List.of(ValType.I32, ValType.I32), List.of()), (instance, args) -> {
                    memory.write32((int) args[0], (int) args[1]);
                    takeInterrupts(self[0]);
                    return null;
                }),
                // memcpy between the core's address space (its shared SYSRAM, say) and the app's memory: on the chip
                // a plain copy through pointers, which WebAssembly's pointers cannot make.
                new HostFunction(MODULE, "copy_in", FunctionType.of(List.of(ValType.I32, ValType.I32, ValType.I32), List.of()),
                        (instance, args) -> {
                            int address = (int) args[0];
                            int length = (int) args[2];
                            byte[] bytes = new byte[Math.max(0, length)];
                            for (int i = 0; i < bytes.length; i++) {
                                int a = address + i;
                                bytes[i] = (byte) (memory.read32(a & ~3) >>> (8 * (a & 3)));
                            }
                            instance.memory().write((int) args[1], bytes);
                            takeInterrupts(self[0]);
                            return null;
                        }),
                new HostFunction(MODULE, "copy_out", FunctionType.of(List.of(ValType.I32, ValType.I32, ValType.I32), List.of()),
                        (instance, args) -> {
                            int address = (int) args[0];
                            byte[] bytes = instance.memory().readBytes((int) args[1], Math.max(0, (int) args[2]));
                            int i = 0;
                            while (i < bytes.length) {
                                int a = address + i;
                                int word = a & ~3;
                                int value = memory.read32(word);
                                for (; i < bytes.length && ((address + i) & ~3) == word; i++) {
                                    int shift = 8 * ((address + i) & 3);
                                    value = (value & ~(0xFF << shift)) | (bytes[i] & 0xFF) << shift;
                                }
                                memory.write32(word, value);
                            }
                            takeInterrupts(self[0]);
                            return null;
                        }),
                new HostFunction(MODULE, "wfi", FunctionType.of(List.of(), List.of()), (instance, args) -> {
                    // WFI wakes on a pending interrupt even while PRIMASK masks it, as on the M4.
                    while (!interrupts.hasPending()) {
                        thread.park();
                    }
                    takeInterrupts(self[0]);
                    return null;
                }),
                new HostFunction(MODULE, "irq_disable", FunctionType.of(List.of(), List.of()), (instance, args) -> {
                    masked = true;
                    return null;
                }),
                new HostFunction(MODULE, "irq_enable", FunctionType.of(List.of(), List.of()), (instance, args) -> {
                    masked = false;
                    takeInterrupts(self[0]);
                    return null;
                }));
    }

    /** Runs the handlers of the interrupts that may run now, highest priority first (the NVIC decides). */
    private void takeInterrupts(Instance instance) {
        if (masked || instance == null) {
            return;
        }
        int irq;
        while ((irq = interrupts.takePending()) >= 0) {
            ExportFunction handler;
            try {
                handler = instance.export("sphaera_irq");
            } catch (ChicoryException e) {
                handler = null;
            }
            if (handler == null) {
                // As an M4 whose vector table has no entry: the core faults.
                throw new ChicoryException("interrupt " + irq + " taken, but the app has no vector table (sphaera_irq)");
            }
            try {
                handler.apply(irq);
            } finally {
                interrupts.complete(irq);
            }
        }
    }
}
