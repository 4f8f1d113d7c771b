package io.sphaera.emulator.cli;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.sphaera.emulator.fleet.FleetDevice;
import io.sphaera.emulator.fleet.FleetDriver;
import io.sphaera.emulator.network.DeviceAuthentication;
import io.sphaera.emulator.network.DeviceCertificate;
import io.sphaera.emulator.update.UpdateAgent;
import io.sphaera.emulator.vendor.Workspace;
import io.sphaera.pluton.boot.BootOutcome;
import io.sphaera.pluton.boot.BootReport;
import io.sphaera.service.http.ServiceTls;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * `sphaera device update-check`: a device kept in the workspace boots, attests to the security service and has its
 * update agent check now, as `fleet run` devices do at boot; whatever the check starts (download, install, the commit
 * after the new apps have run, or the rollback) runs to rest, the outcome is reported to the service, and the device
 * powers off with its flash holding what the update wrote.
 *
 * <p>The device runs on virtual time, driven as a fleet is ({@link FleetDriver}): its clock stands still while it waits
 * on the service, and otherwise moves straight to its next task, so the 10 s an update waits before it commits cost
 * milliseconds, and the device's clock, certificates and manifests agree with one another.
 */
@Command(name = "update-check", mixinStandardHelpOptions = true,
        description = {"Boot a device, attest to the security service and check for updates now: the update its device group's"
                + " deployment names is downloaded, installed, and committed once the new apps have run (or rolled back);"
                + " then the device powers off.",
                "Exit 0 when the device is up to date or installed the update; 3 when it could not reach the service, rolled"
                        + " back, failed or was deferred by an app; 4 when it refused the manifest."})
final class DeviceUpdateCheckCommand implements Runnable {
    /** Host time the command waits for the device to boot, attest and settle its check before it gives up. */
    static final Duration PATIENCE = Duration.ofSeconds(60);
    /** Device time it may take: a check, a download and the commit take seconds of it; a deferral settles at once. */
    static final Duration DEVICE_TIME = Duration.ofHours(1);

    private final CliContext context;

    @Mixin
    WorkspaceOption workspace;

    @Option(names = {"-d", "--device"}, paramLabel = "ID", description = "Device ID or prefix (default: the only device).")
    String device;

    @Mixin
    DeviceServiceOption service;

    DeviceUpdateCheckCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public void run() {
        Workspace w = workspace.open();
        URI url = service.resolve(w);
        InetSocketAddress address = new InetSocketAddress(url.getHost(), url.getPort() < 0 ? 443 : url.getPort());
        if (address.isUnresolved()) {
            throw CliFailure.invalidInput("cannot reach the security service at " + url + ": the host name does not resolve");
        }
        byte[] root = w.vendor().root().certificateDer();
        EventLoopGroup network = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory()); // seam: the CLI's real network
        try (DeviceAccess access = DeviceAccess.open(w, device, context)) {
            String shortId = access.folder().id().shortForm();
            DeviceAuthentication authentication;
            try {
                authentication = new DeviceAuthentication(network, ServiceTls.client(root), address);
            } catch (SSLException e) {
                throw CliFailure.invalidInput("cannot set up TLS: " + e.getMessage(), e);
            }
            FleetDevice d = new FleetDevice(access.folder().device(), authentication, network, root, address);
            FleetDriver driver = new FleetDriver(access.scheduler(), List.of(d));
            CompletableFuture<DeviceCertificate> attested = d.nextAttestation();
            CompletableFuture<BootReport> booted = d.device().powerOn();
            try {
                BootReport boot = await(driver, booted, url);
                if (boot.outcome() == BootOutcome.RECOVERY) {
                    throw new CliFailure(ExitCode.VERIFICATION_FAILED, "device " + shortId
                            + "... booted into recovery: its OS does not run, so it cannot check for updates");
                }
                await(driver, attested, url);
                CompletableFuture<UpdateAgent.Result> checked = d.updates().checkNow();
                // Until the check rests and its report (if any) has reached the service.
                boolean settled = driver.until(() -> checked.isDone() && !d.waitingOnService(), DEVICE_TIME, PATIENCE);
                if (!checked.isDone()) {
                    throw CliFailure.invalidInput("the update check did not come to rest within " + PATIENCE.toSeconds()
                            + " s (is the security service at " + url + " answering?)");
                }
                UpdateAgent.Result result = checked.join();
                context.out().println("Device " + access.folder().id().hex() + ": booted OS " + boot.osVersion().orElse("?")
                        + ", attested to " + url + ", checked for updates");
                d.osLog().stream().filter(line -> line.startsWith("update: ")).forEach(line -> context.out().println("  " + line));
                if (!settled) {
                    // The journal keeps the outcome; the agent sends it with its next check.
                    context.out().println("  (the report did not reach the service within " + PATIENCE.toSeconds()
                            + " s; the device sends it at its next check)");
                }
                int code = exitCode(result.outcome());
                if (code == ExitCode.OK) {
                    context.out().println(result);
                } else {
                    // The agent's lines above say what the device did; the reason it did not take the update is the error.
                    context.out().flush();
                    throw new CliFailure(code, "the update check of device " + shortId + "... ended " + result.outcome()
                            + (result.detail().isEmpty() ? "" : ": " + result.detail()));
                }
            } finally {
                d.device().powerOff();
                access.scheduler().runReady();
            }
        } finally {
            network.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** UpToDate and Installed are success; the device could not or would not take the update otherwise. */
    static int exitCode(String outcome) {
        return switch (outcome) {
            case UpdateAgent.Result.UP_TO_DATE, UpdateAgent.Result.INSTALLED -> ExitCode.OK;
            case UpdateAgent.Result.REFUSED -> ExitCode.VERIFICATION_FAILED;
            case UpdateAgent.Result.UNREACHABLE, UpdateAgent.Result.FAILED, UpdateAgent.Result.ROLLED_BACK,
                 UpdateAgent.Result.DEFERRED -> ExitCode.INVALID_INPUT;
            default -> ExitCode.INTERNAL;
        };
    }

    /** Drives the device until {@code step} completes: its value, or the failure as one line. */
    private static <T> T await(FleetDriver driver, CompletableFuture<T> step, URI url) {
        if (!driver.until(step::isDone, DEVICE_TIME, PATIENCE)) {
            throw CliFailure.invalidInput("the security service at " + url + " did not answer within " + PATIENCE.toSeconds() + " s");
        }
        try {
            return step.join();
        } catch (CompletionException | java.util.concurrent.CancellationException e) {
            Throwable cause = e.getCause() instanceof CompletionException c && c.getCause() != null ? c.getCause() : e.getCause();
            if (cause instanceof DeviceAuthentication.Refused refused) {
                throw new CliFailure(ExitCode.VERIFICATION_FAILED, refused.getMessage(), refused);
            }
            if (cause instanceof io.sphaera.pluton.PlutonException) {
                throw CliFailure.invalidInput("the device cannot boot: " + oneLine(cause), cause);
            }
            throw CliFailure.invalidInput("cannot attest to the security service at " + url + ": " + oneLine(cause), cause);
        }
    }

    private static String oneLine(Throwable t) {
        if (t == null) {
            return "unknown failure";
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return m.lines().findFirst().orElse(m);
    }
}
