package io.sphaera.service.update;

import io.sphaera.service.store.ConflictException;
import io.sphaera.service.store.Deployment;
import io.sphaera.service.store.Rollout;
import io.sphaera.service.store.RolloutState;
import io.sphaera.service.store.ServiceStore;
import java.util.Optional;
import java.util.UUID;

/**
 * Staged rollouts as the service runs them. A group's newest deployment goes out stage by stage ({@link RolloutStages},
 * {@link RolloutProgress}): a device of a reached stage is targeted with it, and so is a device already given it (it
 * keeps it when the rollout pauses); every other device of the group holds the group's baseline, its newest deployment
 * whose rollout completed. Progress is judged when a device reports on the deployment, when a device of the group
 * asks for its manifest, and when a tenant looks at the rollout, and is kept in the store, so a restart loses nothing.
 */
public final class Rollouts {
    /** Tries to move a rollout on; only evaluations racing on the same reports could take them all. */
    private static final int ATTEMPTS = 4;

    private final ServiceStore store;

    public Rollouts(ServiceStore store) {
        this.store = store;
    }

    /**
     * The deployment a device of the group is to hold now: the group's newest when its rollout is complete, when the
     * device was already given it (its last manifest named it), or when the rollout is in progress and has reached the
     * device's stage; otherwise the group's baseline. Empty: the device keeps the apps it has.
     *
     * @param holding the deployment the device's last manifest named, if any
     */
    public Optional<Deployment> targeted(UUID tenant, UUID group, String deviceId, Optional<UUID> holding) {
        Optional<Deployment> newest = store.currentDeployment(tenant, group);
        if (newest.isEmpty()) {
            return newest;
        }
        UUID id = newest.get().id();
        Optional<Rollout> rollout = store.rollout(tenant, id);
        if (rollout.isEmpty() || rollout.get().state() == RolloutState.COMPLETE || holding.equals(Optional.of(id))) {
            return newest;
        }
        if (rollout.get().inProgress()) {
            Optional<RolloutProgress> p = settle(tenant, id);
            if (p.isPresent() && (p.get().rollout().state() == RolloutState.COMPLETE
                    || p.get().rollout().inProgress() && p.get().reached(deviceId))) {
                return newest;
            }
        }
        return store.baselineDeployment(tenant, group);
    }

    /**
     * The deployment's rollout, brought up to date first when it is in progress, with each stage's devices and
     * reports; empty if the tenant has no such deployment.
     */
    public Optional<RolloutProgress> progress(UUID tenant, UUID deployment) {
        Optional<Rollout> r = store.rollout(tenant, deployment);
        if (r.isEmpty()) {
            return Optional.empty();
        }
        return r.get().inProgress() ? settle(tenant, deployment) : Optional.of(measure(r.get()));
    }

    /**
     * Brings the deployment's rollout up to date with the group's devices and their reports, if it is in progress
     * (paused, complete and superseded rollouts do not move by themselves): its progress, or empty if there is no such
     * deployment or it is not in progress.
     */
    public Optional<RolloutProgress> settle(UUID tenant, UUID deployment) {
        Optional<Rollout> r = store.rollout(tenant, deployment);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            if (r.isEmpty() || !r.get().inProgress()) {
                return Optional.empty();
            }
            RolloutProgress p = measure(r.get());
            Rollout next = p.settled();
            if (next == r.get()) {
                return Optional.of(p);
            }
            Optional<Rollout> kept = store.changeRollout(r.get(), next);
            if (kept.isPresent()) {
                return Optional.of(p.with(kept.get()));
            }
            r = store.rollout(tenant, deployment);
        }
        throw new ConflictException("rollout", "the rollout of deployment " + deployment + " changed " + ATTEMPTS
                + " times while it was judged");
    }

    /**
     * Resumes a paused rollout (the failures that paused it forgiven) and brings it up to date.
     *
     * @throws io.sphaera.service.store.NotFoundException if the group has no such deployment
     * @throws ConflictException                         if its rollout is not paused
     */
    public RolloutProgress resume(UUID tenant, UUID group, UUID deployment) {
        Rollout resumed = store.resumeRollout(tenant, group, deployment);
        return settle(tenant, deployment).orElseGet(() -> measure(store.rollout(tenant, deployment).orElse(resumed)));
    }

    /**
     * The rollout's stages and reports as the store holds them now. A full judgement reads every device of the group
     * and every report on the deployment and places every device (1.4 ms for 1,000 devices), and every manifest request
     * and report of the group asks for one; so the stages are kept until a device joins or leaves a group
     * ({@link ServiceStore#groupChanges}), and only the reports stored since are read.
     */
    private RolloutProgress measure(Rollout r) {
        long groups = store.groupChanges(); // read before what it guards: a change meanwhile moves it on
        Measured m;
        synchronized (measured) {
            m = measured.get(r.deploymentId());
        }
        RolloutProgress p;
        if (m != null && m.groupChanges() == groups && m.progress().rollout().plan().equals(r.plan())) {
            p = m.progress().withLaterReports(store.deploymentOutcomesAfter(r.tenantId(), r.deploymentId(),
                    m.progress().reportsThrough())).with(r); // r itself, so that settle sees an unchanged rollout as unchanged
        } else {
            p = RolloutProgress.of(r, store.groupDevices(r.tenantId(), r.deviceGroupId()),
                    store.deploymentOutcomes(r.tenantId(), r.deploymentId()));
        }
        synchronized (measured) {
            measured.put(r.deploymentId(), new Measured(groups, p));
        }
        return p;
    }

    /** A judgement and what it was made from. */
    private record Measured(long groupChanges, RolloutProgress progress) {
    }

    /** The last judgement of each of the most recently judged rollouts. */
    private final java.util.Map<UUID, Measured> measured = new java.util.LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<UUID, Measured> eldest) {
            return size() > KEPT_JUDGEMENTS;
        }
    };

    /** Rollouts whose last judgement is kept: more than the groups with a rollout under way at once. */
    static final int KEPT_JUDGEMENTS = 256;
}
