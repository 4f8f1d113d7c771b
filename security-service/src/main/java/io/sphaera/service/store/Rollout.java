package io.sphaera.service.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A deployment's rollout as the store keeps it: its plan, its state, how many of its stages have been reached, why
 * it paused, and which failures a resume forgave. Which devices each stage holds and what they reported are not kept
 * here but worked out from the group's devices and their reports each time (they change as devices come and go).
 *
 * @param reachedStages    how many stages have been reached (1 from the start)
 * @param forgivenThrough  failures reported up to this report sequence (the store's order of update reports) no longer
 *                         count against the threshold: a resume forgives the failures that paused the rollout
 */
public record Rollout(UUID deploymentId, UUID tenantId, UUID deviceGroupId, RolloutPlan plan, RolloutState state,
                      int reachedStages, Optional<String> pausedReason, long forgivenThrough, Instant changed) {
    public static final int MAX_REASON_LENGTH = 1024;

    public Rollout {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(pausedReason, "pausedReason");
        if (reachedStages < 1 || reachedStages > plan.stages().size()) {
            throw new InvalidInputException("reachedStages", "a rollout has reached 1 to " + plan.stages().size()
                    + " stages, not " + reachedStages);
        }
        pausedReason = pausedReason.map(r -> r.length() > MAX_REASON_LENGTH ? r.substring(0, MAX_REASON_LENGTH) : r);
    }

    /** The next stage reached. */
    public Rollout advanced() {
        return new Rollout(deploymentId, tenantId, deviceGroupId, plan, state, reachedStages + 1, pausedReason, forgivenThrough, changed);
    }

    public Rollout completed() {
        return new Rollout(deploymentId, tenantId, deviceGroupId, plan, RolloutState.COMPLETE, reachedStages, Optional.empty(),
                forgivenThrough, changed);
    }

    public Rollout paused(String reason) {
        return new Rollout(deploymentId, tenantId, deviceGroupId, plan, RolloutState.PAUSED, reachedStages, Optional.of(reason),
                forgivenThrough, changed);
    }

    /** Whether it still moves by itself: only a rollout in progress is advanced or paused by reports. */
    public boolean inProgress() {
        return state == RolloutState.IN_PROGRESS;
    }
}
