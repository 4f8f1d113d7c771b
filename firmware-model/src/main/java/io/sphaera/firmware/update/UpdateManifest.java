package io.sphaera.firmware.update;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What the security service tells one device to run: for each update phase the images, with the manifest's version
 * (rising for each new manifest of the device: a replayed older one is a rollback), when it was issued and when it
 * expires (a device refuses a stale one: indefinite freeze), and the device it is for (mix-and-match, wrong software).
 *
 * @param deviceId   the 128-hex-digit device ID
 * @param deployment the device group's deployment the APPS phase comes from, if any
 */
public record UpdateManifest(String deviceId, long version, Instant issued, Instant expires, Optional<UUID> deployment,
                             Map<UpdatePhase, List<TargetImage>> phases) {
    /** The format's name, in the document's "Type". */
    public static final String TYPE = "sphaera-update-manifest/1";
    /** A manifest names at most this many images in all (a device has a few dozen image slots). */
    public static final int MAX_IMAGES = 64;

    public UpdateManifest {
        if (deviceId == null || !deviceId.matches("[0-9a-f]{128}")) {
            throw new IllegalArgumentException("a device ID is 128 lower-case hex digits");
        }
        if (version < 1) {
            throw new IllegalArgumentException("a manifest's version is 1 or more, not " + version);
        }
        if (!expires.isAfter(issued)) {
            throw new IllegalArgumentException("a manifest expires after it is issued");
        }
        java.util.EnumMap<UpdatePhase, List<TargetImage>> copy = new java.util.EnumMap<>(UpdatePhase.class);
        int images = 0;
        for (UpdatePhase phase : UpdatePhase.values()) {
            List<TargetImage> list = List.copyOf(phases.getOrDefault(phase, List.of()));
            images += list.size();
            copy.put(phase, list);
        }
        if (images > MAX_IMAGES) {
            throw new IllegalArgumentException("a manifest names at most " + MAX_IMAGES + " images, not " + images);
        }
        phases = java.util.Collections.unmodifiableMap(copy);
    }

    public List<TargetImage> images(UpdatePhase phase) {
        return phases.get(phase);
    }
}
