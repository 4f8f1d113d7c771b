package io.sphaera.service.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.sphaera.service.store.Deployment;
import io.sphaera.service.store.Rollout;
import io.sphaera.service.store.ServiceStore;
import io.sphaera.service.update.RolloutProgress;
import io.sphaera.service.update.Rollouts;
import java.util.UUID;

/**
 * What a tenant sees of a deployment's staged rollout, and the one thing it does to one: resume it after it paused.
 * Looking at a rollout in progress brings it up to date first (the group's devices may have changed since the last
 * report or manifest judged it).
 */
final class RolloutViews {
    private final ServiceStore store;
    private final Rollouts rollouts;

    RolloutViews(ServiceStore store, Rollouts rollouts) {
        this.store = store;
        this.rollouts = rollouts;
    }

    /** GET .../devicegroups/{g}/deployments/{d}/rollout. */
    JsonNode rollout(UUID tenant, UUID group, UUID deployment) throws ApiException {
        RolloutProgress p = rollouts.progress(tenant, deployment).filter(x -> x.rollout().deviceGroupId().equals(group))
                .orElseThrow(() -> new ApiException(HttpResponseStatus.NOT_FOUND, "NotFound",
                        "no deployment " + deployment + " in device group " + group));
        return document(p);
    }

    /** POST .../devicegroups/{g}/deployments/{d}/rollout/resume: the rollout, in progress again (409 if it was not paused). */
    JsonNode resume(UUID tenant, UUID group, UUID deployment) {
        return document(rollouts.resume(tenant, group, deployment));
    }

    /** A deployment as the deployments list shows it: with its rollout's state, up to date when it is in progress. */
    ObjectNode listed(UUID tenant, Deployment d) {
        Rollout r = store.rollout(tenant, d.id()).orElseThrow();
        if (r.inProgress()) {
            r = rollouts.settle(tenant, d.id()).map(RolloutProgress::rollout).orElseGet(() -> store.rollout(tenant, d.id()).orElseThrow());
        }
        return ImagesAndDeployments.deployment(d, r);
    }

    /**
     * {"DeploymentId", "DeviceGroupId", "State", "FailureThreshold", "Devices", "ReachedStages", "Changed", "Stages":
     * [{"Stage", "Fraction", "Devices", "Installed", "Failed", "State"}], "PausedReason" (only when there is one)}.
     */
    static ObjectNode document(RolloutProgress p) {
        Rollout r = p.rollout();
        ObjectNode out = ServiceHandler.JSON.createObjectNode().put("DeploymentId", r.deploymentId().toString())
                .put("DeviceGroupId", r.deviceGroupId().toString()).put("State", r.state().platformName())
                .put("FailureThreshold", r.plan().failureThreshold()).put("Devices", p.devices())
                .put("ReachedStages", r.reachedStages()).put("Changed", r.changed().toString());
        ArrayNode stages = out.putArray("Stages");
        for (RolloutProgress.Stage s : p.stages()) {
            stages.addObject().put("Stage", s.number()).put("Fraction", s.fraction()).put("Devices", s.devices())
                    .put("Installed", s.installed()).put("Failed", s.failed()).put("State", s.state());
        }
        r.pausedReason().ifPresent(reason -> out.put("PausedReason", reason));
        return out;
    }
}
