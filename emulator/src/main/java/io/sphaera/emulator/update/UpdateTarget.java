package io.sphaera.emulator.update;

import io.sphaera.firmware.update.UpdatePhase;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What one phase of an update installs: from which manifest and deployment, each image and its slot, and, for the
 * apps phase, the app slots it changes (written or emptied), whose old contents are kept for rollback. For the OS
 * phase an image's slot is the A/B slot (0 or 1) of its boot stage that it is written to.
 *
 * @param key     what identifies the set of images (a SHA-256 over their IDs and hashes): a set that failed is not tried
 *                again, however often a manifest names it
 * @param changed the app slots this update writes or empties
 */
public record UpdateTarget(UpdatePhase phase, String key, long manifestVersion, Optional<UUID> deployment, List<StagedImage> images, List<Integer> changed) {
    public UpdateTarget {
        images = List.copyOf(images);
        changed = List.copyOf(changed);
    }

    UpdateTarget withImage(int index, StagedImage image) {
        List<StagedImage> copy = new java.util.ArrayList<>(images);
        copy.set(index, image);
        return new UpdateTarget(phase, key, manifestVersion, deployment, copy, changed);
    }
}
