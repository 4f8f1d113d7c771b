package io.sphaera.emulator.device;

import io.sphaera.emulator.vendor.SystemRelease;
import io.sphaera.emulator.vendor.Vendor;
import io.sphaera.firmware.image.ImagePackage;
import io.sphaera.firmware.image.ImagePackageFormatException;
import io.sphaera.peripherals.flash.NorFlash;
import io.sphaera.pluton.Pluton;
import io.sphaera.pluton.PlutonException;
import io.sphaera.pluton.boot.BootCostModel;
import io.sphaera.pluton.boot.BootStage;
import io.sphaera.pluton.boot.Slot;
import io.sphaera.pluton.fuse.ManufacturingState;
import io.sphaera.pluton.identity.DeviceId;
import io.sphaera.pluton.keys.TrustedKeyStore;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The factory line: takes a blank chip and leaves a device. Pluton makes its own identity key inside; the
 * manufacturing CA certifies the public half (subject CN = the device ID); the root key hash and the manufacturing
 * state are burned; the trusted key store is installed; the release's system images go to both the A and B slots and
 * the anti-rollback counters rise to their security version.
 */
public final class Factory {
    private final Vendor vendor;
    private final SystemRelease release;
    private final byte[] trustedKeyStore;

    public Factory(Vendor vendor, SystemRelease release, byte[] trustedKeyStoreImage) {
        this.vendor = vendor;
        this.release = release;
        this.trustedKeyStore = trustedKeyStoreImage.clone();
    }

    private static long securityVersion(byte[] image) throws PlutonException {
        try {
            return ImagePackage.parse(image).metadata().securityVersion();
        } catch (ImagePackageFormatException e) {
            throw new PlutonException("a factory image is malformed: " + e.getMessage(), e);
        }
    }

    public Mt3620Device manufacture(NorFlash blank, DeviceSeams seams, ManufacturingState finalState) throws PlutonException {
        Mt3620Device device = new Mt3620Device(blank, seams, BootCostModel.DEFAULT);
        Pluton pluton = device.pluton();
        pluton.provisionIdentity();
        DeviceId id = pluton.deviceId();
        Instant now = seams.clock().instant().truncatedTo(ChronoUnit.SECONDS);
        byte[] certificate = vendor.manufacturingCa().issue(pluton.identityPublicKey(), id.hex(), now,
                now.plus(Duration.ofDays(365L * 20)), Vendor.serial(seams.random()));
        pluton.storeFactoryCertificate(certificate);
        pluton.burnRootKeyHash(TrustedKeyStore.rootKeyHash(vendor.root().key().verificationKey()));
        pluton.installTrustedKeyStore(trustedKeyStore);
        for (BootStage stage : BootStage.values()) {
            byte[] image = release.images().get(stage);
            device.flash().systemSlot(stage, Slot.A).write(image);
            device.flash().systemSlot(stage, Slot.B).write(image);
            // The counter follows the signed metadata of the image itself, never a side file.
            pluton.raiseCounter(stage.counter(), securityVersion(image));
        }
        pluton.advanceManufacturingState(finalState);
        return device;
    }
}
