package io.sphaera.service.store;

import java.util.Arrays;
import java.util.Optional;

/** Where a deployment's rollout is. Only the group's newest deployment is ever InProgress or Paused. */
public enum RolloutState {
    /** Stages are reached one after another as their devices report. */
    IN_PROGRESS("InProgress"),
    /** Too many devices failed: devices not yet given the deployment keep the group's baseline until it is resumed. */
    PAUSED("Paused"),
    /** Every stage reached and reported: the whole group has it, and it is the group's baseline. */
    COMPLETE("Complete"),
    /** A newer deployment replaced it before it completed. */
    SUPERSEDED("Superseded");

    private final String platformName;

    RolloutState(String platformName) {
        this.platformName = platformName;
    }

    public String platformName() {
        return platformName;
    }

    /** Exactly the stored name. */
    public static Optional<RolloutState> fromName(String name) {
        return Arrays.stream(values()).filter(s -> s.platformName.equals(name)).findFirst();
    }
}
