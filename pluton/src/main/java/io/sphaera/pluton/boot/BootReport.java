package io.sphaera.pluton.boot;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a boot did: every attempt in order, how it ended, the measurements, and what is now running.
 *
 * @param attempts     every image tried, in order, with its verdict
 * @param outcome      booted, rolled back or recovery
 * @param measurements the log of what was measured (empty registers on recovery beyond the stages that ran)
 * @param osVersion    the version of the OS that booted, when one did
 */
public record BootReport(List<StageResult> attempts, BootOutcome outcome, MeasurementLog measurements, Optional<String> osVersion) {
    public BootReport {
        attempts = List.copyOf(attempts);
    }

    public Duration virtualTime() {
        return attempts.stream().map(StageResult::virtualCost).reduce(Duration.ZERO, Duration::plus);
    }

    public long wallNanos() {
        return attempts.stream().mapToLong(StageResult::wallNanos).sum();
    }
}
