package io.sphaera.emulator.cli;

import static io.sphaera.emulator.cli.CliRun.failed;
import static io.sphaera.emulator.cli.CliRun.ok;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.sphaera.emulator.sim.SeededRandomness;
import io.sphaera.emulator.vendor.SystemRelease;
import io.sphaera.emulator.vendor.Workspace;
import io.sphaera.service.SecurityService;
import io.sphaera.service.store.ErrorEvent;
import io.sphaera.service.store.ErrorEventType;
import io.sphaera.service.store.PageRequest;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `sphaera tenant download-error-report`, as a tenant's operator exports its devices' events. */
class ErrorReportCliTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T12:00:00Z"), ZoneOffset.UTC);

    @Test
    void theTenantsEventsComeOutAsCsv(@TempDir Path dir) throws Exception {
        Path ws = dir.resolve("ws");
        SeededRandomness randomness = new SeededRandomness(4);
        Workspace w = Workspace.create(ws, CLOCK, randomness.forParty("vendor"), "25.02", new SystemRelease.Sizes(16 * 1024, 16 * 1024, 16 * 1024));
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try (SecurityService service = SecurityService.start(new SecurityService.Config(ws.resolve("service"), w.vendor().root(),
                w.vendor().manufacturingCa().certificateDer(), Map.of(), new InetSocketAddress("127.0.0.1", 0)), CLOCK,
                randomness.forParty("service"), loops, loops)) {
            SplittableRandom random = new SplittableRandom(9);
            ok(CliRun.run(CLOCK, random, "login", "--service", "https://127.0.0.1:" + service.port(), "--workspace", ws.toString()));
            ok(CliRun.run(CLOCK, random, "tenant", "create", "--name", "Exporters", "--workspace", ws.toString()));
            UUID tenant = service.store().tenants(PageRequest.first(10)).items().get(0).id();
            String device = "ef".repeat(64);
            service.store().claimDevice(tenant, device);
            service.store().recordErrorEvents(device, List.of(new ErrorEvent(ErrorEventType.UNPLANNED, "AppExit", "AppCrash",
                    "AppCrash (exit_status=11, signal_status=11)", 2, Instant.parse("2026-11-26T10:00:00Z"), Instant.parse("2026-11-26T11:00:00Z"))));
            Path csv = dir.resolve("report.csv");
            ok(CliRun.run(CLOCK, random, "tenant", "download-error-report", "--destination", csv.toString(), "--workspace", ws.toString()));
            List<String> lines = Files.readAllLines(csv);
            assertEquals("DeviceId,StartTimestamp,EndTimestamp,EventType,EventClass,EventCategory,EventCount,Description", lines.get(0));
            assertTrue(lines.get(1).startsWith(device + ",2026-11-26T10:00:00Z,2026-11-26T11:00:00Z,Unplanned,AppExit,AppCrash,2,"), lines.get(1));
            assertTrue(lines.get(1).endsWith("\"AppCrash (exit_status=11, signal_status=11)\""), "a comma in a field is quoted: " + lines.get(1));
            byte[] before = Files.readAllBytes(csv);
            failed(CliRun.run(CLOCK, random, "tenant", "download-error-report", "--destination", csv.toString(), "--workspace", ws.toString()),
                    ExitCode.INVALID_INPUT, "already exists");
            assertArrayEquals(before, Files.readAllBytes(csv));
        } finally {
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
