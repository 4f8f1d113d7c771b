package io.sphaera.service.update;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sphaera.firmware.update.UpdateManifest;
import io.sphaera.service.store.ConflictException;
import io.sphaera.service.store.Deployment;
import io.sphaera.service.store.DeviceGroup;
import io.sphaera.service.store.Image;
import io.sphaera.service.store.InstalledImage;
import io.sphaera.service.store.OsFeed;
import io.sphaera.service.store.Rollout;
import io.sphaera.service.store.RolloutPlan;
import io.sphaera.service.store.RolloutState;
import io.sphaera.service.store.UpdateOutcome;
import io.sphaera.service.store.UpdatePolicy;
import io.sphaera.service.store.UpdateReport;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Staged rollouts driven by the devices themselves: each asks for its manifest, acts on it and reports, as the update
 * agent does, and the service advances, pauses and completes the rollout from those reports alone.
 */
class StagedRolloutTest {
    @RegisterExtension
    final UpdateService service = new UpdateService();

    private final List<String> fleet = new ArrayList<>();
    /** What each device last acted on: the version of its manifest and the deployment it named. */
    private final Map<String, UpdateManifest> acted = new HashMap<>();

    @BeforeEach
    void claimTheFleet() {
        for (int i = 0; i < 20; i++) {
            fleet.add(service.claimed(service.field()));
        }
    }

    /** A deployment of a new image to the Field group with {@code plan}, a minute after the one before. */
    private Deployment deploy(RolloutPlan plan) {
        Image image = service.app("1.0");
        service.setNow(service.now().plusSeconds(60));
        return service.store().createDeployment(service.tenant().id(), service.field().id(), List.of(image.imageId()), plan);
    }

    /** The device asks for its manifest, as the agent does; the deployment it names, if any. */
    private Optional<UUID> check(String device) throws Exception {
        UpdateManifest m = service.manifest(device, 0);
        acted.put(device, m);
        return m.deployment();
    }

    /** The device reports how it acted on its last manifest, through the same call the report endpoint makes. */
    private void report(String device, UpdateOutcome outcome) {
        UpdateManifest m = acted.get(device);
        service.updates().report(device, new UpdateReport(m.version(), m.deployment(), outcome, outcome.platformName(),
                List.of(new InstalledImage(new UUID(2, 2), new UUID(1, 1), "1.0"))));
    }

    /** Every device checks; how many are targeted with each deployment (none: "none"). */
    private Map<String, Integer> checkAll(Deployment... named) throws Exception {
        Map<String, Integer> counts = new HashMap<>();
        for (String d : fleet) {
            Optional<UUID> target = check(d);
            String label = "none";
            for (int i = 0; i < named.length; i++) {
                if (target.equals(Optional.of(named[i].id()))) {
                    label = "v" + (i + 1);
                }
            }
            counts.merge(label, 1, Integer::sum);
        }
        return counts;
    }

    private List<String> targetedWith(Deployment d) {
        return fleet.stream().filter(x -> acted.get(x).deployment().equals(Optional.of(d.id()))).toList();
    }

    private Rollout rollout(Deployment d) {
        return service.store().rollout(service.tenant().id(), d.id()).orElseThrow();
    }

    /** Whether {@code device} has reported on {@code d}. */
    private boolean reported(String device, Deployment d) {
        return service.store().deploymentOutcomes(service.tenant().id(), d.id()).get(device) != null;
    }

    private Optional<Deployment> baseline() {
        return service.store().baselineDeployment(service.tenant().id(), service.field().id());
    }

    private RolloutProgress resume(Deployment d) {
        return service.updates().rollouts().resume(service.tenant().id(), service.field().id(), d.id());
    }

    private RolloutProgress progress(Deployment d) {
        return service.updates().rollouts().progress(service.tenant().id(), d.id()).orElseThrow();
    }

    private List<String> stages(Deployment d) {
        return progress(d).stages().stream().map(s -> s.number() + ":" + s.state() + " " + s.installed() + "/" + s.devices()
                + (s.failed() > 0 ? " failed " + s.failed() : "")).toList();
    }

    /** v1 to completion, stage by stage. */
    private Deployment convergedV1() throws Exception {
        Deployment v1 = deploy(RolloutPlan.DEFAULT);
        for (int stage = 1; stage <= 3; stage++) {
            checkAll(v1);
            for (String d : targetedWith(v1)) {
                if (!reported(d, v1)) {
                    report(d, UpdateOutcome.INSTALLED);
                }
            }
        }
        assertEquals(RolloutState.COMPLETE, rollout(v1).state());
        return v1;
    }

    @Test
    void aGoodDeploymentConvergesStageByStageAsReportsArrive() throws Exception {
        Deployment v1 = deploy(RolloutPlan.DEFAULT);
        assertEquals(Map.of("v1", 2, "none", 18), checkAll(v1), "stage 1: 10% of 20; the others keep their apps (no baseline)");
        List<String> first = targetedWith(v1);
        assertEquals(List.of("1:InProgress 0/2", "2:Pending 0/8", "3:Pending 0/10"), stages(v1));
        report(first.get(0), UpdateOutcome.INSTALLED);
        assertEquals(1, rollout(v1).reachedStages(), "one of the stage's two reported");
        report(first.get(1), UpdateOutcome.INSTALLED);
        assertEquals(2, rollout(v1).reachedStages(), "the report that finished stage 1 reached stage 2");
        assertEquals(List.of("1:Complete 2/2", "2:InProgress 0/8", "3:Pending 0/10"), stages(v1));

        assertEquals(Map.of("v1", 10, "none", 10), checkAll(v1));
        for (String d : targetedWith(v1)) {
            if (!first.contains(d)) {
                report(d, UpdateOutcome.INSTALLED);
            }
        }
        assertEquals(3, rollout(v1).reachedStages());
        assertEquals(Map.of("v1", 20), checkAll(v1));
        List<String> last = targetedWith(v1).stream().filter(d -> !reported(d, v1)).toList();
        assertEquals(10, last.size());
        for (String d : last) {
            report(d, UpdateOutcome.INSTALLED);
        }
        assertEquals(RolloutState.COMPLETE, rollout(v1).state());
        assertEquals(List.of("1:Complete 2/2", "2:Complete 8/8", "3:Complete 10/10"), stages(v1));
        assertEquals(Optional.of(v1), baseline());
        assertEquals(20, progress(v1).devices());
    }

    @Test
    void aBadDeploymentPausesOnItsFirstStagesFailuresAndTheFixConverges() throws Exception {
        Deployment v1 = convergedV1();
        Map<String, byte[]> onV1 = new HashMap<>();
        for (String d : fleet) {
            onV1.put(d, service.updates().manifest(d));
        }

        Deployment v2 = deploy(RolloutPlan.DEFAULT);
        assertEquals(Map.of("v2", 2, "v1", 18), checkAll(v1, v2), "stage 1 gets v2; the rest keep the baseline");
        List<String> failing = targetedWith(v2);
        for (String d : fleet) {
            if (!failing.contains(d)) {
                assertArrayEquals(onV1.get(d), service.updates().manifest(d), "the baseline is the same content: the same manifest");
            }
        }
        report(failing.get(0), UpdateOutcome.ROLLED_BACK);
        Rollout paused = rollout(v2);
        assertEquals(RolloutState.PAUSED, paused.state(), "1 of 2 reached failed: more than 0.2 x 2");
        assertTrue(paused.pausedReason().orElseThrow().contains("1 of the 2 devices reached"), paused.pausedReason().toString());
        report(failing.get(1), UpdateOutcome.ROLLED_BACK);
        assertEquals(List.of("1:Paused 0/2 failed 2", "2:Pending 0/8", "3:Pending 0/10"), stages(v2));
        assertEquals(Map.of("v2", 2, "v1", 18), checkAll(v1, v2), "paused: those given v2 keep it, the others stay on v1");
        assertEquals(failing, targetedWith(v2));
        ConflictException complete = assertThrows(ConflictException.class, () -> resume(v1));
        assertTrue(complete.getMessage().contains("Complete"), complete.getMessage());

        Deployment v3 = deploy(RolloutPlan.DEFAULT);
        assertEquals(RolloutState.SUPERSEDED, rollout(v2).state());
        assertThrows(ConflictException.class, () -> resume(v2), "superseded");
        assertEquals(List.of("1:Superseded 0/2 failed 2", "2:Superseded 0/8", "3:Superseded 0/10"), stages(v2));
        for (int stage = 1; stage <= 3; stage++) {
            Map<String, Integer> counts = checkAll(v1, v2, v3);
            int expected = List.of(2, 10, 20).get(stage - 1);
            assertEquals(expected, counts.get("v3"), "stage " + stage + ": " + counts);
            assertEquals(null, counts.get("v2"), "v3 starts afresh: v2's devices hold the baseline until their v3 stage");
            assertEquals(stage == 3 ? null : 20 - expected, counts.get("v1"));
            for (String d : targetedWith(v3)) {
                if (!reported(d, v3)) {
                    report(d, UpdateOutcome.INSTALLED);
                }
            }
        }
        assertEquals(RolloutState.COMPLETE, rollout(v3).state());
        assertEquals(Optional.of(v3), baseline());
        assertEquals(Map.of("v3", 20), checkAll(v1, v2, v3));
    }

    @Test
    void aPausedRolloutResumesWithItsFailuresForgivenAndPausesAgainOnNewOnes() throws Exception {
        Deployment v1 = convergedV1();
        Deployment v2 = deploy(RolloutPlan.DEFAULT);
        List<String> first = RolloutStages.of(v2.id(), RolloutPlan.DEFAULT, fleet).devices(1);
        assertEquals(Optional.of(v2.id()), check(first.get(0)));
        report(first.get(0), UpdateOutcome.FAILED);
        assertEquals(RolloutState.PAUSED, rollout(v2).state());
        assertEquals(Optional.of(v1.id()), check(first.get(1)), "reached, but not given v2 before the pause: the baseline");
        assertEquals(Optional.of(v2.id()), check(first.get(0)), "given v2 before the pause: keeps it");

        RolloutProgress resumed = resume(v2);
        assertEquals(RolloutState.IN_PROGRESS, resumed.rollout().state());
        assertEquals(Optional.empty(), resumed.rollout().pausedReason());
        assertEquals(1, resumed.rollout().reachedStages(), "the second device of stage 1 has not reported yet");
        assertEquals(Optional.of(v2.id()), check(first.get(1)), "resumed: now it gets v2");
        report(first.get(1), UpdateOutcome.INSTALLED);
        assertEquals(2, rollout(v2).reachedStages(), "the forgiven failure counts as reported; the rollout goes on");
        assertThrows(ConflictException.class, () -> resume(v2), "not paused");

        List<String> second = RolloutStages.of(v2.id(), RolloutPlan.DEFAULT, fleet).devices(2);
        for (String d : second) {
            assertEquals(Optional.of(v2.id()), check(d));
        }
        report(second.get(0), UpdateOutcome.ROLLED_BACK);
        report(second.get(1), UpdateOutcome.ROLLED_BACK);
        assertEquals(RolloutState.IN_PROGRESS, rollout(v2).state(), "2 new failures of 10 reached: not more than 0.2 x 10");
        report(second.get(2), UpdateOutcome.FAILED);
        assertEquals(RolloutState.PAUSED, rollout(v2).state(), "3 new failures of 10 reached");
        assertTrue(rollout(v2).pausedReason().orElseThrow().startsWith("3 of the 10 devices reached"));
    }

    @Test
    void aRestartLosesNoRolloutAndNoProgress() throws Exception {
        Deployment v1 = deploy(RolloutPlan.DEFAULT);
        checkAll(v1);
        for (String d : targetedWith(v1)) {
            report(d, UpdateOutcome.INSTALLED);
        }
        assertEquals(Map.of("v1", 10, "none", 10), checkAll(v1));
        List<String> before = targetedWith(v1);
        service.restart();
        assertEquals(2, rollout(v1).reachedStages());
        assertEquals(Map.of("v1", 10, "none", 10), checkAll(v1));
        assertEquals(before, targetedWith(v1));
        assertEquals(List.of("1:Complete 2/2", "2:InProgress 0/8", "3:Pending 0/10"), stages(v1));
    }

    @Test
    void theLastSilentDeviceOfAStageLeavingTheGroupMovesTheRolloutOnAtTheNextCheck() throws Exception {
        fleet.add(service.claimed(service.field())); // 21: the first stage holds ceil(10.5) = 11, and 10 of 20
        Deployment v1 = deploy(new RolloutPlan(List.of(new BigDecimal("0.5"), BigDecimal.ONE), new BigDecimal("0.2")));
        checkAll(v1);
        List<String> first = targetedWith(v1);
        assertEquals(11, first.size());
        String silent = first.get(0);
        for (String d : first.subList(1, first.size())) {
            report(d, UpdateOutcome.INSTALLED);
        }
        for (int i = 0; i < 3; i++) { // checks in between, judged again and again on the same devices and reports
            assertEquals(Map.of("v1", 11, "none", 10), checkAll(v1));
        }
        assertEquals(1, rollout(v1).reachedStages(), "one device of the first stage has not reported");

        // The silent device leaves: the first stage is the ten that reported, and done.
        DeviceGroup elsewhere = service.group("Elsewhere", OsFeed.RETAIL, UpdatePolicy.UPDATE_ALL);
        service.store().moveDevice(service.tenant().id(), silent, elsewhere.id());
        fleet.remove(silent);
        assertEquals(Map.of("v1", 20), checkAll(v1), "judged on who is in the group now: the second stage is reached");
        assertEquals(2, rollout(v1).reachedStages());
    }

    @Test
    void reportsStoredWithoutTheRolloutsBeingToldAreReadAtTheNextJudgement() throws Exception {
        Deployment v1 = deploy(RolloutPlan.DEFAULT);
        checkAll(v1);
        assertEquals(List.of("1:InProgress 0/2", "2:Pending 0/8", "3:Pending 0/10"), stages(v1)); // judged, and kept
        for (String d : targetedWith(v1)) { // straight into the store, as a restore or another service would
            UpdateManifest m = acted.get(d);
            service.store().recordUpdateReport(d, new UpdateReport(m.version(), m.deployment(), UpdateOutcome.INSTALLED, "",
                    List.of()));
        }
        assertEquals(List.of("1:Complete 2/2", "2:InProgress 0/8", "3:Pending 0/10"), stages(v1));
        assertEquals(Map.of("v1", 10, "none", 10), checkAll(v1));
    }

    @Test
    void aDeviceThatJoinsTheGroupFindsItsPlaceByItsIdAndAnEmptyGroupCompletesAtOnce() throws Exception {
        Deployment v1 = deploy(new RolloutPlan(List.of(new BigDecimal("0.5"), BigDecimal.ONE), new BigDecimal("0.2")));
        checkAll(v1);
        String newcomer = service.claimed(service.field());
        List<String> withNewcomer = new ArrayList<>(fleet);
        withNewcomer.add(newcomer);
        boolean inFirst = RolloutStages.of(v1.id(), rollout(v1).plan(), withNewcomer).stageOf(newcomer) == 1;
        assertEquals(inFirst, check(newcomer).isPresent(), "targeted exactly when its place falls in the stage reached");

        DeviceGroup empty = service.group("Empty", OsFeed.RETAIL, UpdatePolicy.UPDATE_ALL);
        Deployment nobody = service.store().createDeployment(service.tenant().id(), empty.id(), List.of(v1.imageIds().get(0)),
                RolloutPlan.DEFAULT);
        assertEquals(RolloutState.COMPLETE, progress(nobody).rollout().state(), "no device to wait for");
    }
}
