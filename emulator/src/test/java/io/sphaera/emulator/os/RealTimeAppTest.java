package io.sphaera.emulator.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sphaera.emulator.sim.VirtualTimeScheduler;
import io.sphaera.peripherals.bus.BusFault;
import io.sphaera.peripherals.mt3620.Core;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Real-time apps in C on an I/O core: registers, WFI and interrupts, bus faults, all on the device's time. */
class RealTimeAppTest {
    private static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");
    private final VirtualTimeScheduler scheduler = TestApps.scheduler(T0);
    private final List<String> bus = new ArrayList<>();

    /** The core's address space for the test: records each access with the device's time; ISU0 is not this core's. */
    private final CoreMemory memory = new CoreMemory() {
        private final java.util.Map<Integer, Integer> words = new java.util.HashMap<>();

        @Override
        public int read32(int address) {
            if (address == 0x38070000) {
                throw new BusFault(Core.IO0, address, "the hardware firewall gives ISU0 to the A7");
            }
            return words.getOrDefault(address, 0);
        }

        @Override
        public void write32(int address, int value) {
            words.put(address, value);
            if (Integer.compareUnsigned(address, 0xE0000000) < 0) {
                bus.add(Duration.between(T0, scheduler.clock().instant()).toMillis() + " ms: 0x"
                        + Integer.toHexString(address) + " = " + Integer.toHexString(value));
            }
            if (address == 0xE000E100) {
                enabled.add(Integer.numberOfTrailingZeros(value));
            }
        }
    };

    /** Enough of an NVIC: pending and enabled interrupts, the lowest number first. */
    private final TreeSet<Integer> enabled = new TreeSet<>();
    private final TreeSet<Integer> pending = new TreeSet<>();
    private final List<Runnable> wakers = new ArrayList<>();
    private final CoreInterrupts nvic = new CoreInterrupts() {
        @Override
        public boolean hasPending() {
            return pending.stream().anyMatch(enabled::contains);
        }

        @Override
        public int takePending() {
            Integer irq = pending.stream().filter(enabled::contains).findFirst().orElse(null);
            if (irq == null) {
                return -1;
            }
            pending.remove(irq);
            return irq;
        }

        @Override
        public void complete(int irq) {
        }

        @Override
        public void onPending(Runnable wake) {
            wakers.add(wake);
        }
    };

    private void raise(int irq) {
        pending.add(irq);
        wakers.forEach(Runnable::run);
    }

    private CompletableFuture<AppOutcome> start(String name, AppLog log) throws Exception {
        RealTimeApp app = new RealTimeApp(name, Core.IO0, TestApps.wasm(name), log, memory, nvic, scheduler.clock(),
                new SplittableRandom(1));
        AtomicReference<CompletableFuture<AppOutcome>> outcome = new AtomicReference<>();
        scheduler.execute(() -> outcome.set(app.start(scheduler)));
        scheduler.runReady();
        return outcome.get();
    }

    @Test
    void anAppSleepsInWfiAndItsHandlerRunsForEachInterruptOnTheDevicesTime() throws Exception {
        for (int ms = 10; ms <= 30; ms += 10) {
            scheduler.schedule(() -> raise(11), ms, TimeUnit.MILLISECONDS);
        }
        CompletableFuture<AppOutcome> outcome = start("rt-wfi", new AppLog());
        assertFalse(outcome.isDone(), "the app waits for its interrupts");
        assertEquals(java.util.Set.of(11), enabled, "it enabled IRQ 11 through the NVIC's ISER");
        scheduler.advanceBy(Duration.ofMillis(35));
        assertEquals(AppOutcome.exited(0), outcome.getNow(null));
        assertEquals(List.of("10 ms: 0x21050014 = 1", "20 ms: 0x21050014 = 2", "30 ms: 0x21050014 = 3",
                "30 ms: 0x38000000 = d0e"), bus);
    }

    @Test
    void anInterruptPendingBeforeWfiIsNotLost() throws Exception {
        enabled.add(11);
        pending.add(11);
        scheduler.schedule(() -> raise(11), 5, TimeUnit.MILLISECONDS);
        scheduler.schedule(() -> raise(11), 6, TimeUnit.MILLISECONDS);
        CompletableFuture<AppOutcome> outcome = start("rt-wfi", new AppLog());
        scheduler.advanceBy(Duration.ofMillis(10));
        assertEquals(AppOutcome.exited(0), outcome.getNow(null));
        assertEquals("0 ms: 0x21050014 = 1", bus.get(0), "taken at its first register access");
    }

    @Test
    void aRegisterTheCoreMayNotReachIsABusFaultThatEndsTheApp() throws Exception {
        CompletableFuture<AppOutcome> outcome = start("rt-fault", new AppLog());
        scheduler.runReady();
        AppOutcome o = outcome.getNow(null);
        assertTrue(o != null && o.crashed(), String.valueOf(o));
        assertTrue(o.crash().orElseThrow().contains("0x38070000"), o.toString());
        assertEquals(List.of("0 ms: 0x38000000 = 1"), bus, "what it did before the fault stands");
    }

    @Test
    void anInterruptWithoutAVectorTableFaults() throws Exception {
        enabled.add(3);
        pending.add(3);
        CompletableFuture<AppOutcome> outcome = start("rt-fault", new AppLog());
        scheduler.runReady();
        AppOutcome o = outcome.getNow(null);
        assertTrue(o != null && o.crashed() && o.crash().orElseThrow().contains("no vector table"), String.valueOf(o));
    }

    @Test
    void aHighLevelCoreIsNotAnIoCore() {
        assertThrows(IllegalArgumentException.class, () -> new RealTimeApp("x", Core.A7, TestApps.wasm("rt-wfi"), new AppLog(),
                memory, nvic, scheduler.clock(), new SplittableRandom(1)));
    }
}
