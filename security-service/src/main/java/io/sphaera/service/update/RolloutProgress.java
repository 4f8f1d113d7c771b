package io.sphaera.service.update;

import io.sphaera.service.store.DeviceOutcome;
import io.sphaera.service.store.Rollout;
import io.sphaera.service.store.RolloutState;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where a rollout stands, worked out from the group's devices now and what they last reported on the deployment:
 * per stage how many devices it adds and how many of those installed it or failed, and what the rollout becomes.
 *
 * <p>The rules ({@link #settled()}): a rollout in progress pauses by itself when more of the devices reached reported
 * RolledBack or Failed than the failure threshold allows of them (failures a resume forgave do not count); else,
 * when every device of the reached stages has reported on it, it reaches the next stage, or completes after the last.
 * A device that failed has reported: failures within the threshold are what the threshold tolerates, and a device
 * that rolled back does not try the same images again, so waiting for it to install them would stall the rollout.
 */
public final class RolloutProgress {
    /** One stage as shown to the tenant. {@code devices} are those it adds to the stages before it. */
    public record Stage(int number, BigDecimal fraction, int devices, int installed, int failed, String state) {
    }

    private final Rollout rollout;
    private final RolloutStages stages;
    private final Map<String, DeviceOutcome> outcomes;

    private final long reportsThrough;

    /** @param outcomes kept as given: immutable, or a copy no one else holds */
    private RolloutProgress(Rollout rollout, RolloutStages stages, Map<String, DeviceOutcome> outcomes, long reportsThrough) {
        this.rollout = rollout;
        this.stages = stages;
        this.outcomes = outcomes;
        this.reportsThrough = reportsThrough;
    }

    /**
     * @param devices  the group's devices now
     * @param outcomes what each of them last reported on the deployment (others are ignored)
     */
    public static RolloutProgress of(Rollout rollout, List<String> devices, Map<String, DeviceOutcome> outcomes) {
        RolloutStages stages = RolloutStages.of(rollout.deploymentId(), rollout.plan(), devices);
        return new RolloutProgress(rollout, stages, Map.copyOf(outcomes), newest(outcomes));
    }

    /** The same devices and reports, for the rollout as it has become. */
    public RolloutProgress with(Rollout changed) {
        return new RolloutProgress(changed, stages, outcomes, reportsThrough);
    }

    /**
     * The same devices, with reports stored since those read ({@code later}: the latest of each device among them,
     * each newer than every report read before), each replacing what its device reported before.
     */
    public RolloutProgress withLaterReports(Map<String, DeviceOutcome> later) {
        if (later.isEmpty()) {
            return this;
        }
        Map<String, DeviceOutcome> merged = new java.util.HashMap<>(outcomes);
        later.forEach((device, o) -> merged.merge(device, o, (was, now) -> now.reportSequence() > was.reportSequence() ? now : was));
        return new RolloutProgress(rollout, stages, java.util.Collections.unmodifiableMap(merged),
                Math.max(reportsThrough, newest(later)));
    }

    private static long newest(Map<String, DeviceOutcome> outcomes) {
        long through = 0;
        for (DeviceOutcome o : outcomes.values()) {
            through = Math.max(through, o.reportSequence());
        }
        return through;
    }

    /** The newest report read (0: none): a judgement kept until later reports are read from there. */
    public long reportsThrough() {
        return reportsThrough;
    }

    public Rollout rollout() {
        return rollout;
    }

    /** Whether the stages reached so far include the device (whether or not the rollout is paused). */
    public boolean reached(String deviceId) {
        int stage = stages.stageOf(deviceId);
        return stage > 0 && stage <= rollout.reachedStages();
    }

    /** How many devices the group has. */
    public int devices() {
        return stages.devices();
    }

    /**
     * The rollout as the reports make it: paused, moved on through as many stages as are done, or complete; itself
     * when they change nothing, or when it is not in progress (a pause waits for a person, the rest are final).
     */
    public Rollout settled() {
        Rollout r = rollout;
        while (r.inProgress()) {
            Set<String> reached = stages.reached(r.reachedStages());
            long forgiven = r.forgivenThrough();
            int failures = (int) reached.stream().map(outcomes::get)
                    .filter(o -> o != null && o.failed() && o.reportSequence() > forgiven).count();
            if (r.plan().tooManyFailures(failures, reached.size())) {
                return r.paused(failures + " of the " + reached.size() + " devices reached reported RolledBack or Failed, more than"
                        + " the FailureThreshold of " + r.plan().failureThreshold().toPlainString() + " allows");
            }
            if (!outcomes.keySet().containsAll(reached)) {
                return r;
            }
            r = r.reachedStages() == stages.stageCount() ? r.completed() : r.advanced();
        }
        return r;
    }

    /** Each stage: its fraction, the devices it adds, how many of them installed or failed, and its state. */
    public List<Stage> stages() {
        List<Stage> out = new ArrayList<>();
        for (int k = 1; k <= stages.stageCount(); k++) {
            List<String> devices = stages.devices(k);
            int installed = 0;
            int failed = 0;
            for (String d : devices) {
                DeviceOutcome o = outcomes.get(d);
                if (o != null && o.failed()) {
                    failed++;
                } else if (o != null) {
                    installed++;
                }
            }
            out.add(new Stage(k, rollout.plan().stages().get(k - 1), devices.size(), installed, failed,
                    stageState(k, installed + failed == devices.size())));
        }
        return out;
    }

    private String stageState(int stage, boolean allReported) {
        RolloutState s = rollout.state();
        if (s == RolloutState.COMPLETE || (stage < rollout.reachedStages() && allReported)) {
            return "Complete";
        }
        if (stage > rollout.reachedStages()) {
            return s == RolloutState.SUPERSEDED ? s.platformName() : "Pending";
        }
        return s.platformName(); // a reached stage not done: InProgress, Paused or Superseded as the rollout is
    }
}
