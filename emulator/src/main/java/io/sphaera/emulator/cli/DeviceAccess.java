package io.sphaera.emulator.cli;

import io.sphaera.emulator.device.DeviceFolder;
import io.sphaera.emulator.device.DeviceSeams;
import io.sphaera.emulator.sim.VirtualClock;
import io.sphaera.emulator.sim.VirtualTimeScheduler;
import io.sphaera.emulator.vendor.Workspace;
import io.sphaera.emulator.vendor.WorkspaceException;
import io.sphaera.peripherals.flash.FlashWriteGate;
import io.sphaera.pluton.boot.BootReport;
import java.io.IOException;
import java.nio.file.Path;
import io.sphaera.emulator.device.Mt3620Device;
import io.sphaera.pluton.PlutonException;
import java.util.List;

/**
 * One device opened from its state folder for one command, on a virtual-time executor started at the CLI's clock:
 * the device's work runs when the command drives it, and boot time passes as the chip would spend it.
 */
final class DeviceAccess implements AutoCloseable {
    private final DeviceFolder folder;
    private final VirtualTimeScheduler scheduler;

    private DeviceAccess(DeviceFolder folder, VirtualTimeScheduler scheduler) {
        this.folder = folder;
        this.scheduler = scheduler;
    }

    static DeviceSeams seams(CliContext context, VirtualTimeScheduler scheduler) {
        return new DeviceSeams(scheduler.clock(), scheduler, context.random(), context.ticker());
    }

    static VirtualTimeScheduler scheduler(CliContext context) {
        return new VirtualTimeScheduler(new VirtualClock(context.clock().instant()));
    }

    /** The device named by ID or prefix, or the only device when none is named. */
    static DeviceAccess open(Workspace workspace, String device, CliContext context) {
        Path dir = folderOf(workspace, device);
        try {
            VirtualTimeScheduler scheduler = scheduler(context);
            return new DeviceAccess(DeviceFolder.open(dir, seams(context, scheduler), FlashWriteGate.NONE), scheduler);
        } catch (WorkspaceException e) {
            throw CliFailure.invalidInput(e.getMessage(), e);
        }
    }

    /** The folder of the device named by ID or prefix, or of the only device when none is named. */
    static Path folderOf(Workspace workspace, String device) {
        try {
            if (device == null) {
                List<Path> all = workspace.deviceFolders();
                if (all.size() != 1) {
                    throw new CliFailure(ExitCode.USAGE, "give --device ID: the workspace holds " + all.size() + " devices");
                }
                return all.get(0);
            }
            return workspace.deviceFolder(device);
        } catch (WorkspaceException e) {
            throw CliFailure.invalidInput(e.getMessage(), e);
        }
    }

    DeviceFolder folder() {
        return folder;
    }

    /** Powers the device on and runs it until boot completes, in virtual time. */
    BootReport boot() {
        return boot(folder.device(), scheduler);
    }

    /** Boots a device on a virtual-time scheduler, turning a failure into one line. */
    static BootReport boot(Mt3620Device device, VirtualTimeScheduler scheduler) {
        try {
            return device.bootOn(scheduler);
        } catch (PlutonException e) {
            throw CliFailure.invalidInput("the device cannot boot: " + e.getMessage(), e);
        }
    }

    VirtualClock clock() {
        return scheduler.clock();
    }

    /** The device's executor: the command drives its virtual time. */
    VirtualTimeScheduler scheduler() {
        return scheduler;
    }

    /**
     * Runs the device's ready work while waiting, up to {@code patience} of real time, for {@code outcome}, which
     * comes from outside (the network): virtual time does not move meanwhile.
     */
    <T> T driveUntil(java.util.concurrent.CompletableFuture<T> outcome, java.time.Duration patience)
            throws java.util.concurrent.ExecutionException, java.util.concurrent.TimeoutException {
        long deadline = System.nanoTime() + patience.toNanos(); // seam: real time, how long the user waits for the network
        while (true) {
            scheduler.runReady();
            try {
                return outcome.get(1, java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException notYet) {
                if (System.nanoTime() - deadline > 0) { // seam: real time, as above
                    throw notYet;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw CliFailure.invalidInput("interrupted");
            }
        }
    }

    @Override
    public void close() {
        try {
            folder.close();
        } catch (IOException e) {
            throw CliFailure.invalidInput("cannot close the flash of " + folder.directory() + ": " + e.getMessage(), e);
        }
    }
}
