package io.sphaera.service.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.sphaera.firmware.image.ImageVersion;
import io.sphaera.service.store.InstalledImage;
import io.sphaera.service.store.ReceivedUpdateReport;
import io.sphaera.service.store.StoreException;
import io.sphaera.service.store.UpdateOutcome;
import io.sphaera.service.store.UpdateReport;
import io.sphaera.service.update.DeviceUpdates;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Update reports: after acting on an update manifest a device says, over mutual TLS, how it went and which images it
 * holds. The report is parsed strictly (machine-written, so anything unexpected is a fault worth naming), kept
 * durably before it is acknowledged, and shown to the device's tenant.
 */
final class UpdateReports {
    static final String UPLOAD = "/v1/device/update-report";
    private static final Set<String> REPORT = Set.of("ManifestVersion", "Deployment", "Outcome", "Detail", "InstalledImages");
    private static final Set<String> IMAGE = Set.of("ImageId", "ComponentId", "Version");
    private static final Pattern GUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private UpdateReports() {
    }

    /**
     * POST /v1/device/update-report {"ManifestVersion", "Deployment" (GUID, null or absent), "Outcome", "Detail",
     * "InstalledImages": [{"ImageId", "ComponentId", "Version"}]}: {"Accepted": true} once kept.
     */
    static JsonNode upload(ApiRequest request, DeviceUpdates updates) throws ApiException {
        String device = request.device().orElseThrow(() -> new ApiException(HttpResponseStatus.UNAUTHORIZED, "Unauthorized",
                "an update report needs the device certificate attestation gave, presented in the TLS handshake"));
        UpdateReport report = parse(request.body());
        try {
            updates.report(device, report);
        } catch (StoreException e) {
            throw ApiException.of(e);
        }
        return ServiceHandler.JSON.createObjectNode().put("Accepted", true);
    }

    static UpdateReport parse(JsonNode body) throws ApiException {
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("an update report is a JSON object");
        }
        fields(body, REPORT, "");
        JsonNode version = body.get("ManifestVersion");
        if (version == null || !version.isIntegralNumber() || !version.canConvertToLong() || version.asLong() < 1) {
            throw ApiException.badRequest("ManifestVersion must be a whole number of 1 or more");
        }
        JsonNode deploymentNode = body.get("Deployment");
        Optional<UUID> deployment = deploymentNode == null || deploymentNode.isNull()
                ? Optional.empty() : Optional.of(guid(deploymentNode, "Deployment"));
        JsonNode outcomeNode = body.get("Outcome");
        UpdateOutcome outcome = Optional.ofNullable(outcomeNode).filter(JsonNode::isTextual)
                .flatMap(o -> UpdateOutcome.fromName(o.asText()))
                .orElseThrow(() -> ApiException.badRequest("Outcome must be Installed, RolledBack or Failed"));
        JsonNode detail = body.get("Detail");
        if (detail == null || !detail.isTextual() || detail.asText().length() > UpdateReport.MAX_DETAIL_LENGTH) {
            throw ApiException.badRequest("Detail must be a string of at most " + UpdateReport.MAX_DETAIL_LENGTH + " characters");
        }
        JsonNode images = body.get("InstalledImages");
        if (images == null || !images.isArray() || images.size() > UpdateReport.MAX_INSTALLED_IMAGES) {
            throw ApiException.badRequest("InstalledImages must be an array of at most " + UpdateReport.MAX_INSTALLED_IMAGES + " images");
        }
        List<InstalledImage> installed = new ArrayList<>(images.size());
        Set<UUID> seen = new HashSet<>();
        for (int i = 0; i < images.size(); i++) {
            String where = "InstalledImages[" + i + "]";
            JsonNode image = images.get(i);
            if (!image.isObject()) {
                throw ApiException.badRequest(where + " must be an object");
            }
            fields(image, IMAGE, where + ".");
            UUID imageId = guid(image.get("ImageId"), where + ".ImageId");
            if (!seen.add(imageId)) {
                throw ApiException.badRequest(where + ".ImageId: image " + imageId + " is listed twice");
            }
            UUID componentId = guid(image.get("ComponentId"), where + ".ComponentId");
            JsonNode v = image.get("Version");
            if (v == null || !v.isTextual() || !ImageVersion.isValid(v.asText())) {
                throw ApiException.badRequest(where + ".Version must be one to four dot-separated numbers, e.g. 1.0.0");
            }
            installed.add(new InstalledImage(imageId, componentId, v.asText()));
        }
        return new UpdateReport(version.asLong(), deployment, outcome, detail.asText(), installed);
    }

    private static void fields(JsonNode node, Set<String> allowed, String prefix) throws ApiException {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw ApiException.badRequest(prefix + name + " is not a field of an update report");
            }
        }
    }

    private static UUID guid(JsonNode node, String field) throws ApiException {
        if (node == null || !node.isTextual() || !GUID.matcher(node.asText()).matches()) {
            throw ApiException.badRequest(field + " must be a GUID");
        }
        return UUID.fromString(node.asText());
    }

    static ObjectNode document(ReceivedUpdateReport r) {
        UpdateReport report = r.report();
        ObjectNode out = ServiceHandler.JSON.createObjectNode().put("Outcome", report.outcome().platformName())
                .put("Detail", report.detail()).put("ManifestVersion", report.manifestVersion())
                .put("Deployment", report.deployment().map(UUID::toString).orElse(null)).put("Reported", r.received().toString());
        ArrayNode images = out.putArray("InstalledImages");
        for (InstalledImage i : report.installedImages()) {
            images.addObject().put("ImageId", i.imageId().toString()).put("ComponentId", i.componentId().toString())
                    .put("Version", i.version());
        }
        return out;
    }
}
