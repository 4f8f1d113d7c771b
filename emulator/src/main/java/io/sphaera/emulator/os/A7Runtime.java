package io.sphaera.emulator.os;

import io.sphaera.emulator.device.DeviceService;
import io.sphaera.emulator.device.Mt3620Device;
import io.sphaera.emulator.device.Mt3620Flash;
import io.sphaera.firmware.image.ApplicationPackage;
import io.sphaera.firmware.image.ImagePackage;
import io.sphaera.firmware.image.ImagePackageFormatException;
import io.sphaera.firmware.image.PackageFile;
import io.sphaera.peripherals.Mt3620Peripherals;
import io.sphaera.peripherals.mt3620.Core;
import io.sphaera.pluton.PlutonException;
import io.sphaera.pluton.boot.BootReport;
import io.sphaera.pluton.boot.StageResult;
import io.sphaera.pluton.boot.Verdict;
import io.sphaera.pluton.capability.DeviceCapability;
import io.sphaera.pluton.fuse.ManufacturingState;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The A7's OS as far as apps go: at the end of a boot it starts the high-level app that the boot chain verified,
 * gives the app's peripherals to the A7 on the hardware firewall and, on a DeviceComplete device without
 * appDevelopment, locks the firewall; when the app exits or crashes it records how and starts it again after
 * {@link #RESTART_DELAY} of the device's time; at power-off it stops the app. Runs on the device's executor.
 */
public final class A7Runtime implements DeviceService {
    /** The wait before an app that ended is started again (ours: the platform does not document it). */
    public static final Duration RESTART_DELAY = Duration.ofSeconds(1);

    /** One run of the app and how it ended. */
    public record AppRun(String app, AppOutcome outcome) {
    }

    private final Mt3620Device device;
    private final Mt3620Peripherals chip;
    private final AppLog log;
    private final Consumer<String> os;
    /** The last {@link #KEPT_RUNS} runs; an app that crashes every second would otherwise fill the host's memory. */
    static final int KEPT_RUNS = 1000;
    private final java.util.ArrayDeque<AppRun> runs = new java.util.ArrayDeque<>();
    private long runCount;
    private HighLevelApp app;
    /** The high-level app this boot found, started or not. */
    private ApplicationPackage installed;
    /** Stopped by the developer (`device app stop`): not restarted until started again. */
    private boolean held;
    private boolean up;
    private java.util.concurrent.ScheduledFuture<?> restart;
    private Consumer<AppRun> endListener = run -> { };

    /**
     * @param log the app's log
     * @param os  the OS's own lines: what it started, refused and how apps ended
     */
    public A7Runtime(Mt3620Device device, Mt3620Peripherals chip, AppLog log, Consumer<String> os) {
        this.device = device;
        this.chip = chip;
        this.log = log;
        this.os = os;
        this.systemEvents = new SystemEvents(device.seams().clock());
        this.cores = new RealTimeCores(device, chip, os, line -> realTimeConsole.accept(line),
                run -> endListener.accept(run));
    }

    private final RealTimeCores cores;
    private final SystemEvents systemEvents;

    /** The system events the update agent tells apps of (and asks about their deferrals). */
    public SystemEvents systemEvents() {
        return systemEvents;
    }
    private volatile Consumer<String> realTimeConsole = line -> { };

    /** Where the lines real-time apps write to their cores' debug UARTs go ("IO0: ..."); nowhere unless set. */
    public void onRealTimeConsole(Consumer<String> console) {
        this.realTimeConsole = console;
    }

    /** Each I/O core's real-time app and whether it runs. */
    public List<String> realTimeApps() {
        return cores.describe();
    }

    @Override
    public void start(BootReport boot) {
        up = true;
        chip.reset(); // a boot starts from the chip's reset state: nothing assigned, nothing locked
        Optional<ApplicationPackage> highLevel = Optional.empty();
        List<ApplicationPackage> realTime = new java.util.ArrayList<>();
        for (StageResult r : boot.attempts()) {
            boolean app = r.image().map(m -> m.kind() == io.sphaera.firmware.image.ImageKind.APPLICATIONS).orElse(false);
            if (!app || r.verdict() != Verdict.BOOTED) {
                continue;
            }
            Optional<ApplicationPackage> p = load(r.slot());
            if (p.isPresent() && !p.get().manifest().isRealTime() && highLevel.isPresent()) {
                os.accept("high-level app " + p.get().manifest().name() + " not started: a device runs one high-level app ("
                        + highLevel.get().manifest().name() + ")");
            } else if (p.isPresent() && !p.get().manifest().isRealTime()) {
                highLevel = p;
            } else if (p.isPresent()) {
                realTime.add(p.get());
            }
        }
        startApps(highLevel, realTime);
    }

    /** Starts the apps (real-time first, so the high-level app finds its peers), then locks the firewall if due. */
    private void startApps(Optional<ApplicationPackage> highLevel, List<ApplicationPackage> realTime) {
        cores.start(realTime);
        installed = highLevel.orElse(null);
        held = false;
        if (highLevel.isPresent()) {
            startApp(highLevel.get());
        }
        try {
            if (!chip.firewall().isLocked() && device.pluton().manufacturingState() == ManufacturingState.DEVICE_COMPLETE
                    && !device.pluton().capabilities().contains(DeviceCapability.APP_DEVELOPMENT)) {
                chip.firewall().lock();
                os.accept("peripheral configuration locked");
            }
        } catch (PlutonException e) {
            os.accept("cannot read the device's state to lock the peripherals: " + e.getMessage());
        }
    }

    /** What {@link #appsChanged()} did. */
    public enum AppsReload { RESTARTED, REBOOTING, NOT_RUNNING }

    /**
     * The apps in flash changed while the device runs (an update installed them, issue 6): each is verified as the
     * boot would, then the apps start again from their new images. On a locked device whose new apps claim other
     * peripherals than the ones held, the device reboots instead: the lock changes only by reset. An app update
     * without a reboot is not measured (measured boot covers what was booted). On the device's executor.
     */
    public AppsReload appsChanged() {
        if (!up) {
            return AppsReload.NOT_RUNNING;
        }
        Optional<ApplicationPackage> highLevel = Optional.empty();
        List<ApplicationPackage> realTime = new java.util.ArrayList<>();
        for (int i = 0; i < Mt3620Flash.APP_SLOTS; i++) {
            var slot = device.flash().appSlot(i);
            if (slot.source().isEmpty()) {
                continue;
            }
            Optional<ApplicationPackage> p = load(slot.name());
            if (p.isEmpty()) {
                continue;
            }
            try {
                Optional<String> refusal = device.pluton().applicationRefusal(p.get().image());
                if (refusal.isPresent()) {
                    os.accept("app " + p.get().manifest().name() + " in " + slot.name() + " not started: " + refusal.get());
                    continue;
                }
            } catch (PlutonException e) {
                os.accept("app in " + slot.name() + " not verified: " + e.getMessage());
                continue;
            }
            if (p.get().manifest().isRealTime()) {
                realTime.add(p.get());
            } else if (highLevel.isPresent()) {
                os.accept("high-level app " + p.get().manifest().name() + " not started: a device runs one high-level app ("
                        + highLevel.get().manifest().name() + ")");
            } else {
                highLevel = p;
            }
        }
        if (chip.firewall().isLocked() && !heldBlocks().equals(claimedBlocks(highLevel, realTime))) {
            os.accept("the new apps claim other peripherals than the locked configuration holds: rebooting");
            var executor = device.seams().executor();
            executor.execute(() -> {
                device.powerOff();
                device.powerOn();
            });
            return AppsReload.REBOOTING;
        }
        stopApps();
        up = true;
        if (!chip.firewall().isLocked()) {
            chip.reset(); // unlocked: the old apps' blocks are freed and the new ones assigned afresh
        }
        os.accept("apps changed: starting them again");
        startApps(highLevel, realTime);
        return AppsReload.RESTARTED;
    }

    /** The blocks the firewall gives to a core now. */
    private java.util.Map<io.sphaera.peripherals.mt3620.PeripheralBlock, Core> heldBlocks() {
        java.util.Map<io.sphaera.peripherals.mt3620.PeripheralBlock, Core> held = new java.util.HashMap<>();
        for (var block : io.sphaera.peripherals.mt3620.PeripheralBlock.values()) {
            chip.firewall().owner(block).ifPresent(core -> held.put(block, core));
        }
        return held;
    }

    /** The blocks the apps would hold: the high-level app's on the A7, the real-time apps' on IO0 and IO1 in order. */
    private static java.util.Map<io.sphaera.peripherals.mt3620.PeripheralBlock, Core> claimedBlocks(
            Optional<ApplicationPackage> highLevel, List<ApplicationPackage> realTime) {
        java.util.Map<io.sphaera.peripherals.mt3620.PeripheralBlock, Core> claimed = new java.util.HashMap<>();
        List<Core> ioCores = List.of(Core.IO0, Core.IO1);
        for (int i = 0; i < Math.min(realTime.size(), ioCores.size()); i++) {
            Core core = ioCores.get(i);
            AppPeripherals.of(realTime.get(i).manifest().capabilities()).blocks().forEach(b -> claimed.put(b, core));
        }
        highLevel.ifPresent(p -> AppPeripherals.of(p.manifest().capabilities()).blocks().forEach(b -> claimed.put(b, Core.A7)));
        return claimed;
    }

    @Override
    public void stop() {
        stopApps();
    }

    private void stopApps() {
        up = false;
        cores.stop();
        if (restart != null) {
            restart.cancel(false); // a restart due after the power went must not start the app of a later boot twice
            restart = null;
        }
        if (app != null) {
            app.stop();
            app = null;
        }
    }

    /** Something reached the chip from outside (host bytes on a UART): the high-level app's wait looks again. */
    public void peripheralEvent() {
        HighLevelApp running = app;
        if (running != null) {
            running.nudge();
        }
    }

    /** The high-level app's mutable storage: what its file holds and what its manifest allows. */
    public record StorageQuota(String app, long usedBytes, int limitKiB) {
    }

    /** For `device app show-quota`; empty when no app is installed. On the device's executor. */
    public Optional<StorageQuota> storageQuota() {
        if (installed == null) {
            return Optional.empty();
        }
        var manifest = installed.manifest();
        long used = new MutableStorage(device.flash().partition("mutable-storage")).read(manifest.componentId())
                .map(b -> (long) b.length).orElse(0L);
        return Optional.of(new StorageQuota(manifest.name(), used, manifest.capabilities().mutableStorageKiB().orElse(0)));
    }

    /** Where the high-level app stands, for `device app show-status`. */
    public record AppStatus(Optional<String> app, Optional<java.util.UUID> componentId, String state, long runs,
                            Optional<AppOutcome> lastEnd) {
    }

    /** On the device's executor. */
    public AppStatus status() {
        if (installed == null) {
            return new AppStatus(Optional.empty(), Optional.empty(), up ? "no app installed" : "device off", runCount,
                    Optional.empty());
        }
        String state = !up ? "device off" : app != null ? "running" : held ? "stopped" : restart != null ? "restarting"
                : "not started";
        return new AppStatus(Optional.of(installed.manifest().name()), Optional.of(installed.manifest().componentId()),
                state, runCount, Optional.ofNullable(runs.peekLast()).map(AppRun::outcome));
    }

    /**
     * Stops the app for the developer (`device app stop`): it stays stopped, not restarted, until {@link #startApp()}
     * or the next boot. On the device's executor; false if no app was running.
     */
    public boolean stopApp() {
        held = true;
        if (restart != null) {
            restart.cancel(false);
            restart = null;
        }
        if (app == null) {
            return false;
        }
        HighLevelApp running = app;
        app = null;
        running.stop();
        return true;
    }

    /** Starts the installed app again (`device app start`); false if there is none or it runs already. */
    public boolean startApp() {
        if (!up || installed == null || app != null) {
            return false;
        }
        held = false;
        if (restart != null) {
            restart.cancel(false);
            restart = null;
        }
        startApp(installed);
        return app != null;
    }

    /** Tells {@code listener} too of each run as it ends (the error reporter, the update agent); on the device's executor. */
    public void whenAppEnds(Consumer<AppRun> listener) {
        this.endListener = this.endListener.andThen(listener);
    }

    /** The component IDs of the apps running now, high-level and real-time; on the device's executor. */
    public java.util.Set<java.util.UUID> runningApps() {
        java.util.Set<java.util.UUID> ids = new java.util.HashSet<>(cores.running());
        if (app != null && installed != null) {
            ids.add(installed.manifest().componentId());
        }
        return ids;
    }

    /** The last runs (up to {@link #KEPT_RUNS}), in order: the app's exits and crashes. */
    public List<AppRun> runs() {
        return List.copyOf(runs);
    }

    /** How many runs have ended since this runtime was made, kept or not. */
    public long runCount() {
        return runCount;
    }

    private Optional<ApplicationPackage> load(String slotName) {
        Mt3620Flash flash = device.flash();
        for (int i = 0; i < Mt3620Flash.APP_SLOTS; i++) {
            var slot = flash.appSlot(i);
            if (slot.name().equals(slotName)) {
                try {
                    return Optional.of(ApplicationPackage.of(ImagePackage.parse(slot.read().orElseThrow())));
                } catch (ImagePackageFormatException | RuntimeException e) {
                    os.accept("app in " + slotName + " cannot be loaded: " + e.getMessage());
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private void startApp(ApplicationPackage p) {
        String name = p.manifest().name();
        AppPeripherals peripherals = AppPeripherals.of(p.manifest().capabilities());
        try {
            peripherals.assignTo(Core.A7, chip.firewall());
            PackageFile entry = p.image().file(p.manifest().executablePath()).orElseThrow();
            HighLevelApp started = new HighLevelApp(name, p.image().read(entry), log,
                    Applibs.combine(applibsFor(p, peripherals)),
                    device.seams().clock(), device.seams().random()).withCmdArgs(p.manifest().cmdArgs());
            app = started;
            os.accept("started " + name);
            started.start(device.seams().executor()).thenAccept(outcome -> ended(p, outcome));
        } catch (AppLoadException e) {
            os.accept(name + " not started: " + e.getMessage());
        }
    }

    /** The groups of applibs the app gets: each checks its own part of the manifest. */
    private List<AppApplibs> applibsFor(ApplicationPackage p, AppPeripherals peripherals) {
        String name = p.manifest().name();
        java.util.function.Consumer<String> refusals = line -> os.accept(name + ": " + line);
        var capabilities = p.manifest().capabilities();
        List<AppApplibs> groups = new java.util.ArrayList<>();
        groups.add(Applibs.forHighLevelApp(log, peripherals.gpios(), chip.bus(), refusals));
        // UART, I2C, SPI, PWM and ADC: each checks the blocks of its own manifest list, through the chip's drivers.
        groups.add(UartApplibs.group(peripherals.granted(io.sphaera.firmware.manifest.PeripheralKind.UART), chip.bus(), refusals));
        groups.add(I2cApplibs.group(peripherals.granted(io.sphaera.firmware.manifest.PeripheralKind.I2C_MASTER), chip.bus(),
                refusals));
        groups.add(SpiApplibs.group(peripherals.granted(io.sphaera.firmware.manifest.PeripheralKind.SPI_MASTER), chip.bus(),
                refusals));
        groups.add(PwmApplibs.group(peripherals.granted(io.sphaera.firmware.manifest.PeripheralKind.PWM), chip.bus(), refusals));
        groups.add(AdcApplibs.group(peripherals.granted(io.sphaera.firmware.manifest.PeripheralKind.ADC), chip.bus(), refusals));
        groups.add(StorageApplibs.group(new MutableStorage(device.flash().partition("mutable-storage")),
                p.manifest().componentId(), capabilities.mutableStorageKiB(), refusals));
        // The app's thread asks; the device's executor powers off (which stops the app) and on again.
        var executor = device.seams().executor();
        groups.add(PowerApplibs.group(capabilities.powerControls(), new DevicePower() {
            @Override
            public void reboot() {
                executor.execute(() -> {
                    os.accept(name + " forced a reboot");
                    device.powerOff();
                    device.powerOn();
                });
            }

            @Override
            public void powerDown(Duration maxResidency) {
                executor.execute(() -> {
                    os.accept(name + " forced a power-down for " + maxResidency.toSeconds() + " s");
                    device.powerOff();
                    executor.schedule(device::powerOn, maxResidency.toNanos(), TimeUnit.NANOSECONDS);
                });
            }
        }, refusals));
        groups.add(NetworkingApplibs.group(() -> networkUp.getAsBoolean()));
        groups.add(DeviceAuthApplibs.group(capabilities.deviceAuthentication(), refusals));
        java.util.UUID self = p.manifest().componentId();
        groups.add(ApplicationApplibs.group(self, capabilities.allowedApplicationConnections(), peer -> cores.peer(peer, self),
                () -> deviceAuthReady.getAsBoolean(), refusals));
        groups.add(SysEventApplibs.group(systemEvents, capabilities.switches().contains("SystemEventNotifications"),
                capabilities.switches().contains("SoftwareUpdateDeferral"), refusals));
        return groups;
    }

    /** Whether the device's network is up, as Networking_IsNetworkingReady tells apps; up unless this says otherwise. */
    private volatile java.util.function.BooleanSupplier networkUp = () -> true;
    /** Whether the device holds its daily certificate (the authentication agent's say); not until told. */
    private volatile java.util.function.BooleanSupplier deviceAuthReady = () -> false;

    /** Where apps learn whether the device is authenticated (Application_IsDeviceAuthReady); asked at each call. */
    public void deviceAuthReady(java.util.function.BooleanSupplier ready) {
        this.deviceAuthReady = ready;
    }

    /** Where apps learn whether the device has its network (Networking_IsNetworkingReady); asked at each call. */
    public void networkReady(java.util.function.BooleanSupplier up) {
        this.networkUp = up;
    }

    private void ended(ApplicationPackage p, AppOutcome outcome) {
        String name = p.manifest().name();
        systemEvents.appEnded(); // its registration goes with it
        if (!up || held) {
            os.accept(name + " stopped");
            return; // the device or the developer stopped it: neither an exit nor a crash
        }
        app = null;
        AppRun run = new AppRun(name, outcome);
        if (runs.size() == KEPT_RUNS) {
            runs.removeFirst();
        }
        runs.addLast(run);
        runCount++;
        endListener.accept(run);
        os.accept(name + (outcome.crashed() ? " crashed: " + outcome.crash().orElseThrow()
                : " exited with code " + outcome.exitCode().orElseThrow()));
        if (up) {
            restart = device.seams().executor().schedule(() -> {
                if (up) {
                    startApp(p);
                }
            }, RESTART_DELAY.toNanos(), TimeUnit.NANOSECONDS);
        }
    }
}
