package io.sphaera.benchmarks;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.sphaera.emulator.device.DeviceSeams;
import io.sphaera.emulator.device.Factory;
import io.sphaera.emulator.fleet.FleetDevice;
import io.sphaera.emulator.network.DeviceAuthentication;
import io.sphaera.emulator.network.DeviceCertificate;
import io.sphaera.emulator.network.DeviceTls;
import io.sphaera.emulator.network.ServiceConnection;
import io.sphaera.emulator.network.ServiceReply;
import io.sphaera.emulator.sim.SeededRandomness;
import io.sphaera.emulator.sim.VirtualClock;
import io.sphaera.emulator.sim.VirtualTimeScheduler;
import io.sphaera.emulator.update.UpdateAgent;
import io.sphaera.emulator.vendor.SystemRelease;
import io.sphaera.emulator.vendor.Workspace;
import io.sphaera.firmware.image.ImageKind;
import io.sphaera.firmware.image.ImageMetadata;
import io.sphaera.firmware.image.ImagePackage;
import io.sphaera.firmware.image.ImagePackageBuilder;
import io.sphaera.firmware.image.ImageVersion;
import io.sphaera.firmware.image.PackageVerifier;
import io.sphaera.firmware.signing.Sha256;
import io.sphaera.firmware.signing.SigningKey;
import io.sphaera.peripherals.flash.FlashWriteGate;
import io.sphaera.peripherals.flash.NorFlash;
import io.sphaera.pluton.fuse.ManufacturingState;
import io.sphaera.service.SecurityService;
import io.sphaera.service.http.ServiceTls;
import io.sphaera.service.store.DeviceGroup;
import io.sphaera.service.store.ImageRecord;
import io.sphaera.service.store.PageRequest;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A 256 KiB app update end to end: one device of a service in this process over TLS on loopback checks, fetches and
 * verifies its manifest, downloads the image in 64 KiB ranges (four at a time) into staging, checks its hash and signature, keeps the
 * old app for rollback, installs, restarts the app and commits it; beside it, in the same run, the raw work of the
 * same bytes: one mutual-TLS GET of the whole image, its SHA-256 and the package's signature check. Then 100 devices
 * take an update at once. The devices run on virtual time driven by this thread (the 10 s commit wait is device time,
 * not host time); the network and the service run in real time on event loops.
 */
public final class AppUpdateRollout {
    /** The image's size: an app slot holds 256 KiB less its 8-byte header. */
    static final int IMAGE_BYTES = 256 * 1024 - 64;
    static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");
    /** Untimed rounds of both before the timed ones: the JIT compiles the paths, as in any long-running fleet. */
    public static final int WARM_UP = 20;

    /**
     * @param updateMillis  median wall time of one device's update, from the check to the commit
     * @param rawMillis     median wall time of the raw work on the same bytes
     * @param fleetDevices  devices updated at once
     * @param fleetSeconds  wall time until every one of them committed
     */
    public record Result(int imageBytes, int iterations, double updateMillis, double rawMillis, int fleetDevices, double fleetSeconds,
                         int cores) {
    }

    private AppUpdateRollout() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println(measure(Path.of(args.length > 0 ? args[0] : "."), 9, 100));
    }

    public static Result measure(Path repository, int iterations, int fleet) throws Exception {
        byte[] sleeper = Files.readAllBytes(repository.resolve("target/test-apps/sleeper/bin/app"));
        Path dir = Files.createTempDirectory("sphaera-update-bench");
        VirtualTimeScheduler scheduler = new VirtualTimeScheduler(new VirtualClock(T0));
        SeededRandomness randomness = new SeededRandomness(9);
        Workspace w = Workspace.create(dir.resolve("ws"), scheduler.clock(), randomness.forParty("vendor"), "25.02",
                new SystemRelease.Sizes(16 * 1024, 16 * 1024, 32 * 1024));
        int cores = Runtime.getRuntime().availableProcessors();
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(cores, NioIoHandler.newFactory()); // seam: the network runs in real time
        SecurityService service = SecurityService.start(new SecurityService.Config(dir.resolve("service"), w.vendor().root(),
                w.vendor().manufacturingCa().certificateDer(), Map.of("25.02", w.release("25.02").imagesInBootOrder()),
                new InetSocketAddress("127.0.0.1", 0), w.vendor().productionImagesKey()), scheduler.clock(),
                randomness.forParty("service"), loops, loops);
        try {
            UUID tenant = service.store().createTenant("Bench").id();
            var product = service.store().createProduct(tenant, "Sensor", "", true);
            Map<String, DeviceGroup> groups = new java.util.HashMap<>();
            service.store().deviceGroups(tenant, product.id(), PageRequest.first(10)).items().forEach(g -> groups.put(g.name(), g));
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", service.port());
            DeviceAuthentication authentication = new DeviceAuthentication(loops, ServiceTls.client(w.vendor().root().certificateDer()), address);
            Factory factory = new Factory(w.vendor(), w.release("25.02"), w.trustedKeyStoreImage());
            List<FleetDevice> devices = new ArrayList<>();
            for (int i = 0; i <= fleet; i++) {
                var device = factory.manufacture(NorFlash.inMemory(NorFlash.MT3620_SIZE, FlashWriteGate.NONE),
                        new DeviceSeams(scheduler.clock(), scheduler, randomness.forParty("device-" + i), () -> 0L),
                        ManufacturingState.DEVICE_COMPLETE);
                String id = device.pluton().deviceId().hex();
                service.store().claimDevice(tenant, id);
                service.store().moveDevice(tenant, id, groups.get(i == 0 ? "Field Test" : "Production").id());
                devices.add(new FleetDevice(device, authentication, loops, w.vendor().root().certificateDer(), address));
            }
            FleetDevice one = devices.get(0);
            List<FleetDevice> many = devices.subList(1, devices.size());
            io.sphaera.emulator.fleet.FleetDriver fleetDriver = new io.sphaera.emulator.fleet.FleetDriver(scheduler, devices);

            // Every device boots into v0 (a first deployment) and attests; the single device's certificate is kept.
            UUID v0 = deploy(service, w, tenant, groups.get("Field Test"), sleeper, "0");
            service.store().createDeployment(tenant, groups.get("Production").id(), List.of(v0));
            CompletableFuture<DeviceCertificate> certificate = one.nextAttestation();
            List<CompletableFuture<UpdateAgent.Result>> first = new ArrayList<>();
            for (FleetDevice d : devices) {
                first.add(d.updates().nextResult());
                d.device().powerOn();
            }
            until(fleetDriver, () -> first.stream().allMatch(CompletableFuture::isDone), Duration.ofHours(1));
            expectInstalled(first);

            double[] update = new double[iterations];
            double[] raw = new double[iterations];
            for (int i = 0; i < iterations + WARM_UP; i++) { // untimed rounds first, so that both paths are compiled
                UUID image = deploy(service, w, tenant, groups.get("Field Test"), sleeper, "1." + i);
                long start = System.nanoTime(); // seam: host time is what a benchmark measures
                CompletableFuture<UpdateAgent.Result> r = one.updates().checkNow();
                until(fleetDriver, r::isDone, Duration.ofHours(1));
                long updated = System.nanoTime() - start;
                expectInstalled(List.of(r));
                // The device reports the outcome after the commit: let that finish first, or the service's work on
                // it would be timed as part of the raw work.
                until(fleetDriver, () -> !one.waitingOnService(), Duration.ofMinutes(1));
                start = System.nanoTime();
                rawWork(loops, w, one, certificate.join(), address, image);
                long rawTime = System.nanoTime() - start;
                if (i >= WARM_UP) {
                    update[i - WARM_UP] = updated / 1e6;
                    raw[i - WARM_UP] = rawTime / 1e6;
                }
            }

            deploy(service, w, tenant, groups.get("Production"), sleeper, "2.0");
            long start = System.nanoTime(); // seam: host time is what a benchmark measures
            List<CompletableFuture<UpdateAgent.Result>> all = many.stream().map(d -> d.updates().checkNow()).toList();
            until(fleetDriver, () -> all.stream().allMatch(CompletableFuture::isDone), Duration.ofHours(1));
            double fleetSeconds = (System.nanoTime() - start) / 1e9;
            expectInstalled(all);
            for (FleetDevice d : devices) {
                d.device().powerOff();
            }
            scheduler.runReady();
            return new Result(IMAGE_BYTES, iterations, median(update), median(raw), many.size(), fleetSeconds, cores);
        } finally {
            service.close();
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** The raw work on the same bytes: one mutual-TLS GET of the whole image, its SHA-256, the package's signature. */
    private static void rawWork(EventLoopGroup loops, Workspace w, FleetDevice device, DeviceCertificate certificate,
                                InetSocketAddress address, UUID image) throws Exception {
        var tls = DeviceTls.mutual(w.vendor().root().certificateDer(), device.device().pluton(), certificate);
        try (ServiceConnection c = ServiceConnection.open(loops, tls, address).get(30, TimeUnit.SECONDS)) {
            ServiceReply reply = c.sendWithRange("/v1/device/images/" + image, "bytes=0-" + (IMAGE_BYTES - 1)).get(30, TimeUnit.SECONDS);
            if (reply.status() != 206 || reply.bytes().length != IMAGE_BYTES) {
                throw new IllegalStateException("raw download: " + reply.status() + " " + reply.error());
            }
            byte[] digest = Sha256.of(reply.bytes());
            if (digest.length != 32) {
                throw new IllegalStateException("no digest");
            }
            var trusted = w.vendor().productionImagesKey().verificationKey();
            new PackageVerifier(id -> id.equals(trusted.id()) ? java.util.Optional.of(trusted) : java.util.Optional.empty())
                    .verify(ImagePackage.parse(reply.bytes()));
        }
    }

    /** Adds a production-signed app image of {@link #IMAGE_BYTES} and deploys it to the group alone: the image's ID. */
    private static UUID deploy(SecurityService service, Workspace w, UUID tenant, DeviceGroup group, byte[] wasm, String version)
            throws Exception {
        UUID component = UUID.nameUUIDFromBytes("bench app".getBytes(StandardCharsets.UTF_8));
        // Each version's executable differs (as a new build's would), so the device parses each new app afresh: the
        // OS model keeps parsed modules by their hash, and one shared by every version would not be an update.
        wasm = io.sphaera.emulator.os.WasmCustomSection.append(wasm, "sphaera.bench.version", version.getBytes(StandardCharsets.UTF_8));
        String manifest = "{\"SchemaVersion\": 1, \"Name\": \"Sleeper\", \"ComponentId\": \"" + component
                + "\", \"EntryPoint\": \"/bin/app\", \"CmdArgs\": [], \"Capabilities\": {}, \"ApplicationType\": \"Default\"}";
        byte[] probe = build(manifest, component, version, wasm, new byte[0], w.vendor().productionImagesKey());
        byte[] padding = new byte[IMAGE_BYTES - probe.length];
        new java.util.SplittableRandom(version.hashCode()).nextBytes(padding);
        byte[] signed = build(manifest, component, version, wasm, padding, w.vendor().productionImagesKey());
        if (signed.length != IMAGE_BYTES) {
            throw new IllegalStateException("the image is " + signed.length + " bytes, not " + IMAGE_BYTES);
        }
        ImageMetadata m = ImagePackage.parse(signed).metadata();
        service.store().addImage(tenant, new ImageRecord(m.imageId(), m.componentId(), m.kind().code(), m.buildName(), m.version().text(),
                m.securityVersion(), ImageRecord.hex(Sha256.of(signed)), signed.length), signed);
        service.store().createDeployment(tenant, group.id(), List.of(m.imageId()));
        return m.imageId();
    }

    private static byte[] build(String manifest, UUID component, String version, byte[] wasm, byte[] padding, SigningKey key) {
        return new ImagePackageBuilder(ImageKind.APPLICATIONS, component)
                .imageId(UUID.nameUUIDFromBytes(("bench " + version).getBytes(StandardCharsets.UTF_8))).buildTime(T0).buildName("Sleeper")
                .version(ImageVersion.parse(version))
                .addFile("app_manifest.json", manifest.getBytes(StandardCharsets.UTF_8), false)
                .addFile("bin/app", wasm, true).addFile("assets/data.bin", padding, false).sign(key);
    }

    private static void expectInstalled(List<CompletableFuture<UpdateAgent.Result>> results) {
        for (var r : results) {
            if (!r.join().outcome().equals(UpdateAgent.Result.INSTALLED)) {
                throw new IllegalStateException("an update did not install: " + r.join());
            }
        }
    }

    private static void until(io.sphaera.emulator.fleet.FleetDriver driver, BooleanSupplier done, Duration limit) {
        if (!driver.until(done, limit, Duration.ofMinutes(10))) {
            throw new IllegalStateException("the devices were not done within " + limit + " of device time");
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

}
