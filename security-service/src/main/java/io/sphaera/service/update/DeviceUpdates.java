package io.sphaera.service.update;

import io.sphaera.firmware.image.ImageKind;
import io.sphaera.firmware.signing.CertifiedKey;
import io.sphaera.firmware.update.TargetImage;
import io.sphaera.firmware.update.UpdateManifest;
import io.sphaera.firmware.update.UpdateManifestCodec;
import io.sphaera.firmware.update.UpdatePhase;
import io.sphaera.service.store.ConflictException;
import io.sphaera.service.store.Deployment;
import io.sphaera.service.store.Device;
import io.sphaera.service.store.DeviceGroup;
import io.sphaera.service.store.Image;
import io.sphaera.service.store.ImageRecord;
import io.sphaera.service.store.IssuedManifest;
import io.sphaera.service.store.ReceivedUpdateReport;
import io.sphaera.service.store.ServiceStore;
import io.sphaera.service.store.StoreException;
import io.sphaera.service.store.UpdatePolicy;
import io.sphaera.service.store.UpdateReport;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The service's side of over-the-air updates for each device: what it is to run (its group's current deployment,
 * when the group's policy takes app updates), as an update manifest signed by the update CA, and what it reports
 * back.
 *
 * <p>Versions: a device's first manifest is version 1. A device that asks again gets the manifest it was last given,
 * byte for byte, while its content (deployment and images) is unchanged and it has more than half of its lifetime
 * left; otherwise a new one, the last version + 1, issued now and valid for {@link #MANIFEST_LIFETIME}. A device
 * refuses a lower version than the last it acted on, and the same version with other content, so no two manifests of
 * one device may share a version: the store keeps a new one only in place of the one before it (see
 * {@link ServiceStore#recordManifest}), and requests of one device take their turns here so that they do not sign in
 * vain.
 */
public final class DeviceUpdates {
    /** How long a manifest is valid: a device that cannot reach the service keeps acting on it this long. */
    public static final Duration MANIFEST_LIFETIME = Duration.ofDays(7);
    /** Tries to keep a new manifest before giving up; only another writer of the store could take them all. */
    private static final int ATTEMPTS = 4;
    private static final int STRIPES = 64;

    private final ServiceStore store;
    private final CertifiedKey signer;
    private final InstantSource clock;
    // One device's requests in turn (an event loop waits at most one signature and commit); other devices rarely share
    // a stripe. Correctness does not rest on these: the store refuses a version that is not the next.
    private final ReentrantLock[] turns = new ReentrantLock[STRIPES];

    /** @param signer the update CA's key and certificate, which the envelope carries for devices that trust only the root */
    public DeviceUpdates(ServiceStore store, CertifiedKey signer, InstantSource clock) {
        this.store = store;
        this.signer = signer;
        this.clock = clock;
        for (int i = 0; i < STRIPES; i++) {
            turns[i] = new ReentrantLock();
        }
    }

    /**
     * The deployment the device is to hold now: its group's current one, when the device is claimed, in a group whose
     * policy takes app updates (UpdateAll), and the group has a deployment. Empty means the device leaves its apps
     * as they are. (Where staged rollouts will decide.)
     */
    public Optional<Deployment> targetedDeployment(String deviceId) {
        String id = Device.canonicalId(deviceId);
        Optional<UUID> tenant = store.deviceOwner(id);
        if (tenant.isEmpty()) {
            return Optional.empty();
        }
        Optional<UUID> group = store.device(tenant.get(), id).flatMap(Device::deviceGroupId);
        if (group.isEmpty()) {
            return Optional.empty();
        }
        Optional<DeviceGroup> settings = store.deviceGroup(tenant.get(), group.get());
        if (settings.isEmpty() || settings.get().updatePolicy() != UpdatePolicy.UPDATE_ALL) {
            return Optional.empty();
        }
        return store.currentDeployment(tenant.get(), group.get());
    }

    /** The images of the deployment the device is targeted with now, in deployment order; none if it is targeted with none. */
    public List<Image> targetedImages(String deviceId) {
        return targetedDeployment(deviceId).map(store::deploymentImages).orElse(List.of());
    }

    /**
     * What the device's manifest is to say now. The OS and prerequisite phases are empty until the service serves
     * OS releases.
     *
     * @throws ConflictException if the deployment names more images than a manifest holds (only a store from before
     *                           deployments were limited to that many can hold one)
     */
    public ManifestContent content(String deviceId) {
        Optional<Deployment> deployment = targetedDeployment(deviceId);
        if (deployment.isEmpty()) {
            return ManifestContent.none();
        }
        List<Image> images = store.deploymentImages(deployment.get());
        if (images.size() > UpdateManifest.MAX_IMAGES) {
            throw new ConflictException("deployment", "deployment " + deployment.get().id() + " names " + images.size()
                    + " images, more than the " + UpdateManifest.MAX_IMAGES + " a manifest holds");
        }
        List<TargetImage> apps = new ArrayList<>(images.size());
        for (Image i : images) {
            apps.add(target(i.record()));
        }
        return new ManifestContent(deployment.map(Deployment::id), Map.of(UpdatePhase.APPS, apps));
    }

    private static TargetImage target(ImageRecord r) {
        String kind = ImageKind.fromCode(r.kindCode()).map(ImageKind::platformName)
                .orElseThrow(() -> new StoreException("image " + r.imageId() + " has an unknown kind " + r.kindCode()));
        return new TargetImage(r.imageId(), r.componentId(), kind, r.version(), r.size(), HexFormat.of().parseHex(r.sha256()));
    }

    /**
     * The device's update manifest envelope, signed by the update CA: the one it was last given while that is still
     * good (see the class comment), else a new one, kept before it is returned.
     */
    public byte[] manifest(String deviceId) {
        String id = Device.canonicalId(deviceId);
        ReentrantLock turn = turns[Math.floorMod(id.hashCode(), STRIPES)];
        turn.lock();
        try {
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                Optional<IssuedManifest> last = store.lastManifest(id);
                ManifestContent content = content(id);
                String sha256 = content.sha256();
                Instant now = clock.instant();
                if (last.isPresent() && last.get().contentSha256().equals(sha256) && moreThanHalfLeft(last.get(), now)) {
                    return last.get().envelope();
                }
                long version = last.map(m -> m.version() + 1).orElse(1L);
                Instant issued = now.truncatedTo(ChronoUnit.SECONDS);
                Instant expires = issued.plus(MANIFEST_LIFETIME);
                byte[] envelope = UpdateManifestCodec.sign(content.manifest(id, version, issued, expires), signer);
                if (store.recordManifest(new IssuedManifest(id, version, sha256, content.deployment(), envelope, issued, expires))) {
                    return envelope;
                }
            }
        } finally {
            turn.unlock();
        }
        throw new ConflictException("version", "the device's manifest changed " + ATTEMPTS + " times while one was made");
    }

    private static boolean moreThanHalfLeft(IssuedManifest m, Instant now) {
        Duration lifetime = Duration.between(m.issued(), m.expires());
        return Duration.between(now, m.expires()).compareTo(lifetime.dividedBy(2)) > 0;
    }

    /** Keeps a device's report of how it acted on a manifest; durable when this returns. */
    public ReceivedUpdateReport report(String deviceId, UpdateReport report) {
        return store.recordUpdateReport(deviceId, report);
    }
}
