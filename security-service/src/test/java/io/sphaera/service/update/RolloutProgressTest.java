package io.sphaera.service.update;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sphaera.service.store.DeviceIds;
import io.sphaera.service.store.DeviceOutcome;
import io.sphaera.service.store.Rollout;
import io.sphaera.service.store.RolloutPlan;
import io.sphaera.service.store.RolloutState;
import io.sphaera.service.store.UpdateOutcome;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The rules of a staged rollout on their own: when it advances, pauses, completes, and how its stages read. */
class RolloutProgressTest {
    private static final UUID DEPLOYMENT = new UUID(7, 7);
    private static final List<String> GROUP = DeviceIds.of(20, 11);

    private final Map<String, DeviceOutcome> outcomes = new HashMap<>();
    private long reports;

    private static Rollout rollout(RolloutPlan plan) {
        return new Rollout(DEPLOYMENT, new UUID(1, 1), new UUID(2, 2), plan, RolloutState.IN_PROGRESS, 1, Optional.empty(), 0,
                Instant.EPOCH);
    }

    private static List<String> stage(int k) {
        return RolloutStages.of(DEPLOYMENT, RolloutPlan.DEFAULT, GROUP).devices(k);
    }

    private void report(List<String> devices, UpdateOutcome outcome) {
        for (String d : devices) {
            outcomes.put(d, new DeviceOutcome(d, outcome, ++reports));
        }
    }

    private Rollout settle(Rollout r) {
        return RolloutProgress.of(r, GROUP, outcomes).settled();
    }

    @Test
    void laterReportsReadOnTopOfAJudgementGiveWhatAllTheReportsReadAtOnceGive() {
        Rollout r = rollout(RolloutPlan.DEFAULT);
        report(stage(1), UpdateOutcome.INSTALLED);
        RolloutProgress before = RolloutProgress.of(r, GROUP, outcomes);
        assertEquals(reports, before.reportsThrough());
        Map<String, DeviceOutcome> later = new HashMap<>();
        String changedMind = stage(1).get(0);
        later.put(changedMind, new DeviceOutcome(changedMind, UpdateOutcome.ROLLED_BACK, ++reports));
        for (String d : stage(2)) {
            later.put(d, new DeviceOutcome(d, UpdateOutcome.INSTALLED, ++reports));
        }
        outcomes.putAll(later);
        RolloutProgress merged = before.withLaterReports(later);
        RolloutProgress whole = RolloutProgress.of(r, GROUP, outcomes);
        assertEquals(whole.settled(), merged.settled());
        assertEquals(whole.stages(), merged.stages());
        assertEquals(reports, merged.reportsThrough());
        assertSame(before, before.withLaterReports(Map.of()), "nothing later: the same judgement");
        // A report older than one already read does not replace it.
        String d = stage(2).get(0);
        RolloutProgress stale = merged.withLaterReports(Map.of(d, new DeviceOutcome(d, UpdateOutcome.FAILED, 1)));
        assertEquals(merged.stages(), stale.stages());
    }

    @Test
    void aStageAdvancesWhenEveryDeviceReachedHasReportedAndTheLastCompletes() {
        Rollout r = rollout(RolloutPlan.DEFAULT);
        assertSame(r, settle(r), "nobody reported: nothing changes");
        report(stage(1).subList(0, 1), UpdateOutcome.INSTALLED);
        assertSame(r, settle(r), "one of two");
        report(stage(1), UpdateOutcome.INSTALLED);
        r = settle(r);
        assertEquals(2, r.reachedStages());
        assertEquals(RolloutState.IN_PROGRESS, r.state());
        RolloutProgress p = RolloutProgress.of(r, GROUP, outcomes);
        assertTrue(stage(2).stream().allMatch(p::reached));
        assertTrue(stage(3).stream().noneMatch(p::reached));
        report(stage(2), UpdateOutcome.INSTALLED);
        r = settle(r);
        assertEquals(3, r.reachedStages());
        report(stage(3), UpdateOutcome.INSTALLED);
        r = settle(r);
        assertEquals(RolloutState.COMPLETE, r.state());
        assertSame(r, settle(r), "complete is final");
    }

    @Test
    void reportsCanCarryARolloutThroughSeveralStagesAtOnce() {
        report(GROUP, UpdateOutcome.INSTALLED); // e.g. every device already told the service about it
        assertEquals(RolloutState.COMPLETE, settle(rollout(RolloutPlan.DEFAULT)).state());
        outcomes.clear();
        Rollout empty = RolloutProgress.of(rollout(RolloutPlan.DEFAULT), List.of(), outcomes).settled();
        assertEquals(RolloutState.COMPLETE, empty.state(), "a group without devices has no one to wait for");
    }

    @Test
    void itPausesWhenFailuresExceedTheThresholdOfTheDevicesReached() {
        Rollout r = rollout(RolloutPlan.DEFAULT);
        report(stage(1).subList(0, 1), UpdateOutcome.ROLLED_BACK);
        Rollout paused = settle(r);
        assertEquals(RolloutState.PAUSED, paused.state(), "1 of 2 is more than 0.2 x 2");
        assertEquals(1, paused.reachedStages());
        assertEquals("1 of the 2 devices reached reported RolledBack or Failed, more than the FailureThreshold of 0.2 allows",
                paused.pausedReason().orElseThrow());
        assertSame(paused, settle(paused), "a pause waits for a person");
    }

    @Test
    void failuresWithinTheThresholdDoNotHoldTheRolloutBack() {
        Rollout r = rollout(RolloutPlan.DEFAULT).advanced(); // stage 2: 10 devices reached, 2 failures allowed
        report(stage(1), UpdateOutcome.INSTALLED);
        report(stage(2).subList(0, 2), UpdateOutcome.FAILED);
        report(stage(2).subList(2, 8), UpdateOutcome.INSTALLED);
        r = settle(r);
        assertEquals(3, r.reachedStages(), "2 of 10 failed, not more than 0.2 x 10: on to the last stage");
        report(stage(3).subList(0, 2), UpdateOutcome.ROLLED_BACK);
        report(stage(3).subList(2, 9), UpdateOutcome.INSTALLED);
        assertEquals(RolloutState.IN_PROGRESS, settle(r).state(), "one device of stage 3 has not reported");
        Map<String, DeviceOutcome> before = new HashMap<>(outcomes);
        report(stage(3).subList(9, 10), UpdateOutcome.INSTALLED);
        assertEquals(RolloutState.COMPLETE, settle(r).state(), "4 of 20 failed, not more than 0.2 x 20: complete");
        outcomes.clear();
        outcomes.putAll(before);
        report(stage(3).subList(9, 10), UpdateOutcome.FAILED);
        Rollout paused = settle(r);
        assertEquals(RolloutState.PAUSED, paused.state(), "5 of 20 is more than 0.2 x 20");
        assertTrue(paused.pausedReason().orElseThrow().startsWith("5 of the 20 devices reached"), paused.pausedReason().toString());
    }

    @Test
    void onlyTheFailuresOfDevicesReachedCount() {
        report(stage(2).subList(0, 3), UpdateOutcome.FAILED); // not given it by this rollout: their word does not pause it
        assertEquals(RolloutState.IN_PROGRESS, settle(rollout(RolloutPlan.DEFAULT)).state());
    }

    @Test
    void failuresAResumeForgaveDoNotCountAgain() {
        report(stage(1), UpdateOutcome.ROLLED_BACK);
        Rollout paused = settle(rollout(RolloutPlan.DEFAULT));
        assertEquals(RolloutState.PAUSED, paused.state());
        Rollout resumed = new Rollout(DEPLOYMENT, paused.tenantId(), paused.deviceGroupId(), paused.plan(), RolloutState.IN_PROGRESS,
                1, Optional.empty(), reports, paused.changed());
        Rollout next = settle(resumed);
        assertEquals(RolloutState.IN_PROGRESS, next.state());
        assertEquals(2, next.reachedStages(), "the forgiven devices have reported: stage 2 is reached");
        report(stage(2).subList(0, 3), UpdateOutcome.FAILED);
        assertEquals(RolloutState.PAUSED, settle(next).state(), "3 new failures of 10 reached");
    }

    @Test
    void eachStageShowsItsOwnDevicesCountsAndState() {
        report(stage(1), UpdateOutcome.INSTALLED);
        report(stage(2).subList(0, 1), UpdateOutcome.ROLLED_BACK);
        report(stage(2).subList(1, 4), UpdateOutcome.INSTALLED);
        Rollout r = settle(rollout(RolloutPlan.DEFAULT));
        List<RolloutProgress.Stage> stages = RolloutProgress.of(r, GROUP, outcomes).stages();
        assertEquals(List.of(new RolloutProgress.Stage(1, new BigDecimal("0.1"), 2, 2, 0, "Complete"),
                new RolloutProgress.Stage(2, new BigDecimal("0.5"), 8, 3, 1, "InProgress"),
                new RolloutProgress.Stage(3, new BigDecimal("1.0"), 10, 0, 0, "Pending")), stages);
        Rollout paused = r.paused("why");
        assertEquals(List.of("Complete", "Paused", "Pending"),
                RolloutProgress.of(paused, GROUP, outcomes).stages().stream().map(RolloutProgress.Stage::state).toList());
        Rollout superseded = new Rollout(DEPLOYMENT, r.tenantId(), r.deviceGroupId(), r.plan(), RolloutState.SUPERSEDED, 2,
                Optional.empty(), 0, r.changed());
        assertEquals(List.of("Complete", "Superseded", "Superseded"),
                RolloutProgress.of(superseded, GROUP, outcomes).stages().stream().map(RolloutProgress.Stage::state).toList());
        assertEquals(List.of("Complete", "Complete", "Complete"),
                RolloutProgress.of(r.completed(), GROUP, outcomes).stages().stream().map(RolloutProgress.Stage::state).toList());
        assertEquals(20, RolloutProgress.of(r, GROUP, outcomes).devices());
    }
}
