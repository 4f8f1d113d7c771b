package io.sphaera.emulator.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.codec.http.HttpMethod;
import io.sphaera.emulator.sim.SeededRandomness;
import io.sphaera.emulator.vendor.SystemRelease;
import io.sphaera.emulator.vendor.Workspace;
import io.sphaera.service.http.ServiceTls;
import io.sphaera.service.store.PageRequest;
import io.sphaera.service.store.Product;
import io.sphaera.service.store.ServiceStore;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real service process, killed with SIGKILL in the middle of a load, loses nothing it acknowledged. */
class ServiceCrashTest {

    @Test
    void acknowledgedWritesSurviveAKillDashNine(@TempDir Path dir) throws Exception {
        Path ws = dir.resolve("ws");
        Workspace w = Workspace.create(ws, InstantSource.fixed(Instant.parse("2026-11-26T12:00:00Z")),
                new SeededRandomness(1).forParty("vendor"), "25.02", new SystemRelease.Sizes(16 * 1024, 16 * 1024, 16 * 1024));
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        Set<UUID> acknowledged = new HashSet<>();
        String tenantId;
        Process service = ServiceProcess.start(ws);
        try {
            int port = ServiceProcess.portOf(service);
            try (ServiceConnection c = ServiceConnection.open(loops, ServiceTls.client(w.vendor().root().certificateDer()),
                    new InetSocketAddress("127.0.0.1", port)).get(30, TimeUnit.SECONDS)) {
                String operator = Files.readString(ws.resolve("service/operator.token")).trim();
                ServiceReply tenant = c.send(HttpMethod.POST, "/v2/tenants", ServiceConnection.json().createObjectNode().put("Name", "Crash"),
                        operator).get(30, TimeUnit.SECONDS);
                assertEquals(200, tenant.status(), tenant::error);
                tenantId = tenant.body().path("Id").asText();
                String token = tenant.body().path("Token").asText();
                // Keep several requests in flight, so the kill lands while writes are under way.
                List<java.util.concurrent.CompletableFuture<ServiceReply>> inFlight = new ArrayList<>();
                int sent = 0;
                while (acknowledged.size() < 60 && sent < 400) {
                    inFlight.add(c.send(HttpMethod.POST, "/v2/tenants/" + tenantId + "/products",
                            ServiceConnection.json().createObjectNode().put("Name", "Product " + sent++), token));
                    if (inFlight.size() >= 8) {
                        ServiceReply r = inFlight.remove(0).get(30, TimeUnit.SECONDS);
                        assertEquals(200, r.status(), r::error);
                        acknowledged.add(UUID.fromString(r.body().path("Id").asText()));
                    }
                }
                service.destroyForcibly();
            }
        } finally {
            service.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
        try (ServiceStore store = ServiceStore.open(ws.resolve("service/store"), InstantSource.fixed(Instant.parse("2026-11-26T13:00:00Z")), new SplittableRandom(5))) {
            Set<UUID> kept = new HashSet<>();
            PageRequest page = PageRequest.first(1000);
            while (true) {
                var p = store.products(UUID.fromString(tenantId), page);
                p.items().stream().map(Product::id).forEach(kept::add);
                if (p.continuationToken().isEmpty()) {
                    break;
                }
                page = new PageRequest(1000, p.continuationToken());
            }
            assertTrue(kept.containsAll(acknowledged), "lost " + (acknowledged.size() - kept.stream().filter(acknowledged::contains).count())
                    + " acknowledged products");
            assertTrue(acknowledged.size() >= 60);
        }
    }

    @Test
    void acknowledgedAttestationsSurviveAKillDashNine(@TempDir Path dir) throws Exception {
        // Attestation records share commits on the store's committer thread: an answer goes out only once its
        // record is durable, so whatever a device was answered must be in the store after a SIGKILL.
        InstantSource clock = InstantSource.fixed(Instant.parse("2026-11-26T12:00:00Z"));
        SeededRandomness randomness = new SeededRandomness(2);
        Path ws = dir.resolve("ws");
        Workspace w = Workspace.create(ws, clock, randomness.forParty("vendor"), "25.02", new SystemRelease.Sizes(16 * 1024, 16 * 1024, 16 * 1024));
        io.sphaera.emulator.device.Factory factory = new io.sphaera.emulator.device.Factory(w.vendor(), w.release("25.02"),
                w.trustedKeyStoreImage());
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        java.util.Map<String, java.math.BigInteger> acknowledged = new java.util.concurrent.ConcurrentHashMap<>();
        Process service = ServiceProcess.start(ws);
        try {
            int port = ServiceProcess.portOf(service);
            DeviceAuthentication auth = new DeviceAuthentication(loops, ServiceTls.client(w.vendor().root().certificateDer()),
                    new InetSocketAddress("127.0.0.1", port));
            List<java.util.concurrent.CompletableFuture<?>> inFlight = new ArrayList<>();
            for (int i = 0; i < 400 && acknowledged.size() < 40; i++) {
                var device = factory.manufacture(io.sphaera.peripherals.flash.NorFlash.inMemory(io.sphaera.peripherals.flash.NorFlash.MT3620_SIZE,
                        io.sphaera.peripherals.flash.FlashWriteGate.NONE), new io.sphaera.emulator.device.DeviceSeams(clock, loops.next(),
                        randomness.forParty("d" + i), () -> 0L), io.sphaera.pluton.fuse.ManufacturingState.DEVICE_COMPLETE);
                device.powerOn().get(30, TimeUnit.SECONDS);
                String id = device.pluton().deviceId().hex();
                inFlight.add(auth.authenticate(device).thenAccept(cert -> acknowledged.put(id, serialOf(cert))));
                if (inFlight.size() >= 8) {
                    inFlight.remove(0).get(30, TimeUnit.SECONDS);
                }
            }
            service.destroyForcibly();
        } finally {
            service.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
        assertTrue(acknowledged.size() >= 40, "attested before the kill: " + acknowledged.size());
        try (ServiceStore store = ServiceStore.open(ws.resolve("service/store"), clock, new SplittableRandom(5))) {
            for (var a : acknowledged.entrySet()) {
                var kept = store.lastAttestation(a.getKey());
                assertTrue(kept.isPresent(), "the attestation of " + a.getKey() + " was answered and then lost");
                assertEquals(a.getValue().toString(16), kept.get().certificateSerialHex());
            }
        }
    }

    private static java.math.BigInteger serialOf(DeviceCertificate certificate) {
        try {
            return ((java.security.cert.X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(
                    new java.io.ByteArrayInputStream(certificate.certificatePem().getBytes(StandardCharsets.US_ASCII)))).getSerialNumber();
        } catch (java.security.cert.CertificateException e) {
            throw new AssertionError(e);
        }
    }
}
