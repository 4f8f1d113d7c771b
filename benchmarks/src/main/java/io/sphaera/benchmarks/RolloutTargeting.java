package io.sphaera.benchmarks;

import io.sphaera.firmware.signing.Sha256;
import io.sphaera.service.store.Deployment;
import io.sphaera.service.store.DeviceGroup;
import io.sphaera.service.store.ImageRecord;
import io.sphaera.service.store.PageRequest;
import io.sphaera.service.store.Rollout;
import io.sphaera.service.store.RolloutPlan;
import io.sphaera.service.store.ServiceStore;
import io.sphaera.service.store.UpdateOutcome;
import io.sphaera.service.store.UpdateReport;
import io.sphaera.service.update.RolloutProgress;
import io.sphaera.service.update.Rollouts;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * What a manifest request of a group with a rollout in progress pays to learn whether the device is targeted: a group
 * of 1,000 devices in its store on disk, a two-stage rollout with half the devices reported. Each device's targeting
 * in turn (a check round, the judgement kept between changes), and the judgement a further report asks for, beside
 * the raw cost measured in the same run: one full judgement, which every targeting and report paid before judgements
 * were kept (the group's devices and the deployment's reports read, every device placed).
 */
public final class RolloutTargeting {
    /**
     * @param targetingMillis median per device over a check round
     * @param reportMillis    median of the judgement a report asks for (its store write not counted)
     * @param judgementMillis median of one full judgement
     */
    public record Result(int devices, int reports, double targetingMillis, double reportMillis, double judgementMillis) {
    }

    /** Full judgements timed per round. */
    private static final int JUDGEMENTS = 20;

    private RolloutTargeting() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println(measure(1000, 5));
    }

    public static Result measure(int devices, int rounds) throws Exception {
        Path dir = Files.createTempDirectory("sphaera-rollout-bench");
        Instant t0 = Instant.parse("2026-11-26T12:00:00Z");
        try (ServiceStore store = ServiceStore.open(dir, () -> t0, new SplittableRandom(1))) {
            UUID tenant = store.createTenant("Bench").id();
            var product = store.createProduct(tenant, "Sensor", "", true);
            DeviceGroup group = store.deviceGroups(tenant, product.id(), PageRequest.first(10)).items().stream()
                    .filter(g -> g.name().equals("Field Test")).findFirst().orElseThrow();
            SplittableRandom random = new SplittableRandom(2);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < devices; i++) {
                byte[] key = new byte[64];
                random.nextBytes(key);
                String id = HexFormat.of().formatHex(key);
                ids.add(id);
                store.claimDevice(tenant, id);
                store.moveDevice(tenant, id, group.id());
            }
            byte[] image = new byte[1024];
            random.nextBytes(image);
            UUID imageId = new UUID(1, 1);
            store.addImage(tenant, new ImageRecord(imageId, new UUID(2, 2), 10, "app", "1.0", 0, ImageRecord.hex(Sha256.of(image)),
                    image.length), image);
            Deployment d = store.createDeployment(tenant, group.id(), List.of(imageId),
                    new RolloutPlan(List.of(new BigDecimal("0.6"), BigDecimal.ONE), new BigDecimal("0.5")));
            Rollouts rollouts = new Rollouts(store);
            int reports = 0;
            for (String id : ids) {
                if (reports < devices / 2 && rollouts.targeted(tenant, group.id(), id, Optional.empty()).isPresent()) {
                    store.recordUpdateReport(id, new UpdateReport(1, Optional.of(d.id()), UpdateOutcome.INSTALLED, "", List.of()));
                    reports++;
                }
            }
            double[] targeting = new double[rounds];
            double[] judgement = new double[rounds];
            double[] afterReport = new double[rounds];
            var reported = store.deploymentOutcomes(tenant, d.id()).keySet();
            List<String> silent = ids.stream().filter(id -> rollouts.targeted(tenant, group.id(), id, Optional.empty()).isPresent())
                    .filter(id -> !reported.contains(id)).toList();
            for (int round = 0; round < rounds + 2; round++) { // two untimed rounds first
                long start = System.nanoTime(); // seam: host time is what a benchmark measures
                for (String id : ids) {
                    rollouts.targeted(tenant, group.id(), id, Optional.empty());
                }
                double perDevice = (System.nanoTime() - start) / 1e6 / devices;
                Rollout r = store.rollout(tenant, d.id()).orElseThrow();
                start = System.nanoTime();
                for (int i = 0; i < JUDGEMENTS; i++) {
                    RolloutProgress full = RolloutProgress.of(r, store.groupDevices(tenant, group.id()),
                            store.deploymentOutcomes(tenant, d.id()));
                    if (full.devices() != devices) {
                        throw new IllegalStateException("the judgement saw " + full.devices() + " devices");
                    }
                }
                double once = (System.nanoTime() - start) / 1e6 / JUDGEMENTS;
                // A device reports (stored first, untimed), then the rollout is judged as the report endpoint does.
                String reporter = silent.get(round);
                store.recordUpdateReport(reporter, new UpdateReport(1, Optional.of(d.id()), UpdateOutcome.INSTALLED, "", List.of()));
                start = System.nanoTime();
                rollouts.progress(tenant, d.id()).orElseThrow();
                double judged = (System.nanoTime() - start) / 1e6;
                if (round >= 2) {
                    targeting[round - 2] = perDevice;
                    judgement[round - 2] = once;
                    afterReport[round - 2] = judged;
                }
            }
            Arrays.sort(targeting);
            Arrays.sort(judgement);
            Arrays.sort(afterReport);
            return new Result(devices, reports, targeting[rounds / 2], afterReport[rounds / 2], judgement[rounds / 2]);
        }
    }
}
