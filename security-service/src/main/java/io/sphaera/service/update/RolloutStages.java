package io.sphaera.service.update;

import io.sphaera.firmware.signing.Sha256;
import io.sphaera.service.store.RolloutPlan;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Which devices each stage of a deployment's rollout holds: the group's devices ordered by SHA-256 of the deployment
 * ID and the device ID (as lower-case text, one after the other), stage k taking the first ceil(fraction_k x n) of
 * them less those of the stages before. A device's place depends on the two IDs alone, not on when it was claimed or
 * how the store lists devices, so every evaluation agrees; and it changes from one deployment to the next, so the
 * same devices do not always go first.
 */
public final class RolloutStages {
    private final List<List<String>> stages;
    private final Map<String, Integer> stageOf = new HashMap<>();

    private RolloutStages(List<List<String>> stages) {
        this.stages = stages;
        for (int k = 0; k < stages.size(); k++) {
            for (String d : stages.get(k)) {
                stageOf.put(d, k + 1);
            }
        }
    }

    /** The stages of {@code deployment}'s rollout by {@code plan} over the group's {@code devices} (canonical IDs). */
    public static RolloutStages of(UUID deployment, RolloutPlan plan, Collection<String> devices) {
        List<String> ordered = order(deployment, devices);
        List<List<String>> stages = new ArrayList<>();
        int from = 0;
        for (int k = 1; k <= plan.stages().size(); k++) {
            int to = plan.devicesReached(k, ordered.size());
            stages.add(List.copyOf(ordered.subList(from, to)));
            from = to;
        }
        return new RolloutStages(stages);
    }

    /** The devices in rollout order. */
    static List<String> order(UUID deployment, Collection<String> devices) {
        byte[] prefix = deployment.toString().getBytes(StandardCharsets.US_ASCII);
        record Keyed(String device, byte[] key) {
        }
        List<Keyed> keyed = new ArrayList<>(devices.size());
        for (String d : new HashSet<>(devices)) {
            byte[] id = d.getBytes(StandardCharsets.US_ASCII);
            byte[] text = Arrays.copyOf(prefix, prefix.length + id.length);
            System.arraycopy(id, 0, text, prefix.length, id.length);
            keyed.add(new Keyed(d, Sha256.of(text)));
        }
        keyed.sort(Comparator.<Keyed, byte[]>comparing(Keyed::key, Arrays::compareUnsigned).thenComparing(Keyed::device));
        return keyed.stream().map(Keyed::device).toList();
    }

    /** The devices stage {@code stage} (1-based) adds to those before it. */
    public List<String> devices(int stage) {
        return stages.get(stage - 1);
    }

    /** The devices of stages 1 to {@code stagesReached}. */
    public Set<String> reached(int stagesReached) {
        Set<String> reached = new HashSet<>();
        for (int k = 0; k < stagesReached; k++) {
            reached.addAll(stages.get(k));
        }
        return reached;
    }

    /** The stage (1-based) that reaches the device; 0 if it is not in the group. */
    public int stageOf(String device) {
        return stageOf.getOrDefault(device, 0);
    }

    public int stageCount() {
        return stages.size();
    }

    /** How many devices the group has. */
    public int devices() {
        return stageOf.size();
    }
}
