package io.sphaera.emulator.cli;

import static io.sphaera.emulator.cli.CliRun.failed;
import static io.sphaera.emulator.cli.CliRun.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.sphaera.emulator.sim.SeededRandomness;
import io.sphaera.emulator.vendor.SystemRelease;
import io.sphaera.emulator.vendor.Workspace;
import io.sphaera.service.SecurityService;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `image add|show|list` and `device-group deployment create|list`, as a tenant ships an app to a group. */
class ImageCliTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T12:00:00Z"), ZoneOffset.UTC);

    @Test
    void anAppIsUploadedAndDeployedToAGroup(@TempDir Path dir) throws Exception {
        Path ws = dir.resolve("ws");
        SeededRandomness randomness = new SeededRandomness(8);
        Workspace w = Workspace.create(ws, CLOCK, randomness.forParty("vendor"), "25.02", new SystemRelease.Sizes(16 * 1024, 16 * 1024, 16 * 1024));
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try (SecurityService service = SecurityService.start(new SecurityService.Config(ws.resolve("service"), w.vendor().root(),
                w.vendor().manufacturingCa().certificateDer(), Map.of(), new InetSocketAddress("127.0.0.1", 0), w.vendor().productionImagesKey()),
                CLOCK, randomness.forParty("service"), loops, loops)) {
            SplittableRandom random = new SplittableRandom(3);
            String wsArg = ws.toString();
            ok(CliRun.run(CLOCK, random, "login", "--service", "https://127.0.0.1:" + service.port(), "--workspace", wsArg));
            ok(CliRun.run(CLOCK, random, "tenant", "create", "--name", "Shippers", "--workspace", wsArg));
            ok(CliRun.run(CLOCK, random, "product", "create", "--name", "Lamp", "--workspace", wsArg));
            Path key = dir.resolve("dev.pem");
            ok(CliRun.run(CLOCK, random, "keys", "generate", "-o", key.toString()));
            Path pkg = dir.resolve("blink.imagepackage");
            ok(CliRun.run(CLOCK, random, "image-package", "pack-application", "--package-directory",
                    CliRun.blinkCopy(dir.resolve("blink")).toString(), "--signing-key", key.toString(), "-o", pkg.toString()));
            ObjectMapper json = new ObjectMapper();
            JsonNode added = json.readTree(ok(CliRun.run(CLOCK, random, "image", "add", "--image", pkg.toString(), "--output", "json",
                    "--workspace", wsArg)).out());
            String imageId = added.path("Id").asText();
            assertEquals("Blink_HighLevelApp", added.path("Name").asText());
            assertTrue(ok(CliRun.run(CLOCK, random, "image", "list", "--workspace", wsArg)).out().contains(imageId));
            ok(CliRun.run(CLOCK, random, "device-group", "deployment", "create", "--device-group", "Lamp/Field Test", "--images", imageId,
                    "--workspace", wsArg));
            JsonNode deployments = json.readTree(ok(CliRun.run(CLOCK, random, "device-group", "deployment", "list", "--device-group",
                    "Lamp/Field Test", "--output", "json", "--workspace", wsArg)).out());
            assertEquals(1, deployments.size());
            assertEquals(imageId, deployments.get(0).path("ImageIds").get(0).asText());
            Path junk = Files.write(dir.resolve("junk.imagepackage"), new byte[] {1, 2, 3});
            failed(CliRun.run(CLOCK, random, "image", "add", "--image", junk.toString(), "--workspace", wsArg), ExitCode.INVALID_INPUT,
                    "invalid");
        } finally {
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
