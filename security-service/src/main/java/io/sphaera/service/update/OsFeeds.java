package io.sphaera.service.update;

import io.sphaera.firmware.image.ImagePackageFormatException;
import io.sphaera.service.store.OsFeed;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The OS releases the service offers, and which one each feed carries at a time: RetailEval gets a release when it
 * is published, Retail {@link #RETAIL_DELAY} later (the platform's "RetailEval gets each OS two weeks before Retail"),
 * and a feed carries the newest release (by the OS image's version) it has got by then.
 */
public final class OsFeeds {
    public static final Duration RETAIL_DELAY = Duration.ofDays(14);
    // Newest first: the version, then the later publication, then the name, so the choice never depends on map order.
    private static final Comparator<OsRelease> NEWEST_FIRST = Comparator.comparing(OsRelease::version)
            .thenComparing(OsRelease::published).thenComparing(OsRelease::name).reversed();

    private final List<OsRelease> releases;
    private final Map<UUID, OsRelease.SystemImage> images;

    private OsFeeds(List<OsRelease> releases, Map<UUID, OsRelease.SystemImage> images) {
        this.releases = releases.stream().sorted(NEWEST_FIRST).toList();
        this.images = Map.copyOf(images);
    }

    /** No releases: every manifest's OS phase is empty. */
    public static OsFeeds none() {
        return new OsFeeds(List.of(), Map.of());
    }

    /**
     * The feeds of these releases (name -> system images, as the service's configuration holds them).
     *
     * @throws ImagePackageFormatException if a release is malformed, or two releases hold different images of one ID
     */
    public static OsFeeds of(Map<String, List<byte[]>> releases) throws ImagePackageFormatException {
        Map<UUID, OsRelease.SystemImage> images = new HashMap<>();
        List<OsRelease> all = new java.util.ArrayList<>();
        for (Map.Entry<String, List<byte[]>> e : releases.entrySet()) {
            OsRelease r = OsRelease.of(e.getKey(), e.getValue());
            for (OsRelease.SystemImage i : r.images()) {
                OsRelease.SystemImage before = images.putIfAbsent(i.target().imageId(), i);
                if (before != null && !Arrays.equals(before.target().sha256(), i.target().sha256())) {
                    throw new ImagePackageFormatException("two releases hold different images with ID " + i.target().imageId());
                }
            }
            all.add(r);
        }
        return new OsFeeds(all, images);
    }

    /** When a release reaches a feed. */
    public static Instant availableFrom(OsRelease release, OsFeed feed) {
        return feed == OsFeed.RETAIL_EVAL ? release.published() : release.published().plus(RETAIL_DELAY);
    }

    /** The release the feed carries at {@code at}: the newest it has got; empty before it has got any. */
    public Optional<OsRelease> release(OsFeed feed, Instant at) {
        return releases.stream().filter(r -> !availableFrom(r, feed).isAfter(at)).findFirst();
    }

    /** The system image of this ID in any release, to serve to a device whose manifest names it. */
    public Optional<OsRelease.SystemImage> image(UUID imageId) {
        return Optional.ofNullable(images.get(imageId));
    }

    public List<OsRelease> releases() {
        return releases;
    }
}
