package io.sphaera.emulator.update;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.ssl.SslContext;
import io.sphaera.emulator.device.DeviceSeams;
import io.sphaera.emulator.device.Factory;
import io.sphaera.emulator.device.Mt3620Device;
import io.sphaera.emulator.fleet.FleetDevice;
import io.sphaera.emulator.network.DeviceAuthentication;
import io.sphaera.emulator.network.ServiceConnection;
import io.sphaera.emulator.network.ServiceReply;
import io.sphaera.emulator.sim.SeededRandomness;
import io.sphaera.emulator.sim.VirtualClock;
import io.sphaera.emulator.sim.VirtualTimeScheduler;
import io.sphaera.emulator.vendor.SystemRelease;
import io.sphaera.emulator.vendor.Workspace;
import io.sphaera.firmware.image.ImageKind;
import io.sphaera.firmware.image.ImagePackageBuilder;
import io.sphaera.firmware.image.ImageVersion;
import io.sphaera.peripherals.flash.FlashWriteGate;
import io.sphaera.peripherals.flash.NorFlash;
import io.sphaera.pluton.fuse.ManufacturingState;
import io.sphaera.service.SecurityService;
import io.sphaera.service.http.ServiceTls;
import io.sphaera.service.store.DeviceGroup;
import io.sphaera.service.store.PageRequest;
import io.sphaera.service.store.Role;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * For the update tests: a security service with a production key on loopback TLS, a tenant with a product and its
 * default groups, and fleet devices (authentication, OS on the RDB, error reporter, update agent) on one virtual-time
 * scheduler; the network runs on a real event loop.
 */
final class UpdateRig implements AutoCloseable {
    static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");
    /** The blink sample's component (its manifest's). */
    static final UUID BLINK = UUID.fromString("7a3b0d1e-5c4f-4e2a-9b8d-1f6e2c3a4b5d");
    /** The RDB's LED 1 red and button A, which blink opens. */
    static final String BLINK_GPIOS = "{\"Gpio\": [8, 12], \"SystemEventNotifications\": true, \"SoftwareUpdateDeferral\": true}";

    /** A power cut ends the task that was writing: expected here, so not logged as a failure. */
    final VirtualTimeScheduler scheduler = new VirtualTimeScheduler(new VirtualClock(T0), failure -> {
        if (!(failure instanceof io.sphaera.peripherals.flash.PowerLossException)) {
            org.slf4j.LoggerFactory.getLogger(UpdateRig.class).warn("a device task failed", failure);
        }
    });
    final SeededRandomness randomness;
    final Workspace workspace;
    final EventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    final SecurityService service;
    final UUID tenant;
    final String admin;
    final Map<String, DeviceGroup> groups = new java.util.HashMap<>();
    private final SslContext tls;
    /** The devices made here: virtual time waits for the network while any of them waits on the service. */
    final List<FleetDevice> devices = new java.util.concurrent.CopyOnWriteArrayList<>();
    final io.sphaera.emulator.fleet.FleetDriver driver = new io.sphaera.emulator.fleet.FleetDriver(scheduler, devices);
    private final DeviceAuthentication authentication;

    UpdateRig(Path dir, long seed) throws Exception {
        this(dir, seed, Map.of());
    }

    /**
     * With OS releases besides the factory's 25.02: version -> security version, each built now (so published now:
     * RetailEval groups get it at once, Retail ones 14 days later).
     */
    UpdateRig(Path dir, long seed, Map<String, Long> releases) throws Exception {
        this(dir, seed, releases, 0);
    }

    /** And, when {@code trustedKeyStoreVersion} is above 0, a trusted key store of that security version to update to. */
    UpdateRig(Path dir, long seed, Map<String, Long> releases, long trustedKeyStoreVersion) throws Exception {
        randomness = new SeededRandomness(seed);
        workspace = Workspace.create(dir.resolve("ws"), scheduler.clock(), randomness.forParty("vendor"), "25.02",
                new SystemRelease.Sizes(16 * 1024, 16 * 1024, 32 * 1024));
        Map<String, List<byte[]>> known = new java.util.HashMap<>();
        known.put("25.02", workspace.release("25.02").imagesInBootOrder());
        for (var r : new java.util.TreeMap<>(releases).entrySet()) {
            SystemRelease built = SystemRelease.build(workspace.vendor(), r.getKey(), r.getValue(),
                    new SystemRelease.Sizes(16 * 1024, 16 * 1024, 40 * 1024), T0, randomness.forParty("release " + r.getKey()));
            workspace.addRelease(built);
            known.put(r.getKey(), built.imagesInBootOrder());
        }
        try {
            service = SecurityService.start(new SecurityService.Config(dir.resolve("service"), workspace.vendor().root(),
                    workspace.vendor().manufacturingCa().certificateDer(), known,
                    new InetSocketAddress("127.0.0.1", 0), workspace.vendor().productionImagesKey(),
                    trustedKeyStoreVersion > 0 ? List.of(workspace.trustedKeyStoreImage(), workspace.vendor().trustedKeyStoreImage(
                            trustedKeyStoreVersion, T0, randomness.forParty("trusted key store")), certificateStore())
                            : List.of(workspace.trustedKeyStoreImage())),
                    scheduler.clock(),
                    randomness.forParty("service"), loops, loops);
        } catch (Exception | Error e) {
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            throw e;
        }
        tenant = service.store().createTenant("Updaters").id();
        admin = service.store().issueToken(tenant, Role.ADMINISTRATOR);
        var product = service.store().createProduct(tenant, "Lamp", "", true);
        service.store().deviceGroups(tenant, product.id(), PageRequest.first(10)).items().forEach(g -> groups.put(g.name(), g));
        tls = ServiceTls.client(workspace.vendor().root().certificateDer());
        authentication = new DeviceAuthentication(loops, tls, address());
    }

    /** A certificate store image as the vendor signs one (its system images key): the root's certificate. */
    byte[] certificateStore() throws Exception {
        return new ImagePackageBuilder(ImageKind.UPDATE_CERT_STORE, UUID.nameUUIDFromBytes("certificate store".getBytes(StandardCharsets.UTF_8)))
                .imageId(UUID.nameUUIDFromBytes(("certificate store of " + T0).getBytes(StandardCharsets.UTF_8))).buildTime(T0)
                .buildName("Certificate store").addFile("certs.der", workspace.vendor().root().certificateDer(), false)
                .sign(workspace.vendor().systemImagesKey());
    }

    InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", service.port());
    }

    /** A finished device of this workspace, claimed into {@code group}, on the rig's scheduler; not powered yet. */
    FleetDevice device(String party, String group, FlashWriteGate gate) throws Exception {
        return device(party, group, gate, address());
    }

    /** As {@link #device(String, String, FlashWriteGate)}, asking {@code updates} (not the service) for its updates. */
    FleetDevice device(String party, String group, FlashWriteGate gate, InetSocketAddress updates) throws Exception {
        Mt3620Device device = new Factory(workspace.vendor(), workspace.release("25.02"), workspace.trustedKeyStoreImage()).manufacture(
                NorFlash.inMemory(NorFlash.MT3620_SIZE, gate),
                new DeviceSeams(scheduler.clock(), scheduler, randomness.forParty(party), () -> 0L), ManufacturingState.DEVICE_COMPLETE);
        String id = device.pluton().deviceId().hex();
        service.store().claimDevice(tenant, id);
        service.store().moveDevice(tenant, id, groups.get(group).id());
        return made(new FleetDevice(device, authentication, loops, workspace.vendor().root().certificateDer(), updates));
    }

    private FleetDevice made(FleetDevice d) {
        devices.add(d);
        return d;
    }

    /** The device whose flash this is (a copy of another's, say), with its own gate; not powered yet. */
    FleetDevice deviceOn(NorFlash flash, String party) {
        var device = new Mt3620Device(flash, new DeviceSeams(scheduler.clock(), scheduler, randomness.forParty(party), () -> 0L),
                io.sphaera.pluton.boot.BootCostModel.DEFAULT);
        return made(new FleetDevice(device, authentication, loops, workspace.vendor().root().certificateDer(), address()));
    }

    /** The repository's root. */
    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("scripts/build-samples"))) {
            dir = dir.getParent();
        }
        return dir;
    }

    /** The blink sample's wasm (scripts/build-samples builds it). */
    static byte[] blink() throws Exception {
        Path app = root().resolve("target/samples/blink/bin/app");
        if (!Files.exists(app)) {
            throw new IllegalStateException(app + " is missing: run scripts/build-samples (scripts/test does)");
        }
        return Files.readAllBytes(app);
    }

    /** An app package as a developer uploads it (the service production-signs it); {@code padding} bytes enlarge it. */
    static byte[] app(String name, UUID component, String version, String capabilities, byte[] wasm, int padding) {
        String manifest = """
                {"SchemaVersion": 1, "Name": "%s", "ComponentId": "%s", "EntryPoint": "/bin/app", "CmdArgs": [],
                 "Capabilities": %s, "ApplicationType": "Default"}""".formatted(name, component, capabilities);
        ImagePackageBuilder b = new ImagePackageBuilder(ImageKind.APPLICATIONS, component)
                .imageId(UUID.nameUUIDFromBytes((name + " " + version + " " + capabilities).getBytes(StandardCharsets.UTF_8)))
                .buildTime(T0).buildName(name).version(ImageVersion.parse(version))
                .addFile("app_manifest.json", manifest.getBytes(StandardCharsets.UTF_8), false)
                .addFile("bin/app", wasm, true);
        if (padding > 0) {
            byte[] pad = new byte[padding];
            new java.util.SplittableRandom(padding).nextBytes(pad); // incompressible, like real assets
            b.addFile("assets/data.bin", pad, false);
        }
        return b.sign(io.sphaera.firmware.signing.SigningKey.generate(new java.util.SplittableRandom(name.hashCode())));
    }

    /** Uploads an image through the admin API: its ID. */
    UUID upload(byte[] image) throws Exception {
        return admin().upload(image);
    }

    /** Deploys these images to a group through the admin API, all devices at once: the deployment's ID. */
    UUID deploy(String group, UUID... images) throws Exception {
        return admin().deploy(groups.get(group).id(), List.of(images), List.of(1.0), 1.0);
    }

    /** The tenant's administrator on the admin API. */
    io.sphaera.emulator.fleet.TenantAdmin admin() {
        return new io.sphaera.emulator.fleet.TenantAdmin(loops, tls, address(), tenant, admin);
    }

    /** A GET on the admin face. */
    ServiceReply adminGet(String path) throws Exception {
        try (ServiceConnection c = connect()) {
            return c.send(HttpMethod.GET, "/v2/tenants/" + tenant + path, (com.fasterxml.jackson.databind.JsonNode) null, admin)
                    .get(10, TimeUnit.SECONDS);
        }
    }

    private ServiceConnection connect() throws Exception {
        return ServiceConnection.open(loops, tls, address()).get(10, TimeUnit.SECONDS);
    }

    /** Runs the devices on virtual time (io.sphaera.emulator.fleet.FleetDriver) until {@code outcome} completes. */
    <T> T until(CompletableFuture<T> outcome, Duration limit) throws Exception {
        until(outcome::isDone, limit);
        return outcome.get();
    }

    /** As {@link #until(CompletableFuture, Duration)}, until {@code done} says so. */
    void until(java.util.function.BooleanSupplier done, Duration limit) {
        if (!driver.until(done, limit, Duration.ofSeconds(120))) {
            throw new AssertionError("not done within " + limit + " of virtual time or 120 s of real time (virtual time "
                    + scheduler.clock().instant() + ")");
        }
    }

    /** Lets {@code span} of virtual time pass the same way. */
    void run(Duration span) throws Exception {
        Instant end = scheduler.clock().instant().plus(span);
        CompletableFuture<Void> never = new CompletableFuture<>();
        scheduler.schedule(() -> never.complete(null), span.toNanos(), TimeUnit.NANOSECONDS);
        until(never, span.plusSeconds(1));
        if (scheduler.clock().instant().isBefore(end)) {
            throw new AssertionError("time did not reach " + end);
        }
    }

    @Override
    public void close() {
        try {
            service.close();
        } finally {
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    static List<String> lines(FleetDevice d) {
        return d.osLog();
    }
}
