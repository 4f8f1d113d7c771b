package io.sphaera.service.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sphaera.service.store.Device;
import io.sphaera.service.store.DeploymentTargeting;
import io.sphaera.service.store.ServiceStore;
import io.sphaera.service.update.DeviceUpdates;
import java.util.UUID;

/**
 * What a tenant sees of its devices' updates: a device's deployment status (the deployment its last manifest named,
 * that manifest, its last report), the images it would be targeted with now, and its deployment history.
 */
final class UpdateViews {
    private final ServiceStore store;
    private final DeviceUpdates updates;

    UpdateViews(ServiceStore store, DeviceUpdates updates) {
        this.store = store;
        this.updates = updates;
    }

    /** {"DeviceId", "DeviceGroupId", "TargetedDeployment", "LastManifest", "LastReport"}, each null when there is none. */
    JsonNode deploymentStatus(Device d) {
        ObjectNode out = ServiceHandler.JSON.createObjectNode().put("DeviceId", d.deviceId())
                .put("DeviceGroupId", d.deviceGroupId().map(UUID::toString).orElse(null));
        var last = store.lastManifest(d.deviceId());
        out.set("TargetedDeployment", last.flatMap(m -> m.deployment()).flatMap(id -> store.deployment(d.tenantId(), id))
                .<JsonNode>map(ImagesAndDeployments::deployment).orElse(ServiceHandler.JSON.nullNode()));
        out.set("LastManifest", last.<JsonNode>map(m -> ServiceHandler.JSON.createObjectNode().put("Version", m.version())
                .put("Issued", m.issued().toString()).put("Expires", m.expires().toString())).orElse(ServiceHandler.JSON.nullNode()));
        out.set("LastReport", store.lastUpdateReport(d.deviceId()).<JsonNode>map(UpdateReports::document)
                .orElse(ServiceHandler.JSON.nullNode()));
        return out;
    }

    /** {"Images": [...]}: those of the deployment the device would be targeted with now, in its order. */
    JsonNode targetedImages(Device d) {
        ObjectNode out = ServiceHandler.JSON.createObjectNode();
        ArrayNode images = out.putArray("Images");
        updates.targetedImages(d.deviceId()).forEach(i -> images.add(ImagesAndDeployments.image(i)));
        return out;
    }

    /** One row of a deployment history page. */
    static ObjectNode targeting(DeploymentTargeting t) {
        return ServiceHandler.JSON.createObjectNode().put("DeploymentId", t.deploymentId().toString())
                .put("ManifestVersion", t.manifestVersion()).put("Targeted", t.targeted().toString());
    }
}
