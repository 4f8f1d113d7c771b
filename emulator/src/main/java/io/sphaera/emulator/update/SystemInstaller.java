package io.sphaera.emulator.update;

import io.sphaera.emulator.device.ImageSlot;
import io.sphaera.emulator.device.Mt3620Flash;
import io.sphaera.firmware.image.ImagePackage;
import io.sphaera.firmware.image.ImagePackageFormatException;
import io.sphaera.firmware.signing.Sha256;
import io.sphaera.firmware.update.TargetImage;
import io.sphaera.firmware.update.UpdatePhase;
import io.sphaera.pluton.Pluton;
import io.sphaera.pluton.PlutonException;
import io.sphaera.pluton.boot.BootSelection;
import io.sphaera.pluton.boot.BootStage;
import io.sphaera.pluton.boot.Slot;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The OS phase on flash: each system image of a release goes into the slot of its boot stage that is not in force (the
 * one in force stays as the rollback image), then the next boot is told to try the new slots. Pluton's boot falls
 * back to the old slots, and every stage above, when a new image does not boot; the agent commits what booted by
 * raising the anti-rollback counters to the new images' security versions.
 */
final class SystemInstaller {
    private final Mt3620Flash flash;
    private final StagingArea staging;

    SystemInstaller(Mt3620Flash flash, StagingArea staging) {
        this.flash = flash;
        this.staging = staging;
    }

    static Optional<BootStage> stageOf(String kind) {
        for (BootStage s : BootStage.values()) {
            if (s.kind().platformName().equals(kind)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** Whether the slots in force hold exactly these images. */
    boolean runs(List<TargetImage> os, BootSelection inForce) {
        for (TargetImage t : os) {
            Optional<BootStage> stage = stageOf(t.kind());
            if (stage.isEmpty() || !sha256(flash.systemSlot(stage.get(), inForce.slotOf(stage.get()))).equals(Optional.of(t.sha256Hex()))) {
                return false;
            }
        }
        return true;
    }

    UpdateTarget plan(String key, long manifestVersion, List<TargetImage> os, BootSelection inForce) throws UpdateRefusal {
        List<StagedImage> images = new ArrayList<>();
        java.util.Set<BootStage> seen = java.util.EnumSet.noneOf(BootStage.class);
        long end = 0;
        for (TargetImage t : os) {
            BootStage stage = stageOf(t.kind()).orElseThrow(() -> new UpdateRefusal("image " + t.imageId() + " is a " + t.kind()
                    + " image, which no boot stage of this device runs"));
            if (!seen.add(stage)) {
                throw new UpdateRefusal("the release names two " + t.kind() + " images");
            }
            Slot active = inForce.slotOf(stage);
            if (sha256(flash.systemSlot(stage, active)).equals(Optional.of(t.sha256Hex()))) {
                images.add(StagedImage.of(t, active.ordinal(), true, 0));
                continue;
            }
            if (t.length() > flash.systemSlot(stage, active.other()).capacity()) {
                throw new UpdateRefusal("image " + t.imageId() + " of " + t.length() + " bytes does not fit a " + stage.displayName() + " slot");
            }
            long at = staging.place(end, t.length());
            if (at < 0) {
                throw new UpdateRefusal("the release does not fit the " + staging.capacity() + "-byte staging area");
            }
            end = at + t.length();
            images.add(StagedImage.of(t, active.other().ordinal(), false, at));
        }
        return new UpdateTarget(UpdatePhase.OS, key, manifestVersion, Optional.empty(), images, List.of());
    }

    /** Why Pluton would not boot a staged image at its stage, or empty. */
    Optional<String> refusal(Pluton pluton, StagedImage image) {
        try {
            return pluton.systemImageRefusal(stageOf(image.kind()).orElseThrow(), ImagePackage.parse(staging.source(image)));
        } catch (ImagePackageFormatException e) {
            return Optional.of("not a valid image package: " + e.getMessage());
        } catch (PlutonException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** Writes each new image into its slot, unless the slot holds it already (an install done again after a power cut). */
    void install(UpdateTarget t) {
        for (StagedImage i : t.images()) {
            if (i.inPlace()) {
                continue;
            }
            ImageSlot slot = flash.systemSlot(stageOf(i.kind()).orElseThrow(), Slot.values()[i.slot()]);
            if (!sha256(slot).equals(Optional.of(i.sha256()))) {
                slot.write(staging.read(i));
            }
        }
    }

    /** The slots the next boot should try: the target's for its stages, those in force for the rest. */
    static BootSelection selection(UpdateTarget t, BootSelection inForce) {
        Map<BootStage, Slot> m = new EnumMap<>(BootStage.class);
        for (BootStage s : BootStage.values()) {
            m.put(s, inForce.slotOf(s));
        }
        for (StagedImage i : t.images()) {
            m.put(stageOf(i.kind()).orElseThrow(), Slot.values()[i.slot()]);
        }
        return new BootSelection(m);
    }

    /** Raises each stage's anti-rollback counter to the security version of the image now in force there. */
    void commit(Pluton pluton, UpdateTarget t) throws PlutonException {
        for (StagedImage i : t.images()) {
            BootStage stage = stageOf(i.kind()).orElseThrow();
            try {
                long version = ImagePackage.parse(flash.systemSlot(stage, Slot.values()[i.slot()]).source().orElseThrow())
                        .metadata().securityVersion();
                pluton.raiseCounter(stage.counter(), version);
            } catch (ImagePackageFormatException | java.util.NoSuchElementException e) {
                throw new PlutonException("the " + stage.displayName() + " image that booted cannot be read: " + e.getMessage());
            }
        }
    }

    private static Optional<String> sha256(ImageSlot slot) {
        return slot.source().map(s -> {
            MessageDigest d = Sha256.newDigest();
            s.digest(d, 0, s.size());
            return HexFormat.of().formatHex(d.digest());
        });
    }
}
