package io.sphaera.service.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A rollout plan's stages and threshold: what is accepted, what is refused and why, and the arithmetic of a stage. */
class RolloutPlanTest {
    private static List<BigDecimal> fractions(String... f) {
        return Arrays.stream(f).map(BigDecimal::new).toList();
    }

    private static InvalidInputException refused(List<BigDecimal> stages, String threshold) {
        return assertThrows(InvalidInputException.class, () -> new RolloutPlan(stages, new BigDecimal(threshold)));
    }

    @Test
    void theDefaultsAreTenPercentHalfAndAllPausedAboveOneFifth() {
        assertEquals(fractions("0.1", "0.5", "1.0"), RolloutPlan.DEFAULT.stages());
        assertEquals(new BigDecimal("0.2"), RolloutPlan.DEFAULT.failureThreshold());
        assertEquals(fractions("1.0"), RolloutPlan.ALL_AT_ONCE.stages());
    }

    @Test
    void aStageReachesTheCeilingOfItsFractionOfTheGroupInDecimalArithmetic() {
        RolloutPlan plan = new RolloutPlan(fractions("0.1", "0.5", "0.7", "1"), new BigDecimal("0.2"));
        assertEquals(List.of(2, 10, 14, 20), List.of(plan.devicesReached(1, 20), plan.devicesReached(2, 20),
                plan.devicesReached(3, 20), plan.devicesReached(4, 20)));
        assertEquals(7, plan.devicesReached(3, 10), "0.7 of 10 is 7 (in doubles 7.000000000000001, whose ceiling is 8)");
        assertEquals(1, plan.devicesReached(1, 1), "a stage of a one-device group holds that device");
        assertEquals(1, plan.devicesReached(1, 3));
        assertEquals(0, plan.devicesReached(1, 0));
        assertEquals(0, plan.devicesReached(4, 0));
    }

    @Test
    void failuresPauseOnlyWhenTheyExceedTheThresholdsShare() {
        RolloutPlan plan = RolloutPlan.DEFAULT;
        assertFalse(plan.tooManyFailures(0, 2));
        assertTrue(plan.tooManyFailures(1, 2), "1 > 0.2 x 2");
        assertFalse(plan.tooManyFailures(2, 10), "2 is not more than 0.2 x 10");
        assertTrue(plan.tooManyFailures(3, 10));
        assertFalse(plan.tooManyFailures(0, 0));
        RolloutPlan never = RolloutPlan.ALL_AT_ONCE;
        assertFalse(never.tooManyFailures(20, 20), "a threshold of 1 never pauses");
        RolloutPlan strict = new RolloutPlan(fractions("1"), BigDecimal.ZERO);
        assertTrue(strict.tooManyFailures(1, 100), "a threshold of 0 pauses at the first failure");
    }

    @Test
    void badStagesAreRefusedNamingStages() {
        List<BigDecimal> eleven = new ArrayList<>();
        for (int i = 1; i <= 11; i++) {
            eleven.add(BigDecimal.valueOf(i).divide(BigDecimal.valueOf(11), 6, java.math.RoundingMode.CEILING).min(BigDecimal.ONE));
        }
        for (List<BigDecimal> bad : List.of(List.<BigDecimal>of(), eleven, fractions("0", "1"), fractions("-0.1", "1"),
                fractions("0.5", "1.5"), fractions("0.5", "0.5", "1"), fractions("0.6", "0.3", "1"), fractions("0.1", "0.5"),
                fractions("0.1234567", "1"), fractions("2"))) {
            InvalidInputException e = refused(bad, "0.2");
            assertEquals("Stages", e.field(), bad.toString());
            assertTrue(e.getMessage().startsWith("Stages: "), e.getMessage());
            assertFalse(e.getMessage().contains("\n"));
        }
        assertTrue(refused(fractions("0.5", "0.5", "1"), "0.2").getMessage().contains("stage 2"));
        assertTrue(refused(fractions("0.1", "0.5"), "0.2").getMessage().contains("last stage must be 1.0"));
    }

    @Test
    void aBadThresholdIsRefusedNamingFailureThreshold() {
        for (String bad : List.of("-0.01", "1.01", "7", "0.0000001")) {
            InvalidInputException e = refused(fractions("1"), bad);
            assertEquals("FailureThreshold", e.field(), bad);
        }
        new RolloutPlan(fractions("1"), new BigDecimal("0"));
        new RolloutPlan(fractions("1"), new BigDecimal("1.000"));
        new RolloutPlan(fractions("0.000001", "1.000000"), new BigDecimal("0.123456"));
    }
}
