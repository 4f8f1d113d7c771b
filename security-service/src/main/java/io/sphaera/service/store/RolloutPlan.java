package io.sphaera.service.store;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Objects;

/**
 * How a deployment rolls out to its group: the stages, each a fraction of the group's devices (rising, the last all
 * of them), and the share of the devices reached whose failures pause it. Fractions are decimals, not doubles, so
 * that 0.7 of 10 devices is 7 and not 8 (0.7 * 10 is 7.000000000000001 in binary floating point).
 */
public record RolloutPlan(List<BigDecimal> stages, BigDecimal failureThreshold) {
    public static final int MAX_STAGES = 10;
    /** Finer fractions than this mean nothing for a fleet, and keep the stored text short. */
    public static final int MAX_DECIMAL_PLACES = 6;
    /** The stages and threshold a deployment made through the API gets unless it names its own. */
    public static final RolloutPlan DEFAULT = new RolloutPlan(List.of(new BigDecimal("0.1"), new BigDecimal("0.5"),
            new BigDecimal("1.0")), new BigDecimal("0.2"));
    /** Every device at once, never paused: how deployments went out before staged rollouts. */
    public static final RolloutPlan ALL_AT_ONCE = new RolloutPlan(List.of(new BigDecimal("1.0")), new BigDecimal("1.0"));

    /** @throws InvalidInputException naming Stages or FailureThreshold */
    public RolloutPlan {
        Objects.requireNonNull(stages, "stages");
        Objects.requireNonNull(failureThreshold, "failureThreshold");
        stages = List.copyOf(stages);
        if (stages.isEmpty() || stages.size() > MAX_STAGES) {
            throw new InvalidInputException("Stages", "a rollout has 1 to " + MAX_STAGES + " stages, not " + stages.size());
        }
        BigDecimal before = BigDecimal.ZERO;
        for (int i = 0; i < stages.size(); i++) {
            BigDecimal f = stages.get(i);
            if (f.signum() <= 0 || f.compareTo(BigDecimal.ONE) > 0 || decimals(f) > MAX_DECIMAL_PLACES) {
                throw new InvalidInputException("Stages", "stage " + (i + 1) + " is " + f.toPlainString()
                        + "; a stage is a fraction above 0 and at most 1, with at most " + MAX_DECIMAL_PLACES + " decimal places");
            }
            if (f.compareTo(before) <= 0) {
                throw new InvalidInputException("Stages", "stage " + (i + 1) + " (" + f.toPlainString()
                        + ") does not reach more of the group than the stage before it");
            }
            before = f;
        }
        if (before.compareTo(BigDecimal.ONE) != 0) {
            throw new InvalidInputException("Stages", "the last stage must be 1.0 (the whole group), not " + before.toPlainString());
        }
        if (failureThreshold.signum() < 0 || failureThreshold.compareTo(BigDecimal.ONE) > 0
                || decimals(failureThreshold) > MAX_DECIMAL_PLACES) {
            throw new InvalidInputException("FailureThreshold", "a failure threshold is a fraction from 0 to 1 with at most "
                    + MAX_DECIMAL_PLACES + " decimal places, not " + failureThreshold.toPlainString());
        }
    }

    /** How many of a group of {@code devices} the stages up to {@code stage} (1-based) reach: ceil(fraction x devices). */
    public int devicesReached(int stage, int devices) {
        return stages.get(stage - 1).multiply(BigDecimal.valueOf(devices)).setScale(0, RoundingMode.CEILING).intValueExact();
    }

    /** Whether {@code failures} among {@code reached} devices are more than the threshold allows. */
    public boolean tooManyFailures(int failures, int reached) {
        return BigDecimal.valueOf(failures).compareTo(failureThreshold.multiply(BigDecimal.valueOf(reached))) > 0;
    }

    private static int decimals(BigDecimal d) {
        return Math.max(0, d.stripTrailingZeros().scale());
    }
}
