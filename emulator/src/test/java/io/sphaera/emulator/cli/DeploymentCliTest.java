package io.sphaera.emulator.cli;

import static io.sphaera.emulator.cli.CliRun.failed;
import static io.sphaera.emulator.cli.CliRun.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import io.sphaera.firmware.image.ImageKind;
import io.sphaera.firmware.signing.Sha256;
import io.sphaera.service.SecurityService;
import io.sphaera.service.store.ImageRecord;
import io.sphaera.service.store.Role;
import io.sphaera.service.store.UpdateOutcome;
import io.sphaera.service.store.UpdateReport;
import io.sphaera.service.update.RolloutProgress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `device-group deployment create --stages --failure-threshold`, `list` with each rollout's state, `show` and
 * `resume`, against a real service on loopback. The devices are claimed and their update reports made through the
 * service itself (the same call `POST /v1/device/update-report` makes), so a rollout moves, pauses and completes in
 * milliseconds; each test has a product of its own.
 */
class DeploymentCliTest {
    private static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2026-11-26T12:00:00Z"));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SplittableRandom RANDOM = new SplittableRandom(23);

    @TempDir
    static Path dir;
    private static EventLoopGroup loops;
    private static SecurityService service;
    private static Path ws;
    private static UUID tenant;
    /** An app image of the tenant's, added through the store (no package to pack): its ID. */
    private static String image;

    @BeforeAll
    static void start() throws Exception {
        ws = dir.resolve("ws");
        SeededRandomness randomness = new SeededRandomness(29);
        Workspace w = Workspace.create(ws, CLOCK, randomness.forParty("vendor"), "25.02", new SystemRelease.Sizes(16 * 1024, 16 * 1024, 16 * 1024));
        loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        service = SecurityService.start(new SecurityService.Config(ws.resolve("service"), w.vendor().root(),
                w.vendor().manufacturingCa().certificateDer(), Map.of(), new InetSocketAddress("127.0.0.1", 0), w.vendor().productionImagesKey()),
                CLOCK, randomness.forParty("service"), loops, loops);
        ok(run("login", "--service", url()));
        tenant = UUID.fromString(json(ok(run("tenant", "create", "--name", "Rollers", "-o", "json"))).path("Id").asText());
        byte[] bytes = new byte[64];
        RANDOM.nextBytes(bytes);
        ImageRecord record = new ImageRecord(new UUID(RANDOM.nextLong(), RANDOM.nextLong()), new UUID(1, 1), ImageKind.APPLICATIONS.code(),
                "lamp", "1.0", 1, HexFormat.of().formatHex(Sha256.of(bytes)), bytes.length);
        image = service.store().addImage(tenant, record, bytes).imageId().toString();
    }

    @AfterAll
    static void stop() {
        service.close();
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static String url() {
        return "https://127.0.0.1:" + service.port();
    }

    private static Result run(String... args) {
        return in(ws, args);
    }

    private static Result in(Path workspace, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--workspace");
        all.add(workspace.toString());
        return CliRun.run(CLOCK, RANDOM, all.toArray(String[]::new));
    }

    private static JsonNode json(Result r) {
        try {
            return JSON.readTree(r.out());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + r, e);
        }
    }

    /** {@code n} devices claimed by the tenant into the group, by their IDs. */
    private static List<String> devicesIn(String group, int n) {
        UUID groupId = UUID.fromString(json(ok(run("device-group", "show", "-g", group, "-o", "json"))).path("Id").asText());
        List<String> devices = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] id = new byte[64];
            RANDOM.nextBytes(id);
            String device = HexFormat.of().formatHex(id);
            service.store().claimDevice(tenant, device);
            service.store().moveDevice(tenant, device, groupId);
            devices.add(device);
        }
        return devices;
    }

    /** A device's report on the deployment, as the update-report endpoint takes it (and judges the rollout after). */
    private static void report(String device, String deployment, UpdateOutcome outcome) {
        service.updates().report(device, new UpdateReport(1, Optional.of(UUID.fromString(deployment)), outcome, outcome.platformName(),
                List.of()));
    }

    /** The devices the deployment's rollout has reached so far. */
    private static List<String> reached(String deployment, List<String> devices) {
        RolloutProgress p = service.updates().rollouts().progress(tenant, UUID.fromString(deployment)).orElseThrow();
        return devices.stream().filter(p::reached).toList();
    }

    /** The value of a "Field:   value" line of a shown thing. */
    private static String field(Result r, String title) {
        return r.out().lines().filter(l -> l.startsWith(title + ":")).map(l -> l.substring(title.length() + 1).strip()).findFirst()
                .orElseThrow(() -> new AssertionError("no '" + title + ":' line\n" + r));
    }

    /** The rows of the stage table, each cell by cell. */
    private static List<List<String>> stageRows(Result r) {
        List<String> lines = r.out().lines().toList();
        int header = lines.indexOf("STAGE  FRACTION  DEVICES  INSTALLED  FAILED  STATE");
        assertTrue(header > 0, r::toString);
        List<List<String>> rows = new ArrayList<>();
        for (int i = header + 1; i < lines.size() && !lines.get(i).isEmpty(); i++) {
            rows.add(List.of(lines.get(i).split("\\s+")));
        }
        return rows;
    }

    private static int deployments(String group) {
        return json(ok(run("device-group", "deployment", "list", "-g", group, "-o", "json"))).size();
    }

    @Test
    void createTakesStagesAndAFailureThresholdAndListShowsEachRolloutsState() {
        ok(run("product", "create", "--name", "Lamp A"));
        String group = "Lamp A/Field Test";
        devicesIn(group, 4);

        JsonNode byDefault = json(ok(run("device-group", "deployment", "create", "-g", group, "-i", image, "-o", "json")));
        assertEquals("InProgress", byDefault.path("State").asText(), byDefault::toString);
        assertEquals("[0.1,0.5,1.0]", byDefault.path("Stages").toString(), "the service's default stages");
        assertEquals("0.2", byDefault.path("FailureThreshold").asText());

        Result staged = ok(run("device-group", "deployment", "create", "-g", group, "-i", image, "--stages", "0.25, 0.5,1",
                "--failure-threshold", "0.3"));
        String id = field(staged, "ID");
        assertEquals("InProgress", field(staged, "State"));
        assertEquals("0.25 0.5 1", field(staged, "Stages"), "the fractions as given, decimals and not doubles");
        assertEquals("0.3", field(staged, "Failure Threshold"));
        assertEquals(image, field(staged, "Images"));

        // The list: newest first, the older rollout superseded by the newer one; the images stay the last column.
        Result table = ok(run("device-group", "deployment", "list", "-g", group));
        List<String> rows = table.out().lines().toList();
        assertTrue(rows.get(0).matches("ID\\s+DEVICE GROUP\\s+CREATED\\s+STATE\\s+STAGES\\s+FAILURE THRESHOLD\\s+IMAGES"), table::toString);
        assertTrue(rows.get(1).startsWith(id) && rows.get(1).matches(".*  InProgress  +0\\.25 0\\.5 1  +0\\.3  +" + image), table::toString);
        assertTrue(rows.get(2).startsWith(byDefault.path("Id").asText()) && rows.get(2).matches(".*  Superseded  +0\\.1 0\\.5 1\\.0  +0\\.2  +" + image),
                table::toString);
        assertEquals("2 deployments", rows.get(3));
        List<String> csv = ok(run("device-group", "deployment", "list", "-g", group, "-o", "csv")).out().lines().toList();
        assertEquals("Id,DeviceGroupId,Created,State,Stages,FailureThreshold,ImageIds", csv.get(0));
        assertTrue(csv.get(1).endsWith(",InProgress,0.25 0.5 1,0.3," + image), csv::toString);
        assertTrue(csv.get(2).endsWith(",Superseded,0.1 0.5 1.0,0.2," + image), csv::toString);

        // The superseded rollout, shown by its ID: its unreached stages read Superseded too.
        Result old = ok(run("device-group", "deployment", "show", "-g", group, "--deployment-id", byDefault.path("Id").asText().toUpperCase()));
        assertEquals("Superseded", field(old, "State"));
        assertEquals(List.of(List.of("1", "0.1", "1", "0", "0", "Superseded"), List.of("2", "0.5", "1", "0", "0", "Superseded"),
                List.of("3", "1.0", "2", "0", "0", "Superseded")), stageRows(old), old::toString);
        assertFalse(old.out().contains("resume"), old::toString);

        // One stage: the whole group at once.
        JsonNode once = json(ok(run("device-group", "deployment", "create", "-g", group, "-i", image, "--stages", "1",
                "--failure-threshold", "0", "-o", "json")));
        assertEquals("[1]", once.path("Stages").toString());
        assertEquals("0", once.path("FailureThreshold").asText());
    }

    @Test
    void createRefusesABadPlanInOneLineAndMakesNoDeployment() {
        ok(run("product", "create", "--name", "Lamp B"));
        String group = "Lamp B/Field Test";
        String[] create = {"device-group", "deployment", "create", "-g", group, "-i", image};

        // What each number is, checked before the service is asked.
        failed(run(with(create, "--stages", "0.1,abc,1")), ExitCode.INVALID_INPUT, "--stages: 'abc' is not a number");
        failed(run(with(create, "--stages", "0.1,,1")), ExitCode.INVALID_INPUT, "--stages: '' is not a number");
        failed(run(with(create, "--stages", "0,1")), ExitCode.INVALID_INPUT, "--stages: 0 is not a fraction above 0 and at most 1");
        failed(run(with(create, "--stages", "0.5,1.5")), ExitCode.INVALID_INPUT, "--stages: 1.5 is not a fraction");
        failed(run(with(create, "--failure-threshold", "1.2")), ExitCode.INVALID_INPUT, "--failure-threshold: 1.2 is not a fraction from 0 to 1");
        failed(run(with(create, "--failure-threshold=-0.1")), ExitCode.INVALID_INPUT, "--failure-threshold: -0.1 is not a fraction");
        failed(run(with(create, "--failure-threshold", "20%")), ExitCode.INVALID_INPUT, "--failure-threshold: '20%' is not a number");
        failed(run(with(create, "--stages")), ExitCode.USAGE, "--stages");

        // Whether the stages make a plan: the service's 400, in its words, on one line.
        failed(run(with(create, "--stages", "0.5,0.2,1")), ExitCode.INVALID_INPUT,
                "cannot deploy to device group " + group + ": ", "Stages: stage 2 (0.2) does not reach more of the group than the stage before it",
                "(400)");
        failed(run(with(create, "--stages", "0.1,0.5")), ExitCode.INVALID_INPUT, "Stages: the last stage must be 1.0", "(400)");
        failed(run(with(create, "--stages", "0.1234567,1")), ExitCode.INVALID_INPUT, "Stages: ", "at most 6 decimal places", "(400)");
        failed(run(with(create, "--stages", "0.05,0.1,0.15,0.2,0.3,0.4,0.5,0.6,0.7,0.8,1")), ExitCode.INVALID_INPUT,
                "Stages: a rollout has 1 to 10 stages, not 11", "(400)");
        failed(run(with(create, "--failure-threshold", "0.1234567")), ExitCode.INVALID_INPUT, "FailureThreshold: ", "(400)");
        failed(run(with(create, "--stages", "0.5,1", "-o", "yaml")), ExitCode.INVALID_INPUT, "--output 'yaml'");
        assertEquals(0, deployments(group), "no failed create made a deployment");
    }

    @Test
    void showPrintsTheRolloutStageByStageAndResumeSetsAPausedOneGoing() {
        ok(run("product", "create", "--name", "Lamp C"));
        String group = "Lamp C/Field Test";
        List<String> devices = devicesIn(group, 10);
        String id = json(ok(run("device-group", "deployment", "create", "-g", group, "-i", image, "--stages", "0.2,1",
                "--failure-threshold", "0", "-o", "json"))).path("Id").asText();

        Result fresh = ok(run("device-group", "deployment", "show", "-g", group));
        assertEquals(id, field(fresh, "Deployment"), "by default the group's current deployment");
        assertEquals("InProgress", field(fresh, "State"));
        assertEquals("0", field(fresh, "Failure Threshold"));
        assertEquals("10", field(fresh, "Devices"));
        assertEquals("1 of 2", field(fresh, "Reached Stages"));
        assertFalse(fresh.out().contains("Paused Reason"), fresh::toString);
        assertEquals(List.of(List.of("1", "0.2", "2", "0", "0", "InProgress"), List.of("2", "1", "8", "0", "0", "Pending")),
                stageRows(fresh), fresh::toString);

        List<String> first = reached(id, devices);
        assertEquals(2, first.size(), "stage 1: 0.2 of 10");
        report(first.get(0), id, UpdateOutcome.INSTALLED);
        assertEquals(List.of("1", "0.2", "2", "1", "0", "InProgress"), stageRows(ok(run("device-group", "deployment", "show", "-g", group,
                "--deployment-id", id))).get(0));

        // A rollback is more failures than a threshold of 0 tolerates: the rollout pauses by itself.
        report(first.get(1), id, UpdateOutcome.ROLLED_BACK);
        Result paused = ok(run("device-group", "deployment", "show", "-g", group));
        assertEquals("Paused", field(paused, "State"));
        assertFalse(field(paused, "Paused Reason").isEmpty(), paused::toString);
        assertEquals(List.of(List.of("1", "0.2", "2", "1", "1", "Paused"), List.of("2", "1", "8", "0", "0", "Pending")),
                stageRows(paused), paused::toString);
        List<String> lines = paused.out().lines().toList();
        assertEquals("Paused: once the cause is fixed, resume it with: sphaera device-group deployment resume -g \"" + group
                + "\" --deployment-id " + id, lines.get(lines.size() - 1), paused::toString);

        JsonNode doc = json(ok(run("device-group", "deployment", "show", "-g", group, "-o", "json")));
        assertEquals(id, doc.path("DeploymentId").asText());
        assertEquals("Paused", doc.path("State").asText());
        assertEquals(field(paused, "Paused Reason"), doc.path("PausedReason").asText());
        assertEquals(1, doc.path("ReachedStages").asInt());
        assertEquals(2, doc.path("Stages").size());
        assertEquals(1, doc.path("Stages").get(0).path("Failed").asInt());
        assertEquals(List.of("DeploymentId,Stage,Fraction,Devices,Installed,Failed,State", id + ",1,0.2,2,1,1,Paused", id + ",2,1,8,0,0,Pending"),
                ok(run("device-group", "deployment", "show", "-g", group, "-o", "csv")).out().lines().toList());

        // Resumed: the rollback forgiven, stage 1 has all its reports and stage 2 is reached at once.
        Result resumed = ok(run("device-group", "deployment", "resume", "-g", group, "--deployment-id", id));
        assertEquals("InProgress", field(resumed, "State"));
        assertEquals("2 of 2", field(resumed, "Reached Stages"));
        assertFalse(resumed.out().contains("Paused"), resumed::toString);
        assertEquals(List.of(List.of("1", "0.2", "2", "1", "1", "Complete"), List.of("2", "1", "8", "0", "0", "InProgress")),
                stageRows(resumed), resumed::toString);

        // Only a paused rollout is resumed; the refusal changes nothing.
        failed(run("device-group", "deployment", "resume", "-g", group, "--deployment-id", id), ExitCode.INVALID_INPUT,
                "cannot resume the rollout of deployment " + id + ": ", "InProgress", "(409)");
        assertEquals(doc(resumed), json(ok(run("device-group", "deployment", "show", "-g", group, "-o", "json"))));

        for (String d : devices) {
            if (!first.contains(d)) {
                report(d, id, UpdateOutcome.INSTALLED);
            }
        }
        Result done = ok(run("device-group", "deployment", "show", "-g", group));
        assertEquals("Complete", field(done, "State"));
        assertEquals(List.of(List.of("1", "0.2", "2", "1", "1", "Complete"), List.of("2", "1", "8", "8", "0", "Complete")),
                stageRows(done), done::toString);
        assertTrue(ok(run("device-group", "deployment", "list", "-g", group)).out().lines().skip(1).findFirst().orElseThrow()
                .contains("  Complete  "));
        failed(run("device-group", "deployment", "resume", "-g", group, "--deployment-id", id, "-o", "json"), ExitCode.INVALID_INPUT,
                "the rollout is Complete", "(409)");
    }

    /** The rollout document a table showed, fetched again as JSON: what `show -o json` gives while nothing changes. */
    private static JsonNode doc(Result shown) {
        return json(ok(run("device-group", "deployment", "show", "-g", field(shown, "Device Group"), "--deployment-id",
                field(shown, "Deployment"), "-o", "json")));
    }

    @Test
    void showAndResumeFailInOneLineAndAReaderCannotResume() {
        ok(run("product", "create", "--name", "Lamp D"));
        String group = "Lamp D/Field Test";
        List<String> devices = devicesIn(group, 5);

        failed(run("device-group", "deployment", "show", "-g", group), ExitCode.INVALID_INPUT,
                "device group " + group + " has no deployment yet");
        String id = json(ok(run("device-group", "deployment", "create", "-g", group, "-i", image, "--stages", "0.2,1",
                "--failure-threshold", "0", "-o", "json"))).path("Id").asText();
        failed(run("device-group", "deployment", "show", "-g", group, "--deployment-id", "latest"), ExitCode.INVALID_INPUT,
                "--deployment-id 'latest' is not a deployment ID");
        failed(run("device-group", "deployment", "show", "-g", group, "--deployment-id", UUID.randomUUID().toString()),
                ExitCode.INVALID_INPUT, "cannot show the rollout of deployment", "(404)");
        failed(run("device-group", "deployment", "show", "-g", "Lamp D/Production", "--deployment-id", id), ExitCode.INVALID_INPUT,
                "(404)");
        failed(run("device-group", "deployment", "show", "-g", "Lamp D/Nowhere"), ExitCode.INVALID_INPUT, "no device group named 'Nowhere'");
        failed(run("device-group", "deployment", "show", "-g", group, "-o", "yaml"), ExitCode.INVALID_INPUT, "--output 'yaml'");
        failed(run("device-group", "deployment", "resume", "-g", group), ExitCode.USAGE, "--deployment-id");
        failed(run("device-group", "deployment", "resume", "-g", group, "--deployment-id", "x"), ExitCode.INVALID_INPUT,
                "is not a deployment ID");
        failed(run("device-group", "deployment", "resume", "-g", "Lamp D/Production", "--deployment-id", id), ExitCode.INVALID_INPUT,
                "(404)");

        List<String> first = reached(id, devices);
        assertEquals(1, first.size());
        report(first.get(0), id, UpdateOutcome.FAILED);
        assertEquals("Paused", json(ok(run("device-group", "deployment", "show", "-g", group, "-o", "json"))).path("State").asText());

        // A Reader sees the rollout but cannot resume it; it stays paused.
        Path reader = dir.resolve("reader");
        try {
            Files.createDirectories(reader.resolve("vendor"));
            Files.copy(ws.resolve("vendor/root.cert.pem"), reader.resolve("vendor/root.cert.pem"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ok(in(reader, "login", "--service", url(), "--token", service.store().issueToken(tenant, Role.READER)));
        ok(in(reader, "tenant", "select", "--tenant", tenant.toString()));
        assertEquals("Paused", field(ok(in(reader, "device-group", "deployment", "show", "-g", group)), "State"));
        failed(in(reader, "device-group", "deployment", "resume", "-g", group, "--deployment-id", id), ExitCode.INVALID_INPUT,
                "cannot resume the rollout of deployment " + id, "Reader", "(403)");
        assertEquals("Paused", json(ok(run("device-group", "deployment", "show", "-g", group, "-o", "json"))).path("State").asText());

        ok(run("device-group", "deployment", "resume", "-g", group, "--deployment-id", id));
        assertEquals("InProgress", json(ok(run("device-group", "deployment", "show", "-g", group, "-o", "json"))).path("State").asText());
    }

    private static String[] with(String[] head, String... tail) {
        List<String> all = new ArrayList<>(List.of(head));
        all.addAll(List.of(tail));
        return all.toArray(String[]::new);
    }
}
