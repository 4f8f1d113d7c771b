package io.sphaera.emulator.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sphaera.emulator.network.ServiceConnection;
import io.sphaera.emulator.update.UpdateAgent;
import io.sphaera.firmware.image.ImageMetadata;
import io.sphaera.firmware.image.ImagePackage;
import io.sphaera.firmware.image.ImagePackageBuilder;
import io.sphaera.firmware.image.ImagePackageFormatException;
import io.sphaera.firmware.image.ImageVersion;
import io.sphaera.firmware.image.PackageFile;
import io.sphaera.firmware.signing.SigningKey;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * The rollout story the main job ends with, and the end-to-end test's scenario: a fleet in one device group takes
 * v1 of an app stage by stage; v2, whose manifest no longer grants the app its LED (the app exits at start), rolls
 * back on the first stage's devices and the rollout pauses by itself; v3, the fix, reaches every device. In each
 * round every device checks for updates (on the platform at boot and every 20 h; here on demand), downloads,
 * installs, commits or rolls back, and reports; the service advances or pauses the rollout from the reports.
 */
public final class RolloutScenario {
    /** The stages each deployment rolls out in, and the failure fraction that pauses it. */
    public static final List<Double> STAGES = List.of(0.1, 0.5, 1.0);
    public static final double FAILURE_THRESHOLD = 0.2;
    /** Rounds of checks per deployment at most: a rollout that neither completes nor pauses by then is reported as such. */
    static final int MAX_ROUNDS = 6;

    /** One round of checks: how many devices ended how, and the rollout's state after it. */
    public record Round(int number, Map<String, Integer> outcomes, String rolloutState, String stages) {
    }

    /** One deployment's story: its rounds and final rollout, which versions the devices ran after it, host time. */
    public record Act(String name, String version, UUID deployment, List<Round> rounds, String rolloutState,
                      Map<String, Integer> versionsRunning, long hostNanos) {
    }

    private final FleetDriver driver;
    private final List<FleetDevice> devices;
    private final TenantAdmin admin;
    private final UUID group;
    private final Consumer<String> story;
    private final LongSupplier ticker;
    private final RandomGenerator random;
    private final java.time.InstantSource clock;

    public RolloutScenario(FleetDriver driver, List<FleetDevice> devices, TenantAdmin admin, UUID group, Consumer<String> story,
                           LongSupplier ticker, RandomGenerator random, java.time.InstantSource clock) {
        this.driver = driver;
        this.devices = devices;
        this.admin = admin;
        this.group = group;
        this.story = story;
        this.ticker = ticker;
        this.random = random;
        this.clock = clock;
    }

    /** Runs the three acts on booted devices; {@code app} is v1's image package. */
    public List<Act> run(byte[] app) throws IOException {
        ImagePackage v1;
        try {
            v1 = ImagePackage.parse(app);
        } catch (ImagePackageFormatException e) {
            throw new IOException("the app package is invalid: " + e.getMessage(), e);
        }
        String name = v1.metadata().buildName();
        List<Act> acts = new ArrayList<>();
        acts.add(act("a good update", variant(v1, "1.0", m -> m), "v1"));
        acts.add(act("a bad update: its manifest no longer grants the app its GPIOs, so " + name + " exits at start",
                variant(v1, "2.0", m -> m.set("Capabilities", m.objectNode())), "v2"));
        acts.add(act("the fix", variant(v1, "3.0", m -> m), "v3"));
        return acts;
    }

    private Act act(String what, byte[] image, String label) throws IOException {
        long start = ticker.getAsLong();
        Instant deviceStart = clock.instant();
        UUID imageId = admin.upload(image);
        UUID deployment = admin.deploy(group, List.of(imageId), STAGES, FAILURE_THRESHOLD);
        String version;
        try {
            version = ImagePackage.parse(image).metadata().version().text();
        } catch (ImagePackageFormatException e) {
            throw new IllegalStateException(e);
        }
        story.accept(String.format(Locale.ROOT, "%s, version %s — %s: deployment %s to %d devices in stages %s, pausing above %.0f%% failures",
                label, version, what, deployment.toString().substring(0, 8), devices.size(), STAGES, 100 * FAILURE_THRESHOLD));
        List<Round> rounds = new ArrayList<>();
        String state = "InProgress";
        for (int n = 1; n <= MAX_ROUNDS && state.equals("InProgress"); n++) {
            Map<String, Integer> outcomes = checkAll();
            JsonNode rollout = admin.rollout(group, deployment);
            state = rollout.path("State").asText();
            StringBuilder stages = new StringBuilder();
            for (JsonNode s : rollout.path("Stages")) {
                stages.append(String.format(Locale.ROOT, "%s%d:%s %d/%d", stages.isEmpty() ? "" : ", ", s.path("Stage").asInt(),
                        s.path("State").asText(), s.path("Installed").asInt(), s.path("Devices").asInt()));
            }
            rounds.add(new Round(n, outcomes, state, stages.toString()));
            story.accept(String.format(Locale.ROOT, "  round %d: %s -> rollout %s [%s]%s", n, describe(outcomes), state, stages,
                    rollout.hasNonNull("PausedReason") ? " (" + rollout.path("PausedReason").asText() + ")" : ""));
        }
        Map<String, Integer> running = versionsRunning();
        long host = ticker.getAsLong() - start;
        story.accept(String.format(Locale.ROOT, "  after %s: devices run %s; %.1f s of host time, %.1f s of device time", label,
                describe(running), host / 1e9, Duration.between(deviceStart, clock.instant()).toMillis() / 1e3));
        return new Act(what, version, deployment, rounds, state, running, host);
    }

    /** Every device checks now; runs until each has come to rest and its report has reached the service. */
    private Map<String, Integer> checkAll() throws IOException {
        List<CompletableFuture<UpdateAgent.Result>> results = devices.stream().map(d -> d.updates().checkNow()).toList();
        boolean done = driver.until(() -> results.stream().allMatch(CompletableFuture::isDone)
                && devices.stream().noneMatch(FleetDevice::waitingOnService), Duration.ofHours(2), Duration.ofMinutes(5));
        if (!done) {
            throw new IOException("the devices did not finish their update checks within 2 h of device time");
        }
        Map<String, Integer> outcomes = new java.util.TreeMap<>();
        results.forEach(r -> outcomes.merge(r.join().outcome(), 1, Integer::sum));
        return outcomes;
    }

    /** Which app version each device runs (from its high-level app's image in flash), counted. */
    private Map<String, Integer> versionsRunning() {
        Map<String, Integer> running = new java.util.TreeMap<>();
        for (FleetDevice d : devices) {
            String v = "none";
            var slot = d.device().flash().appSlot(0).read();
            if (slot.isPresent()) {
                try {
                    v = ImagePackage.parse(slot.get()).metadata().version().text();
                } catch (ImagePackageFormatException e) {
                    v = "unreadable";
                }
            }
            running.merge(v, 1, Integer::sum);
        }
        return running;
    }

    private static String describe(Map<String, Integer> counts) {
        StringBuilder b = new StringBuilder();
        counts.forEach((k, v) -> b.append(b.isEmpty() ? "" : ", ").append(v).append(" ").append(k));
        return b.toString();
    }

    /** The package with a new image ID and version, its app manifest edited; signed with a throwaway key (the service re-signs). */
    private byte[] variant(ImagePackage image, String version, java.util.function.UnaryOperator<ObjectNode> manifest) throws IOException {
        ImageMetadata m = image.metadata();
        ImagePackageBuilder b = new ImagePackageBuilder(m.kind(), m.componentId()).imageId(ImagePackageBuilder.newImageId(random))
                .buildTime(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)).buildName(m.buildName())
                .temporary(m.temporary()).abiDepends(m.abiDepends()).abiProvides(m.abiProvides())
                .version(ImageVersion.parse(version)).securityVersion(m.securityVersion());
        for (PackageFile f : image.files()) {
            byte[] data = image.read(f);
            if (f.path().equals("app_manifest.json")) {
                ObjectNode json = (ObjectNode) ServiceConnection.json().readTree(data);
                data = ServiceConnection.json().writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest.apply(json));
            }
            b.addFile(f.path(), data, f.executable());
        }
        return b.sign(SigningKey.generate(random));
    }
}
