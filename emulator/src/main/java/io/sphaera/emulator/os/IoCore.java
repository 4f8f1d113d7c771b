package io.sphaera.emulator.os;

import io.sphaera.peripherals.bus.BusFault;
import io.sphaera.peripherals.bus.PeripheralBus;
import io.sphaera.peripherals.interrupt.Nvic;
import io.sphaera.peripherals.mailbox.IntercoreMailbox;
import io.sphaera.peripherals.memory.SharedMemory;
import io.sphaera.peripherals.mt3620.Core;
import io.sphaera.peripherals.mt3620.IoCoreBlock;
import io.sphaera.peripherals.timer.GeneralPurposeTimers;
import io.sphaera.peripherals.uart.Uart;
import io.sphaera.peripherals.watchdog.Watchdog;
import java.time.InstantSource;
import java.util.concurrent.ScheduledExecutorService;

/**
 * One M4 I/O core's own hardware, wired for a real-time app: its NVIC, its timers, its mailbox to the A7 and its
 * debug UART on the chip's bus at the core's private addresses, and the SYSRAM it shares with the A7 for messages.
 * Its address space sends the System Control Space to the NVIC, the shared SYSRAM to memory, and everything else to
 * the peripheral bus as this core (where the firewall applies). Used on the device's executor.
 */
final class IoCore {
    /** Each direction's inter-core buffer: a 64-byte header and its ring, a power of two as descriptors require. */
    static final int BUFFER_SIZE = 4096;
    private static final int SCS_END = Nvic.SCS_BASE + 0x1000;

    private final Core core;
    private final Nvic nvic = new Nvic();
    private final GeneralPurposeTimers timers;
    private final IntercoreMailbox mailbox;
    private final Uart debugUart = new Uart();
    private final Watchdog watchdog;
    /** What a watchdog reset does: the OS restarts the core's app (set by the runtime). */
    private Runnable watchdogReset = () -> { };
    private final SharedMemory sysram = SharedMemory.intercoreBuffers();
    private final PeripheralBus bus;
    /** Who the NVIC wakes: the app on the core now (one registration, so apps started again do not pile up). */
    private Runnable wake = () -> { };

    IoCore(Core core, PeripheralBus bus, InstantSource clock, ScheduledExecutorService executor, AppLog console) {
        if (core == Core.A7) {
            throw new IllegalArgumentException("the A7 is not an I/O core");
        }
        this.core = core;
        this.bus = bus;
        this.timers = new GeneralPurposeTimers(clock, executor, nvic);
        this.mailbox = new IntercoreMailbox(nvic);
        this.watchdog = new Watchdog(clock, executor, nvic, () -> watchdogReset.run());
        debugUart.connect(new DebugConsole(console));
        bus.attach(core, IoCoreBlock.GENERAL_PURPOSE_TIMER, timers);
        bus.attach(core, IoCoreBlock.MAILBOX_TO_A7, mailbox);
        bus.attach(core, IoCoreBlock.DEBUG_UART, debugUart);
        bus.attach(core, IoCoreBlock.WATCHDOG, watchdog);
        nvic.onPending(() -> wake.run());
    }

    Core core() {
        return core;
    }

    IntercoreMailbox mailbox() {
        return mailbox;
    }

    SharedMemory sysram() {
        return sysram;
    }

    Nvic nvic() {
        return nvic;
    }

    /** What the core does when its watchdog resets it. */
    void onWatchdogReset(Runnable action) {
        this.watchdogReset = action;
    }

    /** The core's state at a chip reset (the bus resets the blocks on it; the NVIC and SYSRAM are the core's). */
    void reset() {
        nvic.reset();
        sysram.reset();
    }

    /** The address space a real-time app on this core reads and writes. */
    CoreMemory memory() {
        return new CoreMemory() {
            @Override
            public int read32(int address) {
                if (inScs(address)) {
                    return nvic.hasRegister(address - Nvic.SCS_BASE) ? nvic.read32(address - Nvic.SCS_BASE) : 0;
                }
                if (sysram.contains(address)) {
                    return aligned(address) ? sysram.read32(sysram.offsetOf(address)) : misaligned(address);
                }
                return bus.read32(core, address);
            }

            @Override
            public void write32(int address, int value) {
                if (inScs(address)) {
                    if (nvic.hasRegister(address - Nvic.SCS_BASE)) {
                        nvic.write32(address - Nvic.SCS_BASE, value);
                    }
                } else if (sysram.contains(address)) {
                    if (!aligned(address)) {
                        misaligned(address);
                    }
                    sysram.write32(sysram.offsetOf(address), value);
                } else {
                    bus.write32(core, address, value);
                }
            }
        };
    }

    /** The NVIC as the core running the app takes interrupts from it. */
    CoreInterrupts interrupts() {
        return new CoreInterrupts() {
            @Override
            public boolean hasPending() {
                return nvic.hasPending();
            }

            @Override
            public int takePending() {
                return nvic.takePending();
            }

            @Override
            public void complete(int irq) {
                nvic.complete(irq);
            }

            @Override
            public void onPending(Runnable app) {
                wake = app;
            }
        };
    }

    private static boolean inScs(int address) {
        return Integer.compareUnsigned(address, Nvic.SCS_BASE) >= 0 && Integer.compareUnsigned(address, SCS_END) < 0;
    }

    private static boolean aligned(int address) {
        return (address & 3) == 0;
    }

    private int misaligned(int address) {
        throw new BusFault(core, address, "a word access must be 4-byte aligned");
    }
}
