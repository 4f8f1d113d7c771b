package io.sphaera.service.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the store keeps of staged rollouts: each deployment's plan and state, a newer deployment superseding one still
 * under way, the group's baseline, a rollout moved on only from the state it was read in, a resume, and each group
 * device's latest word on a deployment.
 */
class RolloutRecordsTest {
    private static final RolloutPlan STAGED = RolloutPlan.DEFAULT;

    @TempDir
    Path dir;

    private final SplittableRandom random = new SplittableRandom(5);
    private ServiceStore store;
    private Tenant tenant;
    private DeviceGroup group;
    private UUID image;

    @BeforeEach
    void open() {
        store = ServiceStore.open(dir, new TickingClock(), new SplittableRandom(3));
        TenantWithGroup contoso = TenantWithGroup.createIn(store);
        tenant = contoso.tenant();
        group = contoso.group();
        byte[] bytes = {1, 2, 3};
        image = StoreTestData.uuid(random);
        store.addImage(tenant.id(), StoreTestData.imageRecord(image, bytes), bytes);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private Deployment deploy(RolloutPlan plan) {
        return store.createDeployment(tenant.id(), group.id(), List.of(image), plan);
    }

    private Rollout rollout(Deployment d) {
        return store.rollout(tenant.id(), d.id()).orElseThrow();
    }

    private String device(DeviceGroup g) {
        String id = DeviceIds.next(random);
        store.claimDevice(g.tenantId(), id);
        store.moveDevice(g.tenantId(), id, g.id());
        return id;
    }

    private void report(String device, Deployment d, UpdateOutcome outcome) {
        store.recordUpdateReport(device, new UpdateReport(1, Optional.of(d.id()), outcome, "", List.of()));
    }

    @Test
    void aDeploymentStartsItsRolloutAtTheFirstStageWithItsPlan() {
        Deployment d = deploy(STAGED);
        Rollout r = rollout(d);
        assertEquals(d.id(), r.deploymentId());
        assertEquals(group.id(), r.deviceGroupId());
        assertEquals(tenant.id(), r.tenantId());
        assertEquals(STAGED, r.plan());
        assertEquals(RolloutState.IN_PROGRESS, r.state());
        assertEquals(1, r.reachedStages());
        assertEquals(Optional.empty(), r.pausedReason());
        assertEquals(0, r.forgivenThrough());
        assertEquals(d.created(), r.changed());
        assertEquals(RolloutPlan.ALL_AT_ONCE, store.rollout(tenant.id(),
                store.createDeployment(tenant.id(), group.id(), List.of(image)).id()).orElseThrow().plan(), "the store's default");
    }

    @Test
    void aNewerDeploymentSupersedesRolloutsUnderWayButNotCompleteOnes() {
        Deployment done = deploy(STAGED);
        Rollout r = rollout(done);
        assertTrue(store.changeRollout(r, r.completed()).isPresent());
        Deployment paused = deploy(STAGED);
        assertTrue(store.changeRollout(rollout(paused), rollout(paused).paused("too many")).isPresent());
        Deployment going = deploy(STAGED);
        assertEquals(RolloutState.SUPERSEDED, rollout(paused).state());
        assertEquals(Optional.of("too many"), rollout(paused).pausedReason(), "why it stopped stays");
        assertEquals(RolloutState.COMPLETE, rollout(done).state());
        Deployment newest = deploy(STAGED);
        assertEquals(RolloutState.SUPERSEDED, rollout(going).state());
        assertEquals(RolloutState.IN_PROGRESS, rollout(newest).state());
        // Another group's rollout is not touched.
        DeviceGroup other = store.createDeviceGroup(tenant.id(), group.productId(), "Other", "", OsFeed.RETAIL, UpdatePolicy.UPDATE_ALL);
        Deployment elsewhere = store.createDeployment(tenant.id(), other.id(), List.of(image), STAGED);
        assertEquals(RolloutState.IN_PROGRESS, rollout(newest).state());
        assertEquals(RolloutState.IN_PROGRESS, rollout(elsewhere).state());
    }

    @Test
    void theBaselineIsTheNewestDeploymentWhoseRolloutCompleted() {
        assertEquals(Optional.empty(), store.baselineDeployment(tenant.id(), group.id()));
        Deployment d1 = deploy(STAGED);
        assertEquals(Optional.empty(), store.baselineDeployment(tenant.id(), group.id()), "in progress is no baseline");
        store.changeRollout(rollout(d1), rollout(d1).completed());
        assertEquals(Optional.of(d1), store.baselineDeployment(tenant.id(), group.id()));
        Deployment d2 = deploy(STAGED);
        deploy(STAGED); // d2 superseded
        assertEquals(Optional.of(d1), store.baselineDeployment(tenant.id(), group.id()));
        assertEquals(RolloutState.SUPERSEDED, rollout(d2).state());
        Tenant other = store.createTenant("Fabrikam");
        assertEquals(Optional.empty(), store.baselineDeployment(other.id(), group.id()), "another tenant's group");
        assertEquals(Optional.empty(), store.rollout(other.id(), d1.id()), "another tenant's deployment");
    }

    @Test
    void aRolloutMovesOnOnlyFromTheStateItWasReadIn() {
        Deployment d = deploy(STAGED);
        Rollout read = rollout(d);
        Rollout moved = store.changeRollout(read, read.advanced()).orElseThrow();
        assertEquals(2, moved.reachedStages());
        assertEquals(Optional.empty(), store.changeRollout(read, read.paused("late")), "a stale reading changes nothing");
        assertEquals(moved, rollout(d));
        Rollout paused = store.changeRollout(moved, moved.paused("3 of 10 failed")).orElseThrow();
        assertEquals(RolloutState.PAUSED, paused.state());
        assertEquals(Optional.of("3 of 10 failed"), paused.pausedReason());
        Rollout resumed = store.resumeRollout(tenant.id(), group.id(), d.id());
        assertEquals(Optional.empty(), store.changeRollout(paused, paused.completed()), "read before the resume");
        assertEquals(resumed, rollout(d));
    }

    @Test
    void aResumeForgivesTheFailuresReportedSoFarAndOnlyAPausedRolloutResumes() {
        Deployment d = deploy(STAGED);
        String a = device(group);
        report(a, d, UpdateOutcome.ROLLED_BACK);
        report(a, d, UpdateOutcome.FAILED);
        ConflictException notPaused = assertThrows(ConflictException.class, () -> store.resumeRollout(tenant.id(), group.id(), d.id()));
        assertTrue(notPaused.getMessage().contains("InProgress"), notPaused.getMessage());
        store.changeRollout(rollout(d), rollout(d).paused("too many"));
        Rollout resumed = store.resumeRollout(tenant.id(), group.id(), d.id());
        assertEquals(RolloutState.IN_PROGRESS, resumed.state());
        assertEquals(Optional.empty(), resumed.pausedReason());
        long last = store.deploymentOutcomes(tenant.id(), d.id()).get(a).reportSequence();
        assertEquals(last, resumed.forgivenThrough());
        assertThrows(ConflictException.class, () -> store.resumeRollout(tenant.id(), group.id(), d.id()), "resumed already");
        DeviceGroup other = store.createDeviceGroup(tenant.id(), group.productId(), "Other", "", OsFeed.RETAIL, UpdatePolicy.UPDATE_ALL);
        assertThrows(NotFoundException.class, () -> store.resumeRollout(tenant.id(), other.id(), d.id()), "another group's path");
        Tenant stranger = store.createTenant("Fabrikam");
        assertThrows(NotFoundException.class, () -> store.resumeRollout(stranger.id(), group.id(), d.id()), "another tenant");
    }

    @Test
    void eachGroupDevicesLatestWordOnADeploymentCountsAndNoOneElses() {
        Deployment d = deploy(STAGED);
        String a = device(group);
        String b = device(group);
        String c = device(group);
        DeviceGroup other = store.createDeviceGroup(tenant.id(), group.productId(), "Other", "", OsFeed.RETAIL, UpdatePolicy.UPDATE_ALL);
        String moved = device(other);
        String unclaimed = DeviceIds.next(random);
        Tenant stranger = store.createTenant("Fabrikam");
        String strangers = DeviceIds.next(random);
        store.claimDevice(stranger.id(), strangers);
        report(a, d, UpdateOutcome.FAILED);
        report(a, d, UpdateOutcome.INSTALLED);
        report(b, d, UpdateOutcome.ROLLED_BACK);
        report(b, deploy(STAGED), UpdateOutcome.INSTALLED); // another deployment's report
        for (String outsider : List.of(moved, unclaimed, strangers)) {
            report(outsider, d, UpdateOutcome.FAILED);
        }
        Map<String, DeviceOutcome> outcomes = store.deploymentOutcomes(tenant.id(), d.id());
        assertEquals(2, outcomes.size(), outcomes.toString());
        assertEquals(UpdateOutcome.INSTALLED, outcomes.get(a).outcome(), "the latest report counts");
        assertEquals(UpdateOutcome.ROLLED_BACK, outcomes.get(b).outcome());
        assertTrue(outcomes.get(b).failed());
        assertTrue(outcomes.get(a).reportSequence() < outcomes.get(b).reportSequence());
        assertEquals(Map.of(), store.deploymentOutcomes(stranger.id(), d.id()), "another tenant's deployment");
        assertEquals(List.of(a, b, c), store.groupDevices(tenant.id(), group.id()), "in claim order");
        store.moveDevice(tenant.id(), a, other.id());
        assertEquals(List.of(b, c), store.groupDevices(tenant.id(), group.id()));
        assertEquals(List.of(b), List.copyOf(store.deploymentOutcomes(tenant.id(), d.id()).keySet()), "a left the group");
        assertEquals(List.of(), store.groupDevices(stranger.id(), group.id()));
    }

    @Test
    void aRestartKeepsEveryRollout() {
        Deployment d = deploy(new RolloutPlan(List.of(new BigDecimal("0.25"), new BigDecimal("1")), new BigDecimal("0.5")));
        Rollout paused = store.changeRollout(rollout(d), rollout(d).advanced().paused("why")).orElseThrow();
        store.close();
        store = ServiceStore.open(dir, new TickingClock(), new SplittableRandom(4));
        assertEquals(paused, rollout(d));
    }
}
