package io.sphaera.emulator.cli;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.sphaera.emulator.device.DeviceSeams;
import io.sphaera.emulator.device.Factory;
import io.sphaera.emulator.fleet.FleetDevice;
import io.sphaera.emulator.fleet.FleetDriver;
import io.sphaera.emulator.fleet.RolloutScenario;
import io.sphaera.emulator.fleet.TenantAdmin;
import io.sphaera.emulator.network.DeviceAuthentication;
import io.sphaera.emulator.sim.VirtualClock;
import io.sphaera.emulator.sim.VirtualTimeScheduler;
import io.sphaera.emulator.update.UpdateAgent;
import io.sphaera.emulator.vendor.Workspace;
import io.sphaera.peripherals.flash.FlashWriteGate;
import io.sphaera.peripherals.flash.NorFlash;
import io.sphaera.pluton.PlutonException;
import io.sphaera.pluton.fuse.ManufacturingState;
import io.sphaera.service.SecurityService;
import io.sphaera.service.http.ServiceTls;
import io.sphaera.service.store.DeviceGroup;
import io.sphaera.service.store.PageRequest;
import io.sphaera.service.store.Role;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * `sphaera fleet rollout`: the end of the main job. A fresh embedded service and a fleet in one device group, on
 * virtual time (an update's commit waits 10 s of device time, not of the host's), each device with the app installed at
 * the factory; the app is deployed in stages three times — a good update, a bad one that rolls back (to the factory's
 * app: the apps of the last OS update) and pauses the rollout, the fix — and the story is printed.
 */
@Command(name = "rollout", mixinStandardHelpOptions = true,
        description = {"Roll an app out to a fleet in stages: a good update, a bad one that rolls back and pauses, the fix.",
                "The service and the devices run in this process; the devices on virtual time."})
final class FleetRolloutCommand implements Runnable {
    private final CliContext context;

    @Mixin
    WorkspaceOption workspace;

    @Option(names = "--devices", defaultValue = "20", paramLabel = "N", description = "How many devices (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--app", required = true, paramLabel = "FILE", description = {"The app image package to roll out as v1;"
            + " v2 is it without its capabilities (it cannot open its peripherals), v3 is it again with a new version."})
    Path appFile;

    FleetRolloutCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public void run() {
        if (count < 1 || count > 1000) {
            throw CliFailure.invalidInput("--devices " + count + " is outside 1..1000");
        }
        byte[] app = FleetApp.read(appFile);
        Workspace w = workspace.openOrCreate(context);
        Factory factory = FleetCommand.factory(w);
        FleetApp.checkRunnable(app, appFile, factory, context);
        // seam: the rollout's devices and its service share one virtual clock that starts at the real now
        VirtualTimeScheduler scheduler = new VirtualTimeScheduler(new VirtualClock(context.clock().instant()));
        CliContext virtual = new CliContext(scheduler.clock(), context.random(), context.ticker(), context.out(), context.err());
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory()); // seam: the network's real-time event loops
        EventLoopGroup serviceLoops = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory()); // seam: the service's real-time event loops
        Path data = null;
        long start = context.ticker().getAsLong();
        try {
            data = Files.createTempDirectory("sphaera-rollout");
            try (SecurityService service = EmbeddedService.start(w, data, new InetSocketAddress("127.0.0.1", 0), virtual, serviceLoops)) {
                var store = service.store();
                var tenant = store.createTenant("Sphaera Rollout");
                var product = store.createProduct(tenant.id(), "Lamp", "Devices of sphaera fleet rollout", true);
                DeviceGroup group = store.deviceGroups(tenant.id(), product.id(), PageRequest.first(10)).items().stream()
                        .filter(g -> g.name().equals("Field Test")).findFirst().orElseThrow();
                InetSocketAddress address = new InetSocketAddress("127.0.0.1", service.port());
                var tls = ServiceTls.client(w.vendor().root().certificateDer());
                DeviceAuthentication auth = new DeviceAuthentication(loops, tls, address);
                List<FleetDevice> devices = new ArrayList<>();
                List<CompletableFuture<UpdateAgent.Result>> booted = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    var device = factory.manufacture(NorFlash.inMemory(NorFlash.MT3620_SIZE, FlashWriteGate.NONE),
                            new DeviceSeams(scheduler.clock(), scheduler, context.random(), context.ticker()), ManufacturingState.DEVICE_COMPLETE);
                    String id = device.pluton().deviceId().hex();
                    store.claimDevice(tenant.id(), id);
                    store.moveDevice(tenant.id(), id, group.id());
                    device.flash().appSlot(0).write(app); // as the factory installs it
                    FleetDevice d = new FleetDevice(device, auth, loops, w.vendor().root().certificateDer(), address);
                    devices.add(d);
                    booted.add(d.updates().nextResult());
                }
                FleetDriver driver = new FleetDriver(scheduler, devices);
                devices.forEach(d -> d.device().powerOn());
                if (!driver.until(() -> booted.stream().allMatch(CompletableFuture::isDone), Duration.ofHours(1), Duration.ofMinutes(5))) {
                    throw new CliFailure(ExitCode.INTERNAL, "the devices did not boot and check for updates within an hour of device time");
                }
                var out = context.out();
                out.printf(Locale.ROOT, "Rollout: %d devices in %s / %s / %s booted, attested and checked for updates (%.1f s of host time)%n",
                        count, tenant.name(), product.name(), group.name(), (context.ticker().getAsLong() - start) / 1e9);
                TenantAdmin admin = new TenantAdmin(loops, tls, address, tenant.id(), store.issueToken(tenant.id(), Role.ADMINISTRATOR));
                var acts = new RolloutScenario(driver, devices, admin, group.id(), out::println, context.ticker(), context.random(),
                        scheduler.clock()).run(app);
                long installed = acts.stream().flatMap(a -> a.rounds().stream())
                        .mapToLong(r -> r.outcomes().getOrDefault(UpdateAgent.Result.INSTALLED, 0)).sum();
                long rolledBack = acts.stream().flatMap(a -> a.rounds().stream())
                        .mapToLong(r -> r.outcomes().getOrDefault(UpdateAgent.Result.ROLLED_BACK, 0)).sum();
                out.printf(Locale.ROOT, "Rollout done: %d updates installed and committed, %d rolled back; %.1f s of host time in all%n",
                        installed, rolledBack, (context.ticker().getAsLong() - start) / 1e9);
                devices.forEach(d -> d.device().powerOff());
                scheduler.runReady();
                boolean converged = acts.get(acts.size() - 1).rolloutState().equals("Complete")
                        && acts.get(1).rolloutState().equals("Paused");
                if (!converged) {
                    throw new CliFailure(ExitCode.VERIFICATION_FAILED, "the rollout did not go as it should: v2 "
                            + acts.get(1).rolloutState() + ", v3 " + acts.get(acts.size() - 1).rolloutState());
                }
            }
        } catch (IOException e) {
            throw new CliFailure(ExitCode.INTERNAL, "the rollout failed: " + e.getMessage(), e);
        } catch (PlutonException e) {
            throw new CliFailure(ExitCode.INTERNAL, "a device could not be manufactured: " + e.getMessage(), e);
        } finally {
            loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            serviceLoops.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            if (data != null) {
                CliFiles.deleteTree(data);
            }
        }
    }
}
