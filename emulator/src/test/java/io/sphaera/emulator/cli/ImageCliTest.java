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
import io.sphaera.emulator.cli.CliRun.Result;
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
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `image add|show|list` and `device-group deployment create|list`, as a tenant ships an app to a group. */
class ImageCliTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T12:00:00Z"), ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** One source for all commands: packing draws image IDs from it, so two packages differ. */
    private static final SplittableRandom RANDOM = new SplittableRandom(3);

    @TempDir
    static Path dir;
    private static EventLoopGroup loops;
    private static SecurityService service;
    private static String wsArg;
    private static Path key;
    /** The blink app, packed and added by the tenant: the service's document for it. */
    private static JsonNode blink;

    @BeforeAll
    static void start() throws Exception {
        Path ws = dir.resolve("ws");
        SeededRandomness randomness = new SeededRandomness(8);
        Workspace w = Workspace.create(ws, CLOCK, randomness.forParty("vendor"), "25.02", new SystemRelease.Sizes(16 * 1024, 16 * 1024, 16 * 1024));
        loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        service = SecurityService.start(new SecurityService.Config(ws.resolve("service"), w.vendor().root(),
                w.vendor().manufacturingCa().certificateDer(), Map.of(), new InetSocketAddress("127.0.0.1", 0), w.vendor().productionImagesKey()),
                CLOCK, randomness.forParty("service"), loops, loops);
        wsArg = ws.toString();
        ok(run("login", "--service", "https://127.0.0.1:" + service.port(), "--workspace", wsArg));
        ok(run("tenant", "create", "--name", "Shippers", "--workspace", wsArg));
        key = dir.resolve("dev.pem");
        ok(run("keys", "generate", "-o", key.toString()));
        Path pkg = dir.resolve("blink.imagepackage");
        ok(run("image-package", "pack-application", "--package-directory", CliRun.blinkCopy(dir.resolve("blink")).toString(),
                "--signing-key", key.toString(), "-o", pkg.toString()));
        blink = json(ok(run("image", "add", "--image", pkg.toString(), "--output", "json", "--workspace", wsArg)));
    }

    @AfterAll
    static void stop() {
        service.close();
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static Result run(String... args) {
        return CliRun.run(CLOCK, RANDOM, args);
    }

    private static JsonNode json(Result r) {
        try {
            return JSON.readTree(r.out());
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + r, e);
        }
    }

    @Test
    void anAppIsUploadedAndDeployedToAGroup() throws Exception {
        ok(run("product", "create", "--name", "Lamp", "--workspace", wsArg));
        String imageId = blink.path("Id").asText();
        assertEquals("Blink_HighLevelApp", blink.path("Name").asText());
        assertTrue(ok(run("image", "list", "--workspace", wsArg)).out().contains(imageId));
        ok(run("device-group", "deployment", "create", "--device-group", "Lamp/Field Test", "--images", imageId, "--workspace", wsArg));
        JsonNode deployments = json(ok(run("device-group", "deployment", "list", "--device-group", "Lamp/Field Test", "--output", "json",
                "--workspace", wsArg)));
        assertEquals(1, deployments.size());
        assertEquals(imageId, deployments.get(0).path("ImageIds").get(0).asText());

        // A deployment of two images shows both IDs, space-separated, in a table and in CSV (they were "-" and "").
        Path board = dir.resolve("board.imagepackage");
        ok(run("image-package", "pack-board-config", "--preset", "lan-enc28j60-isu0-int5", "--signing-key", key.toString(),
                "-o", board.toString()));
        String boardId = json(ok(run("image", "add", "--image", board.toString(), "--output", "json", "--workspace", wsArg)))
                .path("Id").asText();
        String both = imageId + " " + boardId;
        Result created = ok(run("device-group", "deployment", "create", "--device-group", "Lamp/Field Test", "--images",
                imageId + "," + boardId, "--workspace", wsArg));
        assertTrue(created.out().lines().anyMatch(l -> l.matches("Images:\\s+" + both)), created::toString);
        Result table = ok(run("device-group", "deployment", "list", "--device-group", "Lamp/Field Test", "--workspace", wsArg));
        List<String> rows = table.out().lines().toList();
        assertTrue(rows.get(1).endsWith("  " + both), table::toString);
        assertTrue(rows.get(2).endsWith("  " + imageId), table::toString);
        Result csv = ok(run("device-group", "deployment", "list", "--device-group", "Lamp/Field Test", "--output", "csv",
                "--workspace", wsArg));
        List<String> lines = csv.out().lines().toList();
        assertEquals("Id,DeviceGroupId,Created,State,Stages,FailureThreshold,ImageIds", lines.get(0));
        assertTrue(lines.get(1).endsWith("," + both), csv::toString);
        assertTrue(lines.get(2).endsWith("," + imageId), csv::toString);
        JsonNode newest = json(ok(run("device-group", "deployment", "list", "--device-group", "Lamp/Field Test", "--output", "json",
                "--workspace", wsArg))).get(0);
        assertTrue(newest.path("ImageIds").isArray(), "JSON keeps the array");
        assertEquals(List.of(imageId, boardId), List.of(newest.path("ImageIds").get(0).asText(), newest.path("ImageIds").get(1).asText()));

        Path junk = Files.write(dir.resolve("junk.imagepackage"), new byte[] {1, 2, 3});
        failed(run("image", "add", "--image", junk.toString(), "--workspace", wsArg), ExitCode.INVALID_INPUT, "invalid");
    }

    @Test
    void imageShowPrintsTheImagesFields() {
        String id = blink.path("Id").asText();
        Result shown = ok(run("image", "show", "--image", id, "--workspace", wsArg));
        List<String> expected = List.of("ID:        " + id, "Name:      Blink_HighLevelApp",
                "Type:      " + blink.path("TypeName").asText(), "Version:   " + blink.path("Version").asText(),
                "Component: " + blink.path("ComponentId").asText(), "Size:      " + blink.path("Size").asLong());
        assertEquals(expected, shown.out().lines().toList(), shown::toString);
        assertEquals("Applications", blink.path("TypeName").asText());
        assertTrue(blink.path("Size").asLong() > 0, blink::toString);

        assertEquals(blink, json(ok(run("image", "show", "--image", id, "--output", "json", "--workspace", wsArg))));
        List<String> csv = ok(run("image", "show", "--image", id, "--output", "csv", "--workspace", wsArg)).out().lines().toList();
        assertEquals(List.of("Id,Name,TypeName,Version,ComponentId,Size", String.join(",", id, "Blink_HighLevelApp",
                blink.path("TypeName").asText(), blink.path("Version").asText(), blink.path("ComponentId").asText(),
                blink.path("Size").asText())), csv);
        failed(run("image", "show", "--image", "0f8fad5b-d9cb-469f-a165-70867728950e", "--workspace", wsArg), ExitCode.INVALID_INPUT,
                "(404)");
    }
}
