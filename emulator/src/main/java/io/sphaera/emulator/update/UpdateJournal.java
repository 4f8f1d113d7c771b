package io.sphaera.emulator.update;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sphaera.firmware.update.UpdatePhase;
import io.sphaera.pluton.storage.AtomicRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What the update agent remembers across power cuts, in the update-journal partition as one atomic record (a cut at
 * any write leaves the old or the new state): the last manifest it acted on (so an older one is a rollback), the step
 * of the update under way and its target, the image sets that failed, and an outcome not yet reported.
 */
public final class UpdateJournal {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The journal's content. */
    /**
     * @param paired        whether the app rollback slots hold the apps in force at the last OS update (or, before any, at
     *                      the first update): the apps a rollback returns to, so that OS and apps stay a pair
     * @param appsSincePair whether an app update was committed since then (an OS that falls back takes them back too)
     */
    public record State(long lastVersion, String lastPayloadSha256, UpdateStep step, Optional<UpdateTarget> target,
                        List<String> failed, Optional<UpdateOutcome> unreported, boolean paired, boolean appsSincePair) {
        /** A failed set is remembered until this many newer ones failed. */
        static final int FAILED_KEPT = 16;

        public State {
            failed = List.copyOf(failed);
        }

        static State fresh() {
            return new State(0, null, UpdateStep.IDLE, Optional.empty(), List.of(), Optional.empty(), false, false);
        }

        State step(UpdateStep s, Optional<UpdateTarget> t) {
            return new State(lastVersion, lastPayloadSha256, s, t, failed, unreported, paired, appsSincePair);
        }

        State actedOn(long version, String payloadSha256) {
            return new State(version, payloadSha256, step, target, failed, unreported, paired, appsSincePair);
        }

        State failedSet(String key) {
            List<String> f = new ArrayList<>(failed);
            f.remove(key);
            f.add(key);
            while (f.size() > FAILED_KEPT) {
                f.remove(0);
            }
            return new State(lastVersion, lastPayloadSha256, step, target, f, unreported, paired, appsSincePair);
        }

        State report(Optional<UpdateOutcome> outcome) {
            return new State(lastVersion, lastPayloadSha256, step, target, failed, outcome, paired, appsSincePair);
        }

        State pairing(boolean nowPaired, boolean appsChanged) {
            return new State(lastVersion, lastPayloadSha256, step, target, failed, unreported, nowPaired, appsChanged);
        }
    }

    private final AtomicRecord record;

    public UpdateJournal(AtomicRecord record) {
        this.record = record;
    }

    /** What flash holds, as last read or written while the power stayed on; null when it must be read again. */
    private volatile State known;

    /**
     * The state written last; a device that never updated, or a journal this Sphaera cannot read, starts fresh. Read
     * from flash once per power-up (the agent asks many times per update), then kept as written.
     */
    public State read() {
        if (known == null) {
            known = record.read().flatMap(UpdateJournal::decode).orElseGet(State::fresh);
        }
        return known;
    }

    public void write(State state) {
        known = null; // a write cut off leaves the old state or the new one: which, only flash can tell
        record.write(encode(state));
        known = state;
    }

    /** Forgets what was read: at power-up and power-off, when flash may hold what a cut or a fault left. */
    public void forget() {
        known = null;
    }

    static byte[] encode(State s) {
        ObjectNode o = JSON.createObjectNode().put("Format", 1).put("LastVersion", s.lastVersion())
                .put("LastPayloadSha256", s.lastPayloadSha256()).put("Step", s.step().name())
                .put("Paired", s.paired()).put("AppsSincePair", s.appsSincePair());
        s.target().ifPresent(t -> {
            ObjectNode target = o.putObject("Target").put("Phase", t.phase().name()).put("Key", t.key()).put("ManifestVersion", t.manifestVersion())
                    .put("Deployment", t.deployment().map(UUID::toString).orElse(null));
            ArrayNode images = target.putArray("Images");
            for (StagedImage i : t.images()) {
                images.addObject().put("ImageId", i.imageId().toString()).put("ComponentId", i.componentId().toString())
                        .put("Kind", i.kind()).put("Version", i.version()).put("Length", i.length()).put("Sha256", i.sha256())
                        .put("Slot", i.slot()).put("InPlace", i.inPlace()).put("Offset", i.offset()).put("Downloaded", i.downloaded());
            }
            ArrayNode changed = target.putArray("Changed");
            t.changed().forEach(changed::add);
        });
        ArrayNode failed = o.putArray("Failed");
        s.failed().forEach(failed::add);
        s.unreported().ifPresent(r -> o.putObject("Unreported").put("ManifestVersion", r.manifestVersion())
                .put("Deployment", r.deployment().map(UUID::toString).orElse(null)).put("Outcome", r.outcome())
                .put("Detail", r.detail()));
        try {
            return JSON.writeValueAsBytes(o);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Optional<State> decode(byte[] bytes) {
        try {
            JsonNode o = JSON.readTree(bytes);
            if (o == null || o.path("Format").asInt() != 1) {
                return Optional.empty();
            }
            Optional<UpdateTarget> target = Optional.empty();
            JsonNode t = o.path("Target");
            if (t.isObject()) {
                List<StagedImage> images = new ArrayList<>();
                for (JsonNode i : t.path("Images")) {
                    images.add(new StagedImage(UUID.fromString(i.path("ImageId").asText()), UUID.fromString(i.path("ComponentId").asText()),
                            i.path("Kind").asText(), i.path("Version").asText(), i.path("Length").asLong(), i.path("Sha256").asText(),
                            i.path("Slot").asInt(), i.path("InPlace").asBoolean(), i.path("Offset").asLong(), i.path("Downloaded").asLong()));
                }
                List<Integer> changed = new ArrayList<>();
                t.path("Changed").forEach(c -> changed.add(c.asInt()));
                target = Optional.of(new UpdateTarget(UpdatePhase.valueOf(t.path("Phase").asText()), t.path("Key").asText(), t.path("ManifestVersion").asLong(),
                        uuid(t.path("Deployment")), images, changed));
            }
            List<String> failed = new ArrayList<>();
            o.path("Failed").forEach(f -> failed.add(f.asText()));
            Optional<UpdateOutcome> unreported = Optional.empty();
            JsonNode r = o.path("Unreported");
            if (r.isObject()) {
                unreported = Optional.of(new UpdateOutcome(r.path("ManifestVersion").asLong(), uuid(r.path("Deployment")),
                        r.path("Outcome").asText(), r.path("Detail").asText()));
            }
            JsonNode sha = o.path("LastPayloadSha256");
            return Optional.of(new State(o.path("LastVersion").asLong(), sha.isTextual() ? sha.asText() : null,
                    UpdateStep.valueOf(o.path("Step").asText()), target, failed, unreported, o.path("Paired").asBoolean(),
                    o.path("AppsSincePair").asBoolean()));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Optional<UUID> uuid(JsonNode n) {
        return n.isTextual() ? Optional.of(UUID.fromString(n.asText())) : Optional.empty();
    }
}
