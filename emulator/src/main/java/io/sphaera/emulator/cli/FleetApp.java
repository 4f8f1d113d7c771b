package io.sphaera.emulator.cli;

import io.sphaera.emulator.device.Factory;
import io.sphaera.emulator.fleet.FleetDevice;
import io.sphaera.firmware.image.ApplicationPackage;
import io.sphaera.firmware.image.ImagePackage;
import io.sphaera.firmware.image.ImagePackageFormatException;
import io.sphaera.peripherals.flash.FlashWriteGate;
import io.sphaera.peripherals.flash.NorFlash;
import io.sphaera.pluton.PlutonException;
import io.sphaera.pluton.fuse.ManufacturingState;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The app a fleet runs (`fleet run --app`): read and checked before any device is made, and shown after the run. */
final class FleetApp {
    /** The first lines of one device's app log that the run shows. */
    private static final int LOG_LINES = 6;

    private FleetApp() {
    }

    /** The package's bytes, once they are known to be an app image package. */
    static byte[] read(Path file) {
        byte[] bytes = CliFiles.read(file, ApplicationPackage.MAX_BYTES, "--app image package");
        try {
            ApplicationPackage.of(ImagePackage.parse(bytes));
        } catch (ImagePackageFormatException e) {
            throw CliFailure.invalidInput(file + ": " + e.getMessage(), e);
        }
        return bytes;
    }

    /** Refuses, before the fleet is made, an app that the fleet's DeviceComplete devices would not boot. */
    static void checkRunnable(byte[] app, Path file, Factory factory, CliContext context) {
        try {
            // A device made like the fleet's, only to ask its Pluton; it never powers on, so its executor never runs.
            var probe = factory.manufacture(NorFlash.inMemory(NorFlash.MT3620_SIZE, FlashWriteGate.NONE),
                    DeviceAccess.seams(context, DeviceAccess.scheduler(context)), ManufacturingState.DEVICE_COMPLETE);
            Optional<String> refusal = probe.pluton().applicationRefusal(ApplicationPackage.of(ImagePackage.parse(app)).image());
            if (refusal.isPresent()) {
                throw new CliFailure(ExitCode.VERIFICATION_FAILED, file + ": the fleet's devices would not run it: " + refusal.get()
                        + " (sign it with the workspace's vendor/production-images.key.pem)");
            }
        } catch (PlutonException | ImagePackageFormatException e) {
            throw CliFailure.invalidInput(file + ": " + e.getMessage(), e);
        }
    }

    /** Each device's app state and LED, then the first device's app log. */
    static void print(List<FleetDevice> devices, PrintWriter out) throws InterruptedException, ExecutionException, TimeoutException {
        out.printf("%-5s %-18s %-12s %-5s %s%n", "#", "DEVICE", "APP", "RUNS", "LED1 (GPIO 8)");
        List<String> firstLog = List.of();
        int i = 0;
        for (FleetDevice d : devices) {
            if (d == null) {
                i++;
                continue;
            }
            FleetDevice.Snapshot s = d.snapshot().get(10, TimeUnit.SECONDS);
            String id;
            try {
                id = d.device().pluton().deviceId().hex().substring(0, 16);
            } catch (PlutonException e) {
                id = "?";
            }
            String led = s.ledOn() ? "on" : "off";
            out.printf("%-5d %-18s %-12s %-5d %s%n", i, id, s.app().state(), s.app().runs(), led);
            if (i == 0) {
                firstLog = s.appLog();
            }
            i++;
        }
        if (!firstLog.isEmpty()) {
            out.println("Device 0's app log" + (firstLog.size() > LOG_LINES ? " (first " + LOG_LINES + " of " + firstLog.size() + " lines)" : "") + ":");
            firstLog.stream().limit(LOG_LINES).forEach(line -> out.println("  [app] " + line));
        }
    }
}
