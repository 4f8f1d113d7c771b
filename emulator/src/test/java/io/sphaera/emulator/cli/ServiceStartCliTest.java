package io.sphaera.emulator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.codec.http.HttpMethod;
import io.sphaera.emulator.network.ServiceConnection;
import io.sphaera.emulator.network.ServiceReply;
import io.sphaera.emulator.sim.SeededRandomness;
import io.sphaera.emulator.vendor.SystemRelease;
import io.sphaera.emulator.vendor.Workspace;
import io.sphaera.service.http.ServiceTls;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `sphaera service start --data-dir D`, run as a real process (it runs until killed, as ServiceCrashTest's do):
 * its keys, store and operator token are in D, not in the workspace.
 */
class ServiceStartCliTest {

    @Test
    void theServiceKeepsItsDataInTheGivenFolder(@TempDir Path dir) throws Exception {
        Path ws = dir.resolve("ws");
        Path data = dir.resolve("elsewhere/data");
        Workspace w = Workspace.create(ws, InstantSource.fixed(Instant.parse("2026-11-26T12:00:00Z")),
                new SeededRandomness(3).forParty("vendor"), "25.02", new SystemRelease.Sizes(16 * 1024, 16 * 1024, 16 * 1024));
        Process service = io.sphaera.emulator.network.ServiceProcess.start(ws, "--data-dir", data.toString());
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            int port = io.sphaera.emulator.network.ServiceProcess.portOf(service);
            for (String file : new String[] {"operator.token", "store/service.db", "pki/device-ca.key.pem", "pki/device-ca.cert.der",
                    "pki/update-ca.key.pem", "pki/service-tls.key.pem"}) {
                assertTrue(Files.isRegularFile(data.resolve(file)), file);
            }
            assertFalse(Files.exists(ws.resolve("service")), "nothing of the service's in the workspace");
            if (data.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                assertEquals(PosixFilePermissions.fromString("rwx------"), Files.getPosixFilePermissions(data.resolve("store")));
                assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(data.resolve("pki/device-ca.key.pem")));
            }
            // The running service is the one whose operator token is in D: it creates a tenant with it.
            String operator = Files.readString(data.resolve("operator.token")).trim();
            try (ServiceConnection c = ServiceConnection.open(loops, ServiceTls.client(w.vendor().root().certificateDer()),
                    new InetSocketAddress("127.0.0.1", port)).get(30, TimeUnit.SECONDS)) {
                ServiceReply tenant = c.send(HttpMethod.POST, "/v2/tenants", ServiceConnection.json().createObjectNode().put("Name", "Elsewhere"),
                        operator).get(30, TimeUnit.SECONDS);
                assertEquals(200, tenant.status(), tenant::error);
            }
        } finally {
            service.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
