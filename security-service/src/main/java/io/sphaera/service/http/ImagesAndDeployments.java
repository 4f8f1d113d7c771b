package io.sphaera.service.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.sphaera.firmware.image.ApplicationPackage;
import io.sphaera.firmware.image.ImageKind;
import io.sphaera.firmware.image.ImageMetadata;
import io.sphaera.firmware.image.ImagePackage;
import io.sphaera.firmware.image.ImagePackageBuilder;
import io.sphaera.firmware.image.ImagePackageFormatException;
import io.sphaera.firmware.signing.Sha256;
import io.sphaera.firmware.signing.SigningKey;
import io.sphaera.service.store.Deployment;
import io.sphaera.service.store.Device;
import io.sphaera.service.store.Image;
import io.sphaera.service.store.ImageRecord;
import io.sphaera.service.store.Rollout;
import io.sphaera.service.store.RolloutPlan;
import io.sphaera.service.store.ServiceStore;
import io.sphaera.service.store.StoreException;
import io.sphaera.service.update.DeviceUpdates;
import io.sphaera.service.update.OsRelease;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Images and deployments. `image add` uploads a package (raw bytes), which the service checks — a well-formed app or
 * board configuration, consistent with its manifest — and production-signs with the key devices trust for customer
 * images, keeping every other field as uploaded. A deployment is an immutable list of a tenant's images for one
 * device group, rolled out in stages; the newest is the group's current one. A device, over mutual TLS, asks for its
 * group's deployment, and fetches the images its update manifest names.
 */
final class ImagesAndDeployments {
    /** Reads part of an image's bytes: up to {@code length} from {@code offset}. */
    @FunctionalInterface
    private interface ImageBytes {
        byte[] read(long offset, int length);
    }

    /** An image a device may fetch: its length, and where its bytes come from (the store's blobs, or an OS release). */
    private record Served(long size, ImageBytes bytes) {
    }

    private final ServiceStore store;
    private final SigningKey productionKey;
    private final DeviceUpdates updates;

    ImagesAndDeployments(ServiceStore store, SigningKey productionKey, DeviceUpdates updates) {
        this.store = store;
        this.productionKey = productionKey;
        this.updates = updates;
    }

    JsonNode add(UUID tenant, byte[] uploaded) throws ApiException {
        if (productionKey == null) {
            throw new ApiException(HttpResponseStatus.SERVICE_UNAVAILABLE, "NoProductionKey", "this service has no production signing key");
        }
        ImagePackage image;
        try {
            image = ImagePackage.parse(uploaded.clone());
            ImageKind kind = image.metadata().kind();
            if (kind == ImageKind.APPLICATIONS) {
                ApplicationPackage.of(image);
            } else if (kind != ImageKind.CUSTOMER_BOARD_CONFIG) {
                throw ApiException.badRequest("only applications and board configurations are uploaded; this is " + kind.platformName());
            }
        } catch (ImagePackageFormatException e) {
            throw ApiException.badRequest("the image package is invalid: " + e.getMessage());
        }
        byte[] signed = ImagePackageBuilder.from(image).sign(productionKey);
        ImageMetadata m = image.metadata();
        ImageRecord record = new ImageRecord(m.imageId(), m.componentId(), m.kind().code(), m.buildName(), m.version().text(),
                m.securityVersion(), ImageRecord.hex(Sha256.of(signed)), signed.length);
        return image(store.addImage(tenant, record, signed));
    }

    /**
     * POST .../devicegroups/{g}/deployments {"ImageIds": [...], "Stages": [fractions] (optional), "FailureThreshold":
     * fraction (optional)}: the deployment with its rollout, which starts at its first stage.
     */
    JsonNode createDeployment(UUID tenant, UUID group, JsonNode body) throws ApiException {
        JsonNode ids = body == null ? null : body.get("ImageIds");
        if (ids == null || !ids.isArray()) {
            throw ApiException.badRequest("the body needs an array ImageIds");
        }
        List<UUID> images = new ArrayList<>();
        for (JsonNode id : ids) {
            try {
                images.add(UUID.fromString(id.asText()));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("'" + id.asText() + "' is not an image ID");
            }
        }
        RolloutPlan plan = plan(body);
        Deployment d = store.createDeployment(tenant, group, images, plan);
        return deployment(d, store.rollout(tenant, d.id()).orElseThrow());
    }

    /** The rollout plan a deployment request asks for; the defaults for what it leaves out. */
    static RolloutPlan plan(JsonNode body) throws ApiException {
        List<BigDecimal> stages = RolloutPlan.DEFAULT.stages();
        JsonNode s = body.get("Stages");
        if (s != null && !s.isNull()) {
            if (!s.isArray()) {
                throw ApiException.badRequest("Stages must be an array of fractions of the group, rising to 1.0, e.g. [0.1, 0.5, 1.0]");
            }
            stages = new ArrayList<>();
            for (int i = 0; i < s.size(); i++) {
                stages.add(fraction(s.get(i), "Stages[" + i + "]"));
            }
        }
        BigDecimal threshold = RolloutPlan.DEFAULT.failureThreshold();
        JsonNode t = body.get("FailureThreshold");
        if (t != null && !t.isNull()) {
            threshold = fraction(t, "FailureThreshold");
        }
        return new RolloutPlan(stages, threshold); // its own checks name Stages or FailureThreshold
    }

    private static BigDecimal fraction(JsonNode n, String field) throws ApiException {
        if (!n.isNumber()) {
            throw ApiException.badRequest(field + " must be a number from 0 to 1");
        }
        try {
            return n.decimalValue();
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(field + " must be a number from 0 to 1"); // 1e400: an infinite double
        }
    }

    /** The deployment of the group a device (proved by its certificate) is in. */
    JsonNode deviceDeployment(String deviceId) throws ApiException {
        UUID tenant = store.deviceOwner(deviceId).orElseThrow(() -> new ApiException(HttpResponseStatus.NOT_FOUND, "NotFound",
                "the device is not claimed by any tenant"));
        Device device = store.device(tenant, deviceId).orElseThrow();
        UUID group = device.deviceGroupId().orElseThrow(() -> new ApiException(HttpResponseStatus.NOT_FOUND, "NotFound",
                "the device is in no device group"));
        Deployment d = store.currentDeployment(tenant, group).orElseThrow(() -> new ApiException(HttpResponseStatus.NOT_FOUND,
                "NotFound", "the device's group has no deployment"));
        ObjectNode out = deployment(d);
        ArrayNode images = out.putArray("Images");
        for (UUID id : d.imageIds()) {
            store.image(tenant, id).ifPresent(i -> images.add(image(i)));
        }
        return out;
    }

    /**
     * GET /v1/device/images/{id}: the bytes of an image the calling device's update manifest names — a system image
     * of its OS release ({@link DeviceUpdates#systemImage}) or an image of its deployment
     * ({@link DeviceUpdates#deployedImage}), so a device fetches only what was meant for it, and an image ID another
     * tenant holds too means its own tenant's image (IDs are per tenant) — whole, or the part a "Range: bytes=a-b"
     * asks for (206 with Content-Range), so an interrupted download resumes where it stopped.
     */
    BinaryReply download(String deviceId, UUID imageId, String range) throws ApiException {
        Served image;
        try {
            image = served(deviceId, imageId);
        } catch (StoreException e) {
            throw ApiException.of(e);
        }
        long size = image.size();
        if (range == null) {
            return new BinaryReply(200, image.bytes().read(0, (int) size), java.util.Map.of("Accept-Ranges", "bytes"));
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("bytes=(\\d{1,10})-(\\d{0,10})").matcher(range.trim());
        if (!m.matches()) {
            throw new ApiException(HttpResponseStatus.REQUESTED_RANGE_NOT_SATISFIABLE, "BadRange", "only one 'bytes=a-b' range is served");
        }
        long from = Long.parseLong(m.group(1));
        long to = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
        if (from >= size || to < from) {
            throw new ApiException(HttpResponseStatus.REQUESTED_RANGE_NOT_SATISFIABLE, "BadRange", "range " + range + " is outside 0.." + (size - 1));
        }
        return new BinaryReply(206, image.bytes().read(from, (int) (to - from + 1)),
                java.util.Map.of("Accept-Ranges", "bytes", "Content-Range", "bytes " + from + "-" + to + "/" + size));
    }

    private Served served(String deviceId, UUID imageId) throws ApiException {
        Optional<OsRelease.SystemImage> system = updates.systemImage(deviceId, imageId);
        if (system.isPresent()) {
            return new Served(system.get().target().length(), system.get()::read);
        }
        ImageRecord r = updates.deployedImage(deviceId, imageId).orElseThrow(() -> new ApiException(HttpResponseStatus.NOT_FOUND,
                "NotFound", "image " + imageId + " is not in this device's update manifest"));
        String sha = r.sha256();
        return new Served(r.size(), (offset, length) -> store.readImageRange(sha, offset, length));
    }

    static ObjectNode image(Image i) {
        ImageRecord r = i.record();
        return ServiceHandler.JSON.createObjectNode().put("Id", r.imageId().toString()).put("ComponentId", r.componentId().toString())
                .put("Type", r.kindCode()).put("TypeName", ImageKind.fromCode(r.kindCode()).map(ImageKind::platformName).orElse("?"))
                .put("Name", r.name()).put("Version", r.version()).put("SecurityVersion", r.securityVersion())
                .put("Sha256", r.sha256()).put("Size", r.size()).put("Added", i.added().toString());
    }

    static ObjectNode deployment(Deployment d) {
        ObjectNode out = ServiceHandler.JSON.createObjectNode().put("Id", d.id().toString())
                .put("DeviceGroupId", d.deviceGroupId().toString()).put("Created", d.created().toString());
        ArrayNode ids = out.putArray("ImageIds");
        d.imageIds().forEach(id -> ids.add(id.toString()));
        return out;
    }

    /** A deployment with its rollout's state and plan, as the deployments list and a new deployment show it. */
    static ObjectNode deployment(Deployment d, Rollout r) {
        ObjectNode out = deployment(d).put("State", r.state().platformName()).put("FailureThreshold", r.plan().failureThreshold());
        ArrayNode stages = out.putArray("Stages");
        r.plan().stages().forEach(stages::add);
        return out;
    }
}
