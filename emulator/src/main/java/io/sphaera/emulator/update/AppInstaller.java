package io.sphaera.emulator.update;

import io.sphaera.emulator.device.ImageSlot;
import io.sphaera.emulator.device.Mt3620Flash;
import io.sphaera.firmware.image.ImageKind;
import io.sphaera.firmware.image.ImageMetadata;
import io.sphaera.firmware.image.ImagePackage;
import io.sphaera.firmware.image.ImagePackageFormatException;
import io.sphaera.firmware.signing.Sha256;
import io.sphaera.firmware.update.TargetImage;
import io.sphaera.firmware.update.UpdatePhase;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The apps phase on flash: which slot each of a manifest's apps goes to (an app already in a slot stays there, new
 * ones take the slots no kept app holds, apps the manifest does not name are removed), writing the new images from
 * staging, and, on rollback, writing back the apps in force at the last OS update (kept in the rollback slots).
 * Every step can be repeated after a power cut: each rewrites its slots from sources it leaves untouched.
 */
final class AppInstaller {
    private final Mt3620Flash flash;
    private final StagingArea staging;

    AppInstaller(Mt3620Flash flash, StagingArea staging) {
        this.flash = flash;
        this.staging = staging;
    }

    /**
     * What each app slot holds: an image whose metadata reads; empty for an empty or unreadable slot. Not hashed: a
     * caller that needs the bytes to be a manifest's asks {@link #holds(int, TargetImage)} for the slots whose ID matches.
     */
    List<Optional<InstalledApp>> installed() {
        List<Optional<InstalledApp>> apps = new ArrayList<>();
        for (int i = 0; i < Mt3620Flash.APP_SLOTS; i++) {
            ImageSlot slot = flash.appSlot(i);
            Optional<InstalledApp> app = Optional.empty();
            var source = slot.source();
            if (source.isPresent()) {
                try {
                    ImageMetadata m = ImagePackage.parse(source.get()).metadata();
                    app = Optional.of(new InstalledApp(i, m.imageId(), m.componentId(), m.version().text()));
                } catch (ImagePackageFormatException | RuntimeException e) {
                    // torn or foreign bytes: the slot counts as empty, and an update may overwrite it
                }
            }
            apps.add(app);
        }
        return apps;
    }

    /** The slot number a staged board configuration image carries: the board configuration slot, not an app slot. */
    static final int BOARD_SLOT = Mt3620Flash.APP_SLOTS;

    /**
     * Why the device cannot take these apps, or the plan: each app's slot and staging place, the slots it changes, and
     * the board configuration when the deployment names one the device does not hold.
     */
    UpdateTarget plan(String key, long manifestVersion, Optional<UUID> deployment, List<TargetImage> apps, Optional<TargetImage> board)
            throws UpdateRefusal {
        if (apps.size() > Mt3620Flash.APP_SLOTS) {
            throw new UpdateRefusal("the deployment names " + apps.size() + " apps; the device has " + Mt3620Flash.APP_SLOTS + " app slots");
        }
        long capacity = flash.appSlot(0).capacity();
        java.util.Set<UUID> components = new java.util.HashSet<>();
        for (TargetImage t : apps) {
            if (!t.kind().equals(ImageKind.APPLICATIONS.platformName())) {
                throw new UpdateRefusal("image " + t.imageId() + " is a " + t.kind() + " image; this device installs Applications only");
            }
            if (t.length() > capacity) {
                throw new UpdateRefusal("image " + t.imageId() + " of " + t.length() + " bytes does not fit an app slot (" + capacity + ")");
            }
            if (!components.add(t.componentId())) {
                throw new UpdateRefusal("the deployment names component " + t.componentId() + " twice");
            }
        }
        // Only a slot holding the same image ID is hashed: an app is kept in place only if its bytes are the target's.
        List<Optional<InstalledApp>> now = installed();
        int[] slotOf = new int[apps.size()];
        boolean[] taken = new boolean[Mt3620Flash.APP_SLOTS];
        java.util.Arrays.fill(slotOf, -1);
        for (int a = 0; a < apps.size(); a++) {
            TargetImage t = apps.get(a);
            for (int s = 0; s < now.size(); s++) {
                int slot = s;
                if (!taken[s] && now.get(s).map(i -> i.imageId().equals(t.imageId()) && holds(slot, t)).orElse(false)) {
                    slotOf[a] = s;
                    taken[s] = true;
                    break;
                }
            }
        }
        List<StagedImage> images = new ArrayList<>();
        List<Integer> changed = new ArrayList<>();
        long end = 0;
        for (int a = 0; a < apps.size(); a++) {
            TargetImage t = apps.get(a);
            if (slotOf[a] >= 0) {
                images.add(StagedImage.of(t, slotOf[a], true, 0));
                continue;
            }
            int free = 0;
            while (taken[free]) {
                free++;
            }
            taken[free] = true;
            changed.add(free);
            long at = staging.place(end, t.length());
            if (at < 0) {
                throw new UpdateRefusal("the new apps do not fit the " + staging.capacity() + "-byte staging area");
            }
            end = at + t.length();
            images.add(StagedImage.of(t, free, false, at));
        }
        for (int s = 0; s < now.size(); s++) {
            if (!taken[s] && !flash.appSlot(s).isEmpty()) {
                changed.add(s); // an app the deployment no longer names: removed
            }
        }
        if (board.isPresent() && !holdsBoardConfiguration(board.get())) {
            TargetImage b = board.get();
            if (b.length() > flash.boardConfigSlot().capacity()) {
                throw new UpdateRefusal("board configuration " + b.imageId() + " of " + b.length() + " bytes does not fit its slot");
            }
            long at = staging.place(end, b.length());
            if (at < 0) {
                throw new UpdateRefusal("the deployment does not fit the " + staging.capacity() + "-byte staging area");
            }
            images.add(StagedImage.of(b, BOARD_SLOT, false, at));
        }
        return new UpdateTarget(UpdatePhase.APPS, key, manifestVersion, deployment, images, changed);
    }

    /**
     * Makes the apps in force now the ones every rollback returns to: each app slot copied into its rollback slot (an
     * empty slot's emptied too). Done at each OS update's commit, and at the first app update of a device that has had
     * none (its apps then are those of its factory OS), so that OS and apps stay a pair.
     */
    void pair() {
        for (int s = 0; s < Mt3620Flash.APP_SLOTS; s++) {
            copy(flash.appSlot(s), flash.appRollbackSlot(s));
        }
    }

    /** Writes the new images from staging into their slots and empties the slots of removed apps. */
    void install(UpdateTarget t) {
        java.util.Set<Integer> written = new java.util.HashSet<>();
        for (StagedImage i : t.images()) {
            if (i.slot() == BOARD_SLOT) {
                flash.boardConfigSlot().write(staging.read(i)); // kept until another replaces it; not rolled back
            } else if (!i.inPlace()) {
                flash.appSlot(i.slot()).write(staging.read(i));
                written.add(i.slot());
            }
        }
        for (int s : t.changed()) {
            if (!written.contains(s)) {
                flash.appSlot(s).clear();
            }
        }
    }

    /** Writes back the paired apps: those in force at the last OS update, in every slot. */
    void rollBack() {
        for (int s = 0; s < Mt3620Flash.APP_SLOTS; s++) {
            copy(flash.appRollbackSlot(s), flash.appSlot(s));
        }
    }

    /** Whether app slot {@code slot} holds exactly this image (its SHA-256). */
    boolean holds(int slot, TargetImage t) {
        return sha256(flash.appSlot(slot)).map(t.sha256Hex()::equals).orElse(false);
    }

    private static Optional<String> sha256(ImageSlot slot) {
        return slot.source().map(s -> {
            MessageDigest digest = Sha256.newDigest();
            s.digest(digest, 0, s.size());
            return HexFormat.of().formatHex(digest.digest());
        });
    }

    /** Whether the board configuration slot holds exactly this image. */
    boolean holdsBoardConfiguration(TargetImage board) {
        return sha256(flash.boardConfigSlot()).map(board.sha256Hex()::equals).orElse(false);
    }

    private static void copy(ImageSlot from, ImageSlot to) {
        Optional<byte[]> image = from.read();
        if (image.isPresent()) {
            to.write(image.get());
        } else {
            to.clear();
        }
    }
}
