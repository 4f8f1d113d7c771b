package io.sphaera.emulator.fleet;

import io.sphaera.emulator.sim.VirtualTimeScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Drives a fleet on virtual time from the calling thread while the service and the network run in real time: ready
 * work first; then the clock moves to the next task at once, except while some device waits on the service (an
 * attestation, an update check or report under way), when it first lets the network answer — so a device's clock
 * never runs ahead of a conversation, and a challenge never expires while its answer is on the wire.
 */
public final class FleetDriver {
    /** How long a device may wait on the service before the clock moves on anyway (a hung peer must not stop the run). */
    static final long PATIENCE_NANOS = TimeUnit.SECONDS.toNanos(2);
    /** The longest single wait for the network before the driver looks again at what the devices wait on. */
    private static final long WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private final VirtualTimeScheduler scheduler;
    private final List<FleetDevice> devices;

    public FleetDriver(VirtualTimeScheduler scheduler, List<FleetDevice> devices) {
        this.scheduler = scheduler;
        this.devices = devices;
    }

    /**
     * Runs until {@code done} holds, or {@code limit} of virtual time or {@code patience} of host time has passed.
     *
     * @return whether {@code done} held
     */
    public boolean until(BooleanSupplier done, Duration limit, Duration patience) {
        Instant end = scheduler.clock().instant().plus(limit);
        long deadline = System.nanoTime() + patience.toNanos(); // seam: host time only bounds how long a run may take
        long idleSince = System.nanoTime(); // seam: host time only paces the wait for the network
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) { // seam: as above
                return false;
            }
            if (scheduler.runReady() > 0) {
                idleSince = System.nanoTime(); // seam: as above
                continue;
            }
            boolean network = devices.stream().anyMatch(FleetDevice::waitingOnService);
            var due = scheduler.nextDueTime();
            boolean patient = !network || System.nanoTime() - idleSince > PATIENCE_NANOS; // seam: as above
            if (patient && due.isPresent() && !due.get().isAfter(end)) {
                scheduler.advanceTo(due.get());
                idleSince = System.nanoTime(); // seam: as above
            } else if (!network && (due.isEmpty() || due.get().isAfter(end))) {
                return done.getAsBoolean(); // nothing left to run within the limit
            } else {
                scheduler.awaitWork(WAIT_NANOS); // woken by the reply's task as soon as it is enqueued
            }
        }
        return true;
    }
}
