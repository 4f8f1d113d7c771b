package io.sphaera.emulator.device;

import io.sphaera.peripherals.flash.NorFlash;
import io.sphaera.pluton.Pluton;
import io.sphaera.pluton.PlutonException;
import io.sphaera.pluton.boot.BootCostModel;
import io.sphaera.pluton.boot.BootReport;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A virtual MT3620: its flash and, while powered, its Pluton. Powering on opens Pluton afresh from flash (nothing
 * volatile survives) and runs secure boot on the device's executor; the boot completes after the modelled time it
 * takes on the chip, so on a virtual-time executor the clock moves by exactly that.
 */
public final class Mt3620Device {
    private final NorFlash flash;
    private final Mt3620Flash layout;
    private final DeviceSeams seams;
    private final BootCostModel cost;
    private volatile Pluton pluton;
    private final List<DeviceService> services = new java.util.concurrent.CopyOnWriteArrayList<>();

    public Mt3620Device(NorFlash flash, DeviceSeams seams, BootCostModel cost) {
        this.flash = flash;
        this.layout = new Mt3620Flash(flash);
        this.seams = seams;
        this.cost = cost;
    }

    /** Pluton as it stands on this flash now (opened on first use and at every power-on). */
    public Pluton pluton() throws PlutonException {
        if (pluton == null) {
            pluton = Pluton.open(layout.plutonStorage(), seams.random());
        }
        return pluton;
    }

    /** Powers on and runs the device's executor until the boot is done; for callers that drive a virtual-time executor. */
    public BootReport bootOn(io.sphaera.emulator.sim.VirtualTimeScheduler scheduler) throws PlutonException {
        CompletableFuture<BootReport> booted = powerOn();
        scheduler.runUntilIdle(Duration.ofHours(1));
        if (!booted.isDone()) {
            throw new PlutonException("the boot did not finish within an hour of virtual time");
        }
        try {
            return booted.join();
        } catch (java.util.concurrent.CompletionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof PlutonException p ? p : new PlutonException(String.valueOf(cause.getMessage()), cause);
        }
    }

    /** Runs {@code service} while the device is up: from the end of each successful boot until the power goes. */
    public void run(DeviceService service) {
        services.add(service);
    }

    /** Power on: Pluton reopens from flash and boots; the future completes when the modelled boot time has passed. */
    public CompletableFuture<BootReport> powerOn() {
        CompletableFuture<BootReport> booted = new CompletableFuture<>();
        seams.executor().execute(() -> {
            try {
                pluton = Pluton.open(layout.plutonStorage(), seams.random());
                BootReport report = pluton.boot(new FlashBootImages(layout), cost, seams.wallTicker());
                Duration onChip = report.virtualTime();
                seams.executor().schedule(() -> {
                    // The OS runs after a rollback too; in recovery nothing but Pluton's recovery path does.
                    if (report.outcome() != io.sphaera.pluton.boot.BootOutcome.RECOVERY) {
                        services.forEach(service -> service.start(report));
                    }
                    booted.complete(report);
                }, onChip.toNanos(), TimeUnit.NANOSECONDS);
            } catch (PlutonException | RuntimeException | Error e) {
                // Whatever stops the boot completes the future, so no caller waits for a boot that will never end.
                booted.completeExceptionally(e);
            }
        });
        return booted;
    }

    /** Power off: what Pluton held in RAM is gone; flash keeps what was written. */
    public void powerOff() {
        // The services stop on the device's executor, where everything else they do runs: the caller may be any thread.
        seams.executor().execute(() -> services.forEach(DeviceService::stop));
        pluton = null;
    }

    public Mt3620Flash flash() {
        return layout;
    }

    public NorFlash nor() {
        return flash;
    }

    public DeviceSeams seams() {
        return seams;
    }
}
