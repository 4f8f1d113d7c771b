package io.sphaera.peripherals.firewall;

import java.util.Objects;

/**
 * The firewall's answer to one core touching one block. A refusal carries the reason, which the bus puts in its
 * bus fault and the A7 runtime in the log line behind its EACCES.
 */
public record AccessDecision(boolean granted, String reason) {
    private static final AccessDecision GRANTED = new AccessDecision(true, "granted");

    public AccessDecision {
        Objects.requireNonNull(reason, "reason");
    }

    public static AccessDecision grant() {
        return GRANTED;
    }

    public static AccessDecision refuse(String reason) {
        return new AccessDecision(false, reason);
    }
}
