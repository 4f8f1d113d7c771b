package io.sphaera.emulator.cli;

import static io.sphaera.emulator.cli.CliRun.assertOneErrorLine;
import static io.sphaera.emulator.cli.CliRun.failed;
import static io.sphaera.emulator.cli.CliRun.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.sphaera.emulator.cli.CliRun.Result;
import io.sphaera.emulator.sim.SeededRandomness;
import io.sphaera.emulator.update.UpdateAgent;
import io.sphaera.emulator.vendor.SystemRelease;
import io.sphaera.emulator.vendor.Workspace;
import io.sphaera.service.SecurityService;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `device update-check`, `device image list-installed|list-targeted` and `device show-deployment-status`: workspace
 * devices claimed into a group with a deployment of the blink sample take it over the air from a real security
 * service on loopback, and every command says so; a bad update rolls back; and each fails in one line.
 */
class DeviceUpdateCliTest {
    private static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2026-11-26T12:00:00Z"));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BLINK_COMPONENT = "7a3b0d1e-5c4f-4e2a-9b8d-1f6e2c3a4b5d";
    /** One source for all commands, so two packages differ. */
    private static final SplittableRandom RANDOM = new SplittableRandom(17);

    @TempDir
    static Path dir;
    private static EventLoopGroup loops;
    private static SecurityService service;
    private static Workspace workspace;
    private static String url;
    private static List<String> devices;
    private static Path key;
    /** The blink app as the tenant added it: the service's document. */
    private static JsonNode blink;

    @BeforeAll
    static void start() throws Exception {
        loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        SeededRandomness randomness = new SeededRandomness(41);
        Path ws = dir.resolve("ws");
        workspace = Workspace.create(ws, CLOCK, randomness.forParty("vendor"), "25.02",
                new SystemRelease.Sizes(16 * 1024, 16 * 1024, 16 * 1024));
        service = SecurityService.start(new SecurityService.Config(ws.resolve("service"), workspace.vendor().root(),
                workspace.vendor().manufacturingCa().certificateDer(), Map.of("25.02", workspace.release("25.02").imagesInBootOrder()),
                new InetSocketAddress("127.0.0.1", 0), workspace.vendor().productionImagesKey()), CLOCK, randomness.forParty("service"),
                loops, loops);
        url = "https://127.0.0.1:" + service.port();
        ok(run("login", "--service", url));
        ok(run("tenant", "create", "--name", "Updaters"));
        ok(run("product", "create", "--name", "Lamp"));
        devices = ok(run("device", "create", "--count", "4")).out().lines().map(l -> l.split(" ")[1]).toList();
        key = dir.resolve("dev.pem");
        ok(CliRun.run(CLOCK, RANDOM, "keys", "generate", "-o", key.toString()));
        Path pkg = dir.resolve("blink.imagepackage");
        ok(CliRun.run(CLOCK, RANDOM, "image-package", "pack-application", "--package-directory",
                CliRun.blinkCopy(dir.resolve("blink")).toString(), "--signing-key", key.toString(), "-o", pkg.toString()));
        blink = json(ok(run("image", "add", "--image", pkg.toString(), "--output", "json")));
    }

    @AfterAll
    static void stop() {
        service.close();
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static Result run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--workspace");
        all.add(workspace.root().toString());
        return CliRun.run(CLOCK, RANDOM, all.toArray(String[]::new));
    }

    private static JsonNode json(Result r) {
        try {
            return JSON.readTree(r.out());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + r, e);
        }
    }

    private static String deploy(String group, String imageId) {
        return json(ok(run("device-group", "deployment", "create", "-g", group, "-i", imageId, "--output", "json"))).path("Id").asText();
    }

    @Test
    void aDeviceInAGroupWithADeploymentInstallsItThenIsUpToDate() {
        String device = devices.get(0);
        ok(run("device", "claim", "-d", device));
        ok(run("device", "update", "-d", device, "-g", "Lamp/Field Test"));

        // Before: no app, a journal that never acted on a manifest, nothing targeted, nothing known to the service.
        Result before = ok(run("device", "image", "list-installed", "-d", device));
        List<String> lines = before.out().lines().toList();
        assertTrue(lines.get(0).matches("Device [0-9a-f]{128}"), before::toString);
        assertEquals("Apps:", lines.get(1), before::toString);
        assertTrue(lines.get(2).matches("  SLOT\\s+COMPONENT\\s+IMAGE\\s+NAME\\s+VERSION"), before::toString);
        assertTrue(lines.get(3).matches("  app-0\\s+-\\s+-\\s+\\(empty\\)\\s+-"), before::toString);
        assertTrue(lines.contains("System images:"), before::toString);
        assertTrue(lines.stream().anyMatch(l -> l.matches("  OS\\s+os-a\\s+in force\\s+NormalWorldKernel\\s+25\\.02\\s+\\d+")), before::toString);
        assertEquals("Update journal: step IDLE, last manifest version 0", lines.get(lines.size() - 1), before::toString);
        assertEquals(List.of("ID  COMPONENT  NAME  VERSION  TYPE", "0 images"),
                ok(run("device", "image", "list-targeted", "-d", device)).out().lines().toList());
        Result unknown = ok(run("device", "show-deployment-status", "-d", device));
        assertTrue(unknown.out().lines().anyMatch(l -> l.matches("Last Manifest:\\s+-")), unknown::toString);
        assertTrue(unknown.out().lines().anyMatch(l -> l.matches("Last Report:\\s+-")), unknown::toString);

        String imageId = blink.path("Id").asText();
        String deployment = deploy("Lamp/Field Test", imageId);
        Result targeted = ok(run("device", "image", "list-targeted", "-d", device));
        List<String> rows = targeted.out().lines().toList();
        assertTrue(rows.get(0).matches("ID\\s+COMPONENT\\s+NAME\\s+VERSION\\s+TYPE"), targeted::toString);
        assertTrue(rows.get(1).matches(imageId + "\\s+" + BLINK_COMPONENT + "\\s+Blink_HighLevelApp\\s+\\S+\\s+Applications"),
                targeted::toString);
        assertEquals("1 image", rows.get(2));

        Result installed = ok(run("device", "update-check", "-d", device, "--service", url));
        List<String> out = installed.out().lines().toList();
        assertTrue(out.get(0).matches("Device [0-9a-f]{128}: booted OS 25\\.02, attested to " + url + ", checked for updates"),
                installed::toString);
        assertTrue(out.stream().anyMatch(l -> l.startsWith("  update: deployment " + deployment + " (manifest 1): 1 app(s), 1 new")),
                installed::toString);
        assertTrue(out.stream().anyMatch(l -> l.startsWith("  update: committed 1 app(s)")), installed::toString);
        assertEquals("Installed: deployment " + deployment, out.get(out.size() - 1), installed::toString);

        Result again = ok(run("device", "update-check", "-d", device, "--service", url));
        List<String> second = again.out().lines().toList();
        assertEquals("UpToDate: holds deployment " + deployment, second.get(second.size() - 1), again::toString);
        assertEquals(2, second.size(), () -> "an up-to-date check logs no update lines\n" + again);

        // The flash holds the app; the journal acted on the manifest; the service has the report.
        JsonNode held = json(ok(run("device", "image", "list-installed", "-d", device, "--output", "json")));
        assertEquals(imageId, held.path("Apps").get(0).path("ImageId").asText(), held::toString);
        assertEquals("Blink_HighLevelApp", held.path("Apps").get(0).path("Name").asText());
        assertEquals(BLINK_COMPONENT, held.path("Apps").get(0).path("ComponentId").asText());
        assertTrue(held.path("Apps").get(1).path("Empty").asBoolean(), held::toString);
        assertEquals("IDLE", held.path("UpdateJournal").path("Step").asText());
        assertEquals(1, held.path("UpdateJournal").path("LastManifestVersion").asLong(), held::toString);
        assertTrue(held.path("UpdateJournal").path("Unreported").isNull(), () -> "the report reached the service\n" + held);
        assertEquals(3, held.path("SystemImages").size());
        assertEquals("OS", held.path("SystemImages").get(2).path("Stage").asText());
        assertEquals("25.02", held.path("SystemImages").get(2).path("InForce").path("Version").asText());
        Result table = ok(run("device", "image", "list-installed", "-d", device));
        assertTrue(table.out().lines().anyMatch(l -> l.matches("  app-0\\s+" + BLINK_COMPONENT + "\\s+" + imageId
                + "\\s+Blink_HighLevelApp\\s+\\S+")), table::toString);
        assertTrue(table.out().contains("Update journal: step IDLE, last manifest version 1\n"), table::toString);
        List<String> csv = ok(run("device", "image", "list-installed", "-d", device, "-o", "csv")).out().lines().toList();
        assertEquals("Slot,Role,Stage,Kind,ComponentId,ImageId,Name,Version,SecurityVersion", csv.get(0));
        assertTrue(csv.get(1).startsWith("app-0,app,,Applications," + BLINK_COMPONENT + "," + imageId + ",Blink_HighLevelApp,"), csv::toString);
        assertEquals(1 + 4 + 6, csv.size(), () -> "four app slots and two slots per boot stage\n" + csv);

        Result status = ok(run("device", "show-deployment-status", "-d", device));
        List<String> s = status.out().lines().toList();
        assertTrue(s.stream().anyMatch(l -> l.matches("Targeted Deployment:\\s+" + deployment)), status::toString);
        assertTrue(s.stream().anyMatch(l -> l.matches("Deployment Images:\\s+" + imageId)), status::toString);
        assertTrue(s.stream().anyMatch(l -> l.matches("Last Manifest:\\s+1")), status::toString);
        assertTrue(s.stream().anyMatch(l -> l.matches("Last Report:\\s+Installed")), status::toString);
        assertTrue(s.stream().anyMatch(l -> l.matches("Reported Deployment:\\s+" + deployment)), status::toString);
        assertTrue(s.stream().anyMatch(l -> l.matches("Installed Images:\\s+" + imageId + " \\(\\S+\\)")), status::toString);
        JsonNode doc = json(ok(run("device", "show-deployment-status", "-d", device, "-o", "json")));
        assertEquals(device, doc.path("DeviceId").asText());
        assertEquals(imageId, doc.path("LastReport").path("InstalledImages").get(0).path("ImageId").asText(), doc::toString);
        assertEquals("Installed", doc.path("LastReport").path("Outcome").asText());
    }

    @Test
    void aBadUpdateRollsBackIsOneLineAndIsNotTriedAgain() throws IOException {
        String device = devices.get(3);
        ok(run("device-group", "create", "-p", "Lamp", "-n", "Canary"));
        ok(run("device", "claim", "-d", device));
        ok(run("device", "update", "-d", device, "-g", "Lamp/Canary"));
        // The app's manifest no longer grants it its LED's GPIO: it exits at start, so the update rolls back.
        Path broken = CliRun.blinkCopy(dir.resolve("blink-broken"));
        ObjectNode manifest = (ObjectNode) JSON.readTree(broken.resolve("app_manifest.json").toFile());
        manifest.set("Capabilities", JSON.createObjectNode());
        JSON.writeValue(broken.resolve("app_manifest.json").toFile(), manifest);
        Path pkg = dir.resolve("broken.imagepackage");
        ok(CliRun.run(CLOCK, RANDOM, "image-package", "pack-application", "--package-directory", broken.toString(),
                "--signing-key", key.toString(), "--image-version", "2.0", "-o", pkg.toString()));
        String imageId = json(ok(run("image", "add", "--image", pkg.toString(), "--output", "json"))).path("Id").asText();
        String deployment = deploy("Lamp/Canary", imageId);

        Result r = run("device", "update-check", "-d", device, "--service", url);
        assertEquals(ExitCode.INVALID_INPUT, r.code(), r::toString);
        assertOneErrorLine(r);
        assertTrue(r.err().contains("ended RolledBack: a new app ended"), r::toString);
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("  update: rolling back deployment " + deployment)), r::toString);

        JsonNode held = json(ok(run("device", "image", "list-installed", "-d", device, "-o", "json")));
        assertTrue(held.path("Apps").get(0).path("Empty").asBoolean(), () -> "the device holds what it held before\n" + held);
        assertEquals(1, held.path("UpdateJournal").path("FailedSets").asInt(), held::toString);
        assertTrue(ok(run("device", "show-deployment-status", "-d", device)).out().lines().anyMatch(l -> l.matches("Last Report:\\s+RolledBack")));

        Result again = ok(run("device", "update-check", "-d", device, "--service", url));
        assertTrue(again.out().strip().endsWith("UpToDate: deployment " + deployment + " rolled back on this device before; not tried again"),
                again::toString);
    }

    @Test
    void aDeviceThatNoGroupUpdatesIsUpToDate() {
        // Unclaimed: its manifest names no deployment, and it keeps what it holds.
        Result r = ok(run("device", "update-check", "-d", devices.get(2), "--service", url));
        assertTrue(r.out().strip().endsWith("UpToDate: the group takes no app updates"), r::toString);
        failed(run("device", "show-deployment-status", "-d", devices.get(2)), ExitCode.INVALID_INPUT, "(404)");
        failed(run("device", "image", "list-targeted", "-d", devices.get(2)), ExitCode.INVALID_INPUT, "(404)");
    }

    @Test
    void aServiceThatIsNotThereIsOneLineAndChangesNothing() throws IOException {
        String device = devices.get(1);
        String before = ok(run("device", "image", "list-installed", "-d", device, "-o", "json")).out();
        int free;
        try (ServerSocket s = new ServerSocket(0)) {
            free = s.getLocalPort();
        }
        failed(run("device", "update-check", "-d", device, "--service", "https://127.0.0.1:" + free), ExitCode.INVALID_INPUT,
                "cannot attest to the security service at https://127.0.0.1:" + free);
        assertEquals(before, ok(run("device", "image", "list-installed", "-d", device, "-o", "json")).out());
    }

    @Test
    void eachOutcomeHasItsExitCode() {
        assertEquals(ExitCode.OK, DeviceUpdateCheckCommand.exitCode(UpdateAgent.Result.UP_TO_DATE));
        assertEquals(ExitCode.OK, DeviceUpdateCheckCommand.exitCode(UpdateAgent.Result.INSTALLED));
        assertEquals(ExitCode.VERIFICATION_FAILED, DeviceUpdateCheckCommand.exitCode(UpdateAgent.Result.REFUSED));
        for (String o : List.of(UpdateAgent.Result.ROLLED_BACK, UpdateAgent.Result.FAILED, UpdateAgent.Result.DEFERRED,
                UpdateAgent.Result.UNREACHABLE)) {
            assertEquals(ExitCode.INVALID_INPUT, DeviceUpdateCheckCommand.exitCode(o), o);
        }
        assertEquals(ExitCode.INTERNAL, DeviceUpdateCheckCommand.exitCode(UpdateAgent.Result.BUSY));
    }

    @Test
    void badArgumentsAreOneLineErrors() throws IOException {
        String device = devices.get(1);
        failed(run("device", "update-check", "-d", device, "--service", "http://127.0.0.1:1"), ExitCode.INVALID_INPUT,
                "is not an https://HOST[:PORT] URL");
        assertTrue(run("device", "update-check", "-d", "ffff", "--service", url).code() != 0);
        assertOneErrorLine(run("device", "update-check", "-d", "ffff", "--service", url));
        failed(run("device", "update-check", "--service", url), ExitCode.USAGE, "give --device ID");
        failed(run("device", "image", "list-installed"), ExitCode.USAGE, "give --device ID");
        failed(run("device", "image", "list-installed", "-d", device, "-o", "xml"), ExitCode.INVALID_INPUT, "--output 'xml'");
        assertOneErrorLine(run("device", "image", "list-installed", "-d", "0000"));
        failed(run("device", "image", "list-targeted"), ExitCode.USAGE, "--device");
        failed(run("device", "image", "list-targeted", "-d", "xyz"), ExitCode.INVALID_INPUT, "is not a device ID");
        failed(run("device", "show-deployment-status"), ExitCode.USAGE, "--device");
        failed(run("device", "show-deployment-status", "-d", device, "-o", "yaml"), ExitCode.INVALID_INPUT, "--output 'yaml'");
        failed(run("device", "update-check", "-d", device, "--service", url, "--bogus"), ExitCode.USAGE, "--bogus");

        // Without a session the service-backed commands say to log in.
        Path other = Files.createDirectories(dir.resolve("other-ws"));
        Result notLoggedIn = CliRun.run(CLOCK, RANDOM, "device", "show-deployment-status", "-d", device, "--workspace", other.toString());
        assertEquals(ExitCode.USAGE, notLoggedIn.code(), notLoggedIn::toString);
        assertTrue(notLoggedIn.err().contains("not logged in"), notLoggedIn::toString);
    }
}
