package io.sphaera.emulator.os;

import io.sphaera.emulator.device.Mt3620Device;
import io.sphaera.firmware.image.ApplicationPackage;
import io.sphaera.firmware.image.PackageFile;
import io.sphaera.peripherals.Mt3620Peripherals;
import io.sphaera.peripherals.mailbox.IoCoreMailbox;
import io.sphaera.peripherals.mt3620.Core;
import io.sphaera.peripherals.mt3620.IoCoreBlock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The two M4 I/O cores as the A7's OS runs them: at boot each real-time app goes to the next free core, which gets
 * the app's peripherals on the firewall, an inter-core channel announced through its mailbox, and the app itself;
 * an app that ends is started again after {@link A7Runtime#RESTART_DELAY}, as the high-level app is. What an app
 * writes to its core's debug UART goes to {@code console}. Runs on the device's executor.
 */
final class RealTimeCores {
    /** One core and what runs on it. */
    private static final class Slot {
        final IoCore core;
        final IntercoreChannel channel;
        ApplicationPackage app;
        RealTimeApp running;
        ScheduledFuture<?> restart;

        Slot(IoCore core, Consumer<String> os) {
            this.core = core;
            this.channel = new IntercoreChannel(core, os);
        }
    }

    private final Mt3620Device device;
    private final Mt3620Peripherals chip;
    private final Consumer<String> os;
    private final List<Slot> slots;
    private boolean up;

    private final Consumer<A7Runtime.AppRun> ends;

    /** @param ends told of each run's end (the error reporter counts them) */
    RealTimeCores(Mt3620Device device, Mt3620Peripherals chip, Consumer<String> os, Consumer<String> console,
                  Consumer<A7Runtime.AppRun> ends) {
        this.ends = ends;
        this.device = device;
        this.chip = chip;
        this.os = os;
        var seams = device.seams();
        this.slots = List.of(Core.IO0, Core.IO1).stream().map(core -> {
            AppLog uart = new AppLog(line -> console.accept(core + ": " + line));
            return new Slot(new IoCore(core, chip.bus(), seams.clock(), seams.executor(), uart), os);
        }).toList();
        // The mailbox between the two I/O cores: one device, each core's end at its own 0x21060000.
        IoCoreMailbox between = new IoCoreMailbox(slots.get(0).core.nvic(), slots.get(1).core.nvic());
        for (Slot slot : slots) {
            chip.bus().attach(slot.core.core(), IoCoreBlock.MAILBOX_TO_IO_CORE, between.end(slot.core.core()));
            slot.core.onWatchdogReset(() -> watchdogReset(slot));
        }
        this.betweenCores = between;
    }

    private final IoCoreMailbox betweenCores;

    /** The core's watchdog ran out: as the core resets, its app ends (a crash, reported) and starts again at once. */
    private void watchdogReset(Slot slot) {
        RealTimeApp running = slot.running;
        if (!up || running == null) {
            return;
        }
        slot.running = null;
        running.stop();
        ends.accept(new A7Runtime.AppRun(running.name(), AppOutcome.crashed("watchdog reset")));
        os.accept("real-time app " + running.name() + " reset by " + slot.core.core() + "'s watchdog");
        slot.core.reset();
        run(slot);
    }

    /** At boot, after the chip's reset: each app on the next core; more apps than cores are not started. */
    void start(List<ApplicationPackage> apps) {
        up = true;
        betweenCores.reset();
        for (Slot slot : slots) {
            slot.core.reset();
            slot.app = null;
        }
        int next = 0;
        for (ApplicationPackage app : apps) {
            if (next == slots.size()) {
                os.accept("real-time app " + app.manifest().name() + " not started: both I/O cores are taken");
                continue;
            }
            Slot slot = slots.get(next);
            try {
                AppPeripherals.of(app.manifest().capabilities()).assignTo(slot.core.core(), chip.firewall());
            } catch (AppLoadException e) {
                os.accept("real-time app " + app.manifest().name() + " not started: " + e.getMessage());
                continue;
            }
            slot.app = app;
            next++;
            run(slot);
        }
    }

    void stop() {
        up = false;
        for (Slot slot : slots) {
            if (slot.restart != null) {
                slot.restart.cancel(false);
                slot.restart = null;
            }
            if (slot.running != null) {
                RealTimeApp running = slot.running;
                slot.running = null;
                running.stop();
            }
        }
    }

    /** The running real-time app with that component ID, as a peer the high-level app may connect to. */
    Optional<ApplicationApplibs.Peer> peer(UUID component, UUID highLevelApp) {
        for (Slot slot : slots) {
            if (slot.running != null && slot.app.manifest().componentId().equals(component)) {
                boolean allows = slot.app.manifest().capabilities().allowedApplicationConnections().contains(highLevelApp);
                return Optional.of(new ApplicationApplibs.Peer(slot.channel, allows));
            }
        }
        return Optional.empty();
    }

    /** Each core's app and whether it runs, for status displays. */
    /** The component IDs of the real-time apps running now. */
    java.util.Set<java.util.UUID> running() {
        java.util.Set<java.util.UUID> ids = new java.util.HashSet<>();
        slots.stream().filter(s -> s.app != null && s.running != null).forEach(s -> ids.add(s.app.manifest().componentId()));
        return ids;
    }

    List<String> describe() {
        return slots.stream().map(s -> s.core.core() + ": " + (s.app == null ? "no app"
                : s.app.manifest().name() + (s.running != null ? " running" : " not running"))).toList();
    }

    private void run(Slot slot) {
        ApplicationPackage app = slot.app;
        String name = app.manifest().name();
        Core core = slot.core.core();
        try {
            PackageFile entry = app.image().file(app.manifest().executablePath()).orElseThrow();
            RealTimeApp started = new RealTimeApp(name, core, app.image().read(entry),
                    new AppLog(line -> os.accept(name + " (stdout): " + line)), slot.core.memory(), slot.core.interrupts(),
                    device.seams().clock(), device.seams().random());
            if (!slot.channel.announce(app.manifest().componentId())) {
                os.accept(name + ": the mailbox had no room for the inter-core buffers");
            }
            slot.running = started;
            os.accept("started real-time app " + name + " on " + core);
            started.start(device.seams().executor()).thenAccept(outcome -> ended(slot, started, outcome));
        } catch (AppLoadException e) {
            os.accept("real-time app " + name + " not started: " + e.getMessage());
        }
    }

    private void ended(Slot slot, RealTimeApp app, AppOutcome outcome) {
        String name = app.name();
        if (!up || slot.running != app) {
            os.accept("real-time app " + name + " stopped");
            return;
        }
        slot.running = null;
        ends.accept(new A7Runtime.AppRun(name, outcome));
        os.accept("real-time app " + name + (outcome.crashed() ? " crashed: " + outcome.crash().orElseThrow()
                : " exited with code " + outcome.exitCode().orElseThrow()));
        Duration delay = A7Runtime.RESTART_DELAY;
        slot.restart = device.seams().executor().schedule(() -> {
            slot.restart = null;
            if (up && slot.app != null) {
                run(slot);
            }
        }, delay.toNanos(), TimeUnit.NANOSECONDS);
    }
}
