package io.sphaera.service.update;

import io.sphaera.firmware.image.ImageKind;
import io.sphaera.firmware.signing.CertifiedKey;
import io.sphaera.firmware.update.TargetImage;
import io.sphaera.firmware.update.UpdateManifest;
import io.sphaera.firmware.update.UpdateManifestCodec;
import io.sphaera.firmware.update.UpdateManifestException;
import io.sphaera.firmware.update.UpdatePhase;
import io.sphaera.service.store.ConflictException;
import io.sphaera.service.store.Deployment;
import io.sphaera.service.store.Device;
import io.sphaera.service.store.DeviceGroup;
import io.sphaera.service.store.Image;
import io.sphaera.service.store.ImageRecord;
import io.sphaera.service.store.IssuedManifest;
import io.sphaera.service.store.OsFeed;
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
 * The service's side of over-the-air updates for each device: what it is to run — the OS release its group's feed
 * carries and, when the group's policy takes app updates, the deployment its group's rollout gives it — as an update
 * manifest signed by the update CA, which images it may fetch, and what it reports back.
 *
 * <p>Versions: a device's first manifest is version 1. A device that asks again gets the manifest it was last given,
 * byte for byte, while its content (OS release, deployment and images) is unchanged and it has more than half of its
 * lifetime left; otherwise a new one, the last version + 1, issued now and valid for {@link #MANIFEST_LIFETIME}. A
 * device refuses a lower version than the last it acted on, and the same version with other content, so no two
 * manifests of one device may share a version: the store keeps a new one only in place of the one before it (see
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
    private final OsFeeds feeds;
    private final Prerequisites prerequisites;
    private final Rollouts rollouts;
    // One device's requests in turn (an event loop waits at most one signature and commit); other devices rarely share
    // a stripe. Correctness does not rest on these: the store refuses a version that is not the next.
    private final ReentrantLock[] turns = new ReentrantLock[STRIPES];

    /** Without OS releases: every manifest's OS phase is empty. */
    public DeviceUpdates(ServiceStore store, CertifiedKey signer, InstantSource clock) {
        this(store, signer, clock, OsFeeds.none());
    }

    /** @param signer the update CA's key and certificate, which the envelope carries for devices that trust only the root */
    public DeviceUpdates(ServiceStore store, CertifiedKey signer, InstantSource clock, OsFeeds feeds) {
        this(store, signer, clock, feeds, Prerequisites.none());
    }

    /** @param prerequisites what every manifest's prerequisites phase names (the newest trusted key store) */
    public DeviceUpdates(ServiceStore store, CertifiedKey signer, InstantSource clock, OsFeeds feeds, Prerequisites prerequisites) {
        this.prerequisites = prerequisites;
        this.store = store;
        this.signer = signer;
        this.clock = clock;
        this.feeds = feeds;
        this.rollouts = new Rollouts(store);
        for (int i = 0; i < STRIPES; i++) {
            turns[i] = new ReentrantLock();
        }
    }

    /** The groups' staged rollouts, for the admin face. */
    public Rollouts rollouts() {
        return rollouts;
    }

    /** The OS releases and feeds this service serves. */
    public OsFeeds feeds() {
        return feeds;
    }

    /** Where a device is: its tenant and its group, each empty if it has none. */
    private record Placement(Optional<UUID> tenant, Optional<DeviceGroup> group) {
        boolean takesAppUpdates() {
            return group.map(g -> g.updatePolicy() == UpdatePolicy.UPDATE_ALL).orElse(false);
        }
    }

    private Placement placement(String id) {
        Optional<UUID> tenant = store.deviceOwner(id);
        if (tenant.isEmpty()) {
            return new Placement(tenant, Optional.empty());
        }
        Optional<DeviceGroup> group = store.device(tenant.get(), id).flatMap(Device::deviceGroupId)
                .flatMap(g -> store.deviceGroup(tenant.get(), g));
        return new Placement(tenant, group);
    }

    /**
     * The deployment the device is to hold now: when the device is claimed, in a group whose policy takes app updates
     * (UpdateAll) and the group has a deployment, the one the group's rollout gives it ({@link Rollouts#targeted}).
     * Empty means the device leaves its apps as they are.
     */
    public Optional<Deployment> targetedDeployment(String deviceId) {
        String id = Device.canonicalId(deviceId);
        return targetedDeployment(id, placement(id), store.lastManifest(id).flatMap(IssuedManifest::deployment));
    }

    private Optional<Deployment> targetedDeployment(String id, Placement p, Optional<UUID> holding) {
        if (!p.takesAppUpdates()) {
            return Optional.empty();
        }
        return rollouts.targeted(p.tenant().orElseThrow(), p.group().orElseThrow().id(), id, holding);
    }

    /** The images of the deployment the device is targeted with now, in deployment order; none if it is targeted with none. */
    public List<Image> targetedImages(String deviceId) {
        return targetedDeployment(deviceId).map(store::deploymentImages).orElse(List.of());
    }

    /**
     * The OS release the device is to run now: the one its group's feed carries (Retail for a device unclaimed or in
     * no group); none in a group whose policy is NoUpdates, or before the feed has any.
     */
    public Optional<OsRelease> targetedRelease(String deviceId) {
        return targetedRelease(placement(Device.canonicalId(deviceId)), clock.instant());
    }

    private Optional<OsRelease> targetedRelease(Placement p, Instant now) {
        if (p.group().map(g -> g.updatePolicy() == UpdatePolicy.NO_UPDATES).orElse(false)) {
            return Optional.empty();
        }
        return feeds.release(p.group().map(DeviceGroup::osFeed).orElse(OsFeed.RETAIL), now);
    }

    /**
     * What the device's manifest is to say now: the OS phase (its release, in boot order), the apps phase (its
     * deployment's images, in order). The prerequisites phase stays empty.
     *
     * @throws ConflictException if the OS release and the deployment name more images than a manifest holds (only a
     *                           store from before deployments were limited to fewer can hold such a deployment)
     */
    public ManifestContent content(String deviceId) {
        String id = Device.canonicalId(deviceId);
        return content(id, store.lastManifest(id), clock.instant());
    }

    private ManifestContent content(String id, Optional<IssuedManifest> last, Instant now) {
        Placement p = placement(id);
        List<TargetImage> os = targetedRelease(p, now).map(OsRelease::targets).orElse(List.of());
        List<TargetImage> first = prerequisites.targets();
        Optional<Deployment> deployment = targetedDeployment(id, p, last.flatMap(IssuedManifest::deployment));
        List<Image> images = deployment.map(store::deploymentImages).orElse(List.of());
        if (first.size() + os.size() + images.size() > UpdateManifest.MAX_IMAGES) {
            throw new ConflictException("deployment", "deployment " + deployment.get().id() + " names " + images.size()
                    + " images, which with the OS release's " + os.size() + " are more than the " + UpdateManifest.MAX_IMAGES
                    + " a manifest holds");
        }
        List<TargetImage> apps = new ArrayList<>(images.size());
        for (Image i : images) {
            apps.add(target(i.record()));
        }
        return new ManifestContent(deployment.map(Deployment::id), Map.of(UpdatePhase.PREREQUISITES, first, UpdatePhase.OS, os,
                UpdatePhase.APPS, apps));
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
                Instant now = clock.instant();
                ManifestContent content = content(id, last, now);
                String sha256 = content.sha256();
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

    /**
     * A system image the device may fetch: one of the OS release its last manifest named (which it may still be
     * fetching, in ranges over several checks, when its feed moves on) or of the one it is to run now.
     */
    public Optional<OsRelease.SystemImage> systemImage(String deviceId, UUID imageId) {
        Optional<OsRelease.SystemImage> prerequisite = prerequisites.image(imageId);
        if (prerequisite.isPresent()) {
            return prerequisite; // every device's manifest names it
        }
        Optional<OsRelease.SystemImage> image = feeds.image(imageId);
        if (image.isEmpty()) {
            return image;
        }
        String id = Device.canonicalId(deviceId);
        Optional<IssuedManifest> last = store.lastManifest(id);
        if (last.isPresent() && named(last.get(), image.get().target())) {
            return image;
        }
        boolean current = targetedRelease(placement(id), clock.instant()).map(r -> r.targets().contains(image.get().target()))
                .orElse(false);
        return current ? image : Optional.empty();
    }

    /** Whether the manifest's OS phase names this very image (ID and bytes). */
    private static boolean named(IssuedManifest m, TargetImage image) {
        try {
            UpdateManifest kept = UpdateManifestCodec.manifest(UpdateManifestCodec.envelope(m.envelope()).payload());
            return kept.images(UpdatePhase.OS).contains(image);
        } catch (UpdateManifestException e) {
            throw new StoreException("the store holds an unreadable manifest for " + m.deviceId().substring(0, 16) + "...", e);
        }
    }

    /**
     * An image of the device's tenant the device may fetch: one of the deployment its last manifest named (which it may
     * still be fetching when a newer deployment is made) or of the one it is targeted with now. An image ID names the
     * device's own tenant's image, whatever another tenant holds under it.
     */
    public Optional<ImageRecord> deployedImage(String deviceId, UUID imageId) {
        String id = Device.canonicalId(deviceId);
        Optional<UUID> tenant = store.deviceOwner(id);
        if (tenant.isEmpty()) {
            return Optional.empty();
        }
        Optional<UUID> holding = store.lastManifest(id).flatMap(IssuedManifest::deployment);
        boolean named = holding.flatMap(d -> store.deployment(tenant.get(), d)).map(d -> d.imageIds().contains(imageId)).orElse(false)
                || targetedDeployment(id, placement(id), holding).map(d -> d.imageIds().contains(imageId)).orElse(false);
        return named ? store.image(tenant.get(), imageId).map(Image::record) : Optional.empty();
    }

    /**
     * Keeps a device's report of how it acted on a manifest, durable when this returns, then judges the rollout of the
     * deployment it names (its group's, in the device's tenant): the report may complete a stage or pause it.
     */
    public ReceivedUpdateReport report(String deviceId, UpdateReport report) {
        ReceivedUpdateReport kept = store.recordUpdateReport(deviceId, report);
        Optional<UUID> tenant = report.deployment().isPresent() ? store.deviceOwner(kept.deviceId()) : Optional.empty();
        if (tenant.isPresent()) {
            try {
                rollouts.settle(tenant.get(), report.deployment().get());
            } catch (ConflictException e) {
                // The report is kept; the rollout moved under us each time, and the next report, manifest or view judges it again.
            }
        }
        return kept;
    }
}
