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
import io.sphaera.service.store.IssuedManifest;
import io.sphaera.service.store.ServiceStore;
import io.sphaera.service.store.StoreException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Images and deployments. `image add` uploads a package (raw bytes), which the service checks — a well-formed app or
 * board configuration, consistent with its manifest — and production-signs with the key devices trust for customer
 * images, keeping every other field as uploaded. A deployment is an immutable list of a tenant's images for one
 * device group; the newest is the group's current one. A device, over mutual TLS, asks for its group's deployment.
 */
final class ImagesAndDeployments {
    private final ServiceStore store;
    private final SigningKey productionKey;

    ImagesAndDeployments(ServiceStore store, SigningKey productionKey) {
        this.store = store;
        this.productionKey = productionKey;
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
        return deployment(store.createDeployment(tenant, group, images));
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
     * GET /v1/device/images/{id}: the bytes of an image deployed to the calling device (see {@link #deployedImage}) —
     * so a device fetches only what its own tenant deployed to it, and an image ID another tenant holds too means
     * its own tenant's image (IDs are per tenant) — whole, or the part a "Range: bytes=a-b" asks for
     * (206 with Content-Range), so an interrupted download resumes where it stopped.
     */
    BinaryReply download(String deviceId, UUID imageId, String range) throws ApiException {
        ImageRecord image;
        try {
            image = deployedImage(deviceId, imageId);
        } catch (StoreException e) {
            throw ApiException.of(e);
        }
        long size = image.size();
        String sha = image.sha256();
        if (range == null) {
            return new BinaryReply(200, store.readImageRange(sha, 0, (int) size), java.util.Map.of("Accept-Ranges", "bytes"));
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
        return new BinaryReply(206, store.readImageRange(sha, from, (int) (to - from + 1)),
                java.util.Map.of("Accept-Ranges", "bytes", "Content-Range", "bytes " + from + "-" + to + "/" + size));
    }

    /**
     * An image the device may fetch: one of its group's current deployment (what GET /v1/device/deployment shows), or
     * of the deployment its last update manifest named, which it may still be fetching, in ranges over several
     * checks, when a newer deployment is made.
     */
    private ImageRecord deployedImage(String deviceId, UUID imageId) throws ApiException {
        UUID tenant = store.deviceOwner(deviceId).orElseThrow(() -> new ApiException(HttpResponseStatus.NOT_FOUND, "NotFound",
                "the device is not claimed by any tenant"));
        List<Deployment> deployments = new ArrayList<>(2);
        store.device(tenant, deviceId).flatMap(Device::deviceGroupId).flatMap(g -> store.currentDeployment(tenant, g))
                .ifPresent(deployments::add);
        store.lastManifest(deviceId).flatMap(IssuedManifest::deployment).flatMap(id -> store.deployment(tenant, id))
                .ifPresent(deployments::add);
        for (Deployment d : deployments) {
            if (d.imageIds().contains(imageId)) {
                return store.image(tenant, imageId).orElseThrow().record();
            }
        }
        throw new ApiException(HttpResponseStatus.NOT_FOUND, "NotFound", "image " + imageId + " is not in this device's deployment");
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
}
