package io.sphaera.emulator.cli;

import io.sphaera.emulator.device.DeviceFolder;
import io.sphaera.emulator.device.Factory;
import io.sphaera.emulator.device.Mt3620Device;
import io.sphaera.emulator.sim.VirtualTimeScheduler;
import io.sphaera.emulator.vendor.SystemRelease;
import io.sphaera.emulator.vendor.Workspace;
import io.sphaera.emulator.vendor.WorkspaceException;
import io.sphaera.peripherals.flash.NorFlash;
import io.sphaera.pluton.PlutonException;
import io.sphaera.pluton.boot.BootReport;
import io.sphaera.pluton.fuse.ManufacturingState;
import io.sphaera.pluton.identity.DeviceId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** `sphaera device`: manufacture, inspect and boot virtual MT3620s in a workspace. */
@Command(name = "device", mixinStandardHelpOptions = true,
        description = "Manufacture, inspect, boot and develop on virtual MT3620 devices.",
        subcommands = {DeviceShowCommand.class, DeviceRunCommand.class, DeviceAppCommand.class, DeviceGpioCommand.class,
                DeviceButtonCommand.class, DeviceLedCommand.class, DevicePowerOffCommand.class, DeviceAttestCommand.class, SideloadCommand.class, CapabilityCommand.class, ManufacturingStateCommand.class,
                CloudDeviceCommands.Claim.class, CloudDeviceCommands.Update.class, CloudDeviceCommands.ListClaimed.class,
                CloudDeviceCommands.ShowClaimed.class, DeviceUpdateCheckCommand.class, DeviceImageCommand.class,
                DeviceDeploymentStatusCommand.class})
final class DeviceCommand {
    private final CliContext context;

    DeviceCommand(CliContext context) {
        this.context = context;
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Manufacture devices: Pluton makes each one's identity key inside, the manufacturing CA certifies it,",
                    "the e-fuses are burned and the factory OS release goes to both slots."})
    void create(@Mixin WorkspaceOption workspace,
            @Option(names = "--count", defaultValue = "1", paramLabel = "N", description = "How many (default: ${DEFAULT-VALUE}).") int count,
            @Option(names = "--manufacturing-state", defaultValue = "DeviceComplete", paramLabel = "STATE",
                    description = "Module1Complete or DeviceComplete (default: ${DEFAULT-VALUE}).") String state) {
        if (count < 1 || count > 10_000) {
            throw CliFailure.invalidInput("--count " + count + " is outside 1..10000");
        }
        ManufacturingState finalState = ManufacturingState.fromName(state)
                .filter(s -> s != ManufacturingState.BLANK)
                .orElseThrow(() -> CliFailure.invalidInput("--manufacturing-state '" + state + "' is not Module1Complete or DeviceComplete"));
        Workspace w = workspace.openOrCreate(context);
        SystemRelease release;
        Factory factory;
        try {
            release = w.release(w.factoryOsVersion());
            factory = new Factory(w.vendor(), release, w.trustedKeyStoreImage());
        } catch (WorkspaceException e) {
            throw CliFailure.invalidInput(e.getMessage(), e);
        }
        for (int i = 0; i < count; i++) {
            DeviceId id = manufactureOne(w, factory, finalState);
            context.out().println("Manufactured " + id + " (" + finalState.platformName() + ", OS " + release.version() + ")");
        }
    }

    private DeviceId manufactureOne(Workspace w, Factory factory, ManufacturingState state) {
        byte[] tag = new byte[6];
        context.random().nextBytes(tag);
        Path work = w.devicesDirectory().resolve(".new-" + java.util.HexFormat.of().formatHex(tag));
        VirtualTimeScheduler scheduler = DeviceAccess.scheduler(context);
        try {
            DeviceId id;
            try (NorFlash flash = DeviceFolder.newFlash(work)) {
                Mt3620Device device = factory.manufacture(flash, DeviceAccess.seams(context, scheduler), state);
                id = device.pluton().deviceId();
            }
            DeviceFolder.commit(work, w.devicesDirectory(), id, context.clock().instant());
            return id;
        } catch (IOException | PlutonException | RuntimeException e) {
            deleteQuietly(work);
            throw CliFailure.invalidInput("manufacturing failed: " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // Nothing was made that needs it gone; a leftover ".new-" folder is never taken for a device.
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the workspace's devices.")
    void list(@Mixin WorkspaceOption workspace) {
        Workspace w = workspace.open();
        try {
            var folders = w.deviceFolders();
            context.out().printf("%-18s %-16s %-16s %s%n", "DEVICE", "STATE", "CAPABILITIES", "OS IN FORCE");
            for (Path dir : folders) {
                try (DeviceAccess access = DeviceAccess.open(w, dir.getFileName().toString(), context)) {
                    DeviceSummary s = DeviceSummary.of(access.folder());
                    context.out().printf("%-18s %-16s %-16s %s%n", s.id().shortForm(), s.state().platformName(),
                            s.capabilityList(), s.osInForce());
                } catch (CliFailure e) {
                    context.out().printf("%-18s %s%n", dir.getFileName().toString().substring(0, 16), "damaged: " + e.getMessage());
                }
            }
            context.out().println(folders.size() + " device" + (folders.size() == 1 ? "" : "s"));
        } catch (WorkspaceException e) {
            throw CliFailure.invalidInput(e.getMessage(), e);
        }
    }

    @Command(name = "boot", mixinStandardHelpOptions = true,
            description = {"Power a device on: secure and measured boot of every stage, each with its verdict and cost.",
                    "With --run-for, the OS then runs its app for that long of the device's time (virtual: it takes far"
                            + " less), printing the app's log and the OS's lines, and the GPIOs the app drives."})
    void boot(@Mixin WorkspaceOption workspace, @Option(names = {"-d", "--device"}, paramLabel = "ID", description = "Device ID or prefix (default: the only device).") String device,
              @Option(names = "--run-for", paramLabel = "DURATION",
                      description = "Run the device's app for this long after the boot: 10s, 5m, 2h or an ISO-8601 duration (PT1M).")
              String runFor) {
        Workspace w = workspace.open();
        java.time.Duration span = runFor == null ? null : RunDuration.parse(runFor);
        try (DeviceAccess access = DeviceAccess.open(w, device, context)) {
            context.out().println("Device " + access.folder().id() + ": power on");
            if (span == null) {
                BootReport report = access.boot();
                BootReportView.print(report, context.out());
                return;
            }
            Mt3620Device d = access.folder().device();
            io.sphaera.peripherals.Mt3620Peripherals chip = new io.sphaera.peripherals.Mt3620Peripherals();
            io.sphaera.peripherals.board.Board board = io.sphaera.peripherals.board.Board.attach(
                    io.sphaera.peripherals.board.BoardDescription.mt3620Rdb(), chip);
            // The OS starts the app as the boot ends, before the report is printed: its first lines wait for it.
            java.util.List<String> early = new java.util.ArrayList<>();
            boolean[] live = {false};
            java.util.function.Consumer<String> print = line -> {
                if (live[0]) {
                    context.out().println(line);
                } else {
                    early.add(line);
                }
            };
            io.sphaera.emulator.os.AppLog appLog = new io.sphaera.emulator.os.AppLog(line -> print.accept("  [app] " + line));
            var runtime = new io.sphaera.emulator.os.A7Runtime(d, chip, appLog, line -> print.accept("  [os]  " + line));
            runtime.onRealTimeConsole(line -> print.accept("  [rt]  " + line));
            d.run(runtime);
            var booted = d.powerOn();
            // The boot first (a few milliseconds of the chip's time), so its report comes before the app's lines.
            while (!booted.isDone()) {
                access.scheduler().advanceBy(java.time.Duration.ofMillis(1));
            }
            BootReport report;
            try {
                report = booted.join();
            } catch (java.util.concurrent.CompletionException e) {
                throw CliFailure.invalidInput("the device cannot boot: " + e.getCause().getMessage(), e);
            }
            BootReportView.print(report, context.out());
            context.out().println("Running for " + span + " of the device's time:");
            early.forEach(context.out()::println);
            live[0] = true;
            access.scheduler().advanceBy(span);
            d.powerOff();
            access.scheduler().runReady();
            for (int gpio : io.sphaera.peripherals.mt3620.PeripheralBlock.allGpios()) {
                chip.gpioPin(gpio).ifPresent(pin -> {
                    if (pin.outputLevel() != io.sphaera.peripherals.gpio.PinLevel.FLOATING) {
                        context.out().println("GPIO " + gpio + " at power-off: " + pin.outputLevel());
                    }
                });
            }
            for (io.sphaera.peripherals.board.Led led : board.leds()) {
                if (led.isOn()) {
                    context.out().println("LED " + led.name() + " (GPIO " + led.gpio() + ") at power-off: on");
                }
            }
        }
    }
}
