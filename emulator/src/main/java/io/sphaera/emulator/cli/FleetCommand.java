package io.sphaera.emulator.cli;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.sphaera.emulator.device.DeviceSeams;
import io.sphaera.emulator.device.Factory;
import io.sphaera.emulator.device.Mt3620Device;
import io.sphaera.emulator.fleet.FleetDevice;
import io.sphaera.emulator.network.DeviceAuthentication;
import io.sphaera.emulator.network.DeviceCertificate;
import io.sphaera.emulator.vendor.Workspace;
import io.sphaera.emulator.vendor.WorkspaceException;
import io.sphaera.peripherals.flash.FlashWriteGate;
import io.sphaera.peripherals.flash.NorFlash;
import io.sphaera.pluton.PlutonException;
import io.sphaera.pluton.boot.BootReport;
import io.sphaera.pluton.fuse.ManufacturingState;
import io.sphaera.service.SecurityService;
import io.sphaera.service.http.ServiceTls;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * `sphaera fleet run`: the main job. A security service embedded in this process, and a fleet of virtual devices
 * manufactured in memory that boot and attest to it over TLS on loopback, each on one of a few shared event loops.
 */
@Command(name = "fleet", mixinStandardHelpOptions = true, description = "Run fleets of virtual devices against an embedded security service.",
        subcommands = FleetRolloutCommand.class)
final class FleetCommand {
    private final CliContext context;

    FleetCommand(CliContext context) {
        this.context = context;
    }

    /** One device's run. */
    private record Outcome(String deviceId, BootReport boot, DeviceCertificate certificate, String failure, FleetDevice device) {
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Start the service, manufacture N devices in memory, boot them and have each attest over TLS.")
    void run(@Mixin WorkspaceOption workspace,
             @Option(names = "--devices", defaultValue = "10", paramLabel = "N", description = "How many devices (default: ${DEFAULT-VALUE}).") int count,
             @Option(names = "--app", paramLabel = "FILE", description = {"An app image package that every device gets in its"
                     + " first app slot, as the factory would install it; sign it with vendor/production-images.key.pem."})
             java.nio.file.Path appFile,
             @Option(names = "--run-for", paramLabel = "DURATION", description = {"With --app: how long (real time) the devices"
                     + " run their app after attesting, before their app state and LED are shown (default: 3s)."})
             String runForText) {
        if (count < 1 || count > 10_000) {
            throw CliFailure.invalidInput("--devices " + count + " is outside 1..10000");
        }
        if (runForText != null && appFile == null) {
            throw new CliFailure(ExitCode.USAGE, "--run-for needs --app: without an app the devices have nothing to run");
        }
        java.time.Duration runFor = runForText == null ? java.time.Duration.ofSeconds(3) : RunDuration.parse(runForText);
        byte[] app = appFile == null ? null : FleetApp.read(appFile);
        Workspace w = workspace.openOrCreate(context);
        Factory factory = factory(w);
        if (app != null) {
            FleetApp.checkRunnable(app, appFile, factory, context);
        }
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory()); // seam: the fleet's real-time event loops
        // The service has loops of its own, as on its own host: in one group with the devices, Netty's round-robin
        // put every accepted connection on the same loop (connects and accepts alternate), and the service used one core.
        EventLoopGroup serviceLoops = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory()); // seam: the service's real-time event loops
        long start = context.ticker().getAsLong();
        try (SecurityService service = EmbeddedService.start(w, w.root().resolve("service"), new InetSocketAddress("127.0.0.1", 0),
                context, serviceLoops)) {
            context.out().printf("Security service on https://127.0.0.1:%d (%s TLS)%n", service.port(), ServiceTls.provider());
            FleetTenant tenant = FleetTenant.of(service.store());
            context.out().printf("Tenant %s (%s), product %s, devices go to device group %s%n", tenant.tenant().name(), tenant.tenant().id(),
                    tenant.product().name(), tenant.group().name());
            DeviceAuthentication auth = new DeviceAuthentication(loops, ServiceTls.client(w.vendor().root().certificateDer()),
                    new InetSocketAddress("127.0.0.1", service.port()));
            List<CompletableFuture<Outcome>> runs = new ArrayList<>();
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", service.port());
            for (int i = 0; i < count; i++) {
                runs.add(runOne(factory, auth, loops, tenant, service, app, w.vendor().root().certificateDer(), address));
            }
            List<Outcome> outcomes = new ArrayList<>();
            for (CompletableFuture<Outcome> run : runs) {
                outcomes.add(run.get(5, TimeUnit.MINUTES));
            }
            long attestedAt = context.ticker().getAsLong();
            print(outcomes, attestedAt - start);
            if (app != null) {
                context.out().printf("The devices run their app for %s (real time)...%n", runFor);
                loops.next().schedule(() -> { }, runFor.toNanos(), TimeUnit.NANOSECONDS).get(); // seam: the fleet runs in real time
                FleetApp.print(outcomes.stream().map(Outcome::device).toList(), context.out());
            }
            for (Outcome o : outcomes) {
                if (o.device() != null) {
                    o.device().device().powerOff();
                }
            }
            if (outcomes.stream().anyMatch(o -> o.failure() != null)) {
                throw new CliFailure(ExitCode.VERIFICATION_FAILED, outcomes.stream().filter(o -> o.failure() != null).count()
                        + " of " + count + " devices did not attest");
            }
        } catch (SSLException e) {
            throw CliFailure.invalidInput("cannot set up TLS: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliFailure.invalidInput("interrupted");
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new CliFailure(ExitCode.INTERNAL, "the fleet run failed: " + e.getMessage(), e);
        } finally {
            loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            serviceLoops.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** The factory that makes a workspace's devices, with its factory OS release. */
    static Factory factory(Workspace w) {
        try {
            return new Factory(w.vendor(), w.release(w.factoryOsVersion()), w.trustedKeyStoreImage());
        } catch (WorkspaceException e) {
            throw CliFailure.invalidInput(e.getMessage(), e);
        }
    }

    private CompletableFuture<Outcome> runOne(Factory factory, DeviceAuthentication auth, EventLoopGroup loops, FleetTenant tenant,
                                              SecurityService service, byte[] app, byte[] rootDer, InetSocketAddress address) {
        DeviceSeams seams = new DeviceSeams(context.clock(), loops.next(), context.random(), context.ticker());
        Mt3620Device device;
        String id;
        try {
            device = factory.manufacture(NorFlash.inMemory(NorFlash.MT3620_SIZE, FlashWriteGate.NONE), seams, ManufacturingState.DEVICE_COMPLETE);
            id = device.pluton().deviceId().hex();
            // Claimed before it first attests, as a customer claims hardware it bought: its certificates then come
            // from the tenant's CA.
            service.store().claimDevice(tenant.tenant().id(), id);
            service.store().moveDevice(tenant.tenant().id(), id, tenant.group().id());
            if (app != null) {
                device.flash().appSlot(0).write(app); // as the factory installs it
            }
        } catch (PlutonException e) {
            return CompletableFuture.completedFuture(new Outcome("?", null, null, "manufacture: " + e.getMessage(), null));
        }
        // The device's own authentication agent attests at the end of its boot (and would renew daily if the
        // run went on); the run waits for the outcome of that first attempt. Its OS starts the app meanwhile.
        FleetDevice running = new FleetDevice(device, auth, loops, rootDer, address);
        CompletableFuture<DeviceCertificate> attested = running.nextAttestation();
        return device.powerOn().thenCompose(boot -> attested
                .thenApply(cert -> new Outcome(id, boot, cert, null, running))
                .exceptionally(e -> new Outcome(id, boot, null, reason(e), running)))
                .exceptionally(e -> new Outcome(id, null, null, "boot: " + reason(e), running));
    }

    private static String issuer(DeviceCertificate certificate) {
        try {
            var x509 = ServiceTls.certificate(java.util.Base64.getMimeDecoder().decode(
                    certificate.certificatePem().replaceAll("-----[A-Z ]+-----", "")));
            return x509.getIssuerX500Principal().getName().replaceFirst("^CN=", "");
        } catch (IllegalArgumentException e) {
            return "?";
        }
    }

    private static String reason(Throwable e) {
        Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        return String.valueOf(t.getMessage());
    }

    private void print(List<Outcome> outcomes, long wallNanos) {
        var out = context.out();
        out.printf("%-5s %-18s %-10s %-7s %s%n", "#", "DEVICE", "BOOT", "OS", "ATTESTATION");
        int i = 0;
        for (Outcome o : outcomes) {
            String attested = o.failure() != null ? "refused: " + o.failure()
                    : "certificate until " + o.certificate().notAfter() + " from " + issuer(o.certificate());
            out.printf("%-5d %-18s %-10s %-7s %s%n", i++, o.deviceId().length() > 16 ? o.deviceId().substring(0, 16) : o.deviceId(),
                    o.boot() == null ? "-" : o.boot().outcome(), o.boot() == null ? "-" : o.boot().osVersion().orElse("-"), attested);
        }
        long ok = outcomes.stream().filter(o -> o.failure() == null).count();
        out.printf(Locale.ROOT, "%d of %d devices manufactured, claimed, booted and attested in %.2f s of host time%n", ok,
                outcomes.size(), wallNanos / 1e9);
    }
}
