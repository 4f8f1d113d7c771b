package io.sphaera.pluton.keys;

import io.sphaera.firmware.image.ImageKind;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * What a trusted key may sign. A key signs only the image kinds of its role, so a compromised app-signing key cannot
 * sign an OS, and the SDK test key that developers hold signs only apps, which boot only with appDevelopment.
 */
public enum KeyRole {
    /** Its hash is burned in the e-fuses; it signs trusted-key-store images. */
    ROOT("Root", EnumSet.of(ImageKind.TRUSTED_KEYSTORE)),
    /** The vendor's key for the Pluton runtime, the security monitor and the OS. */
    SYSTEM_IMAGES("SystemImages", EnumSet.of(ImageKind.ONE_BL, ImageKind.PLUTON_RUNTIME, ImageKind.WIFI_FIRMWARE,
            ImageKind.SECURITY_MONITOR, ImageKind.NORMAL_WORLD_LOADER, ImageKind.NORMAL_WORLD_DTB,
            ImageKind.NORMAL_WORLD_KERNEL, ImageKind.ROOT_FS, ImageKind.SERVICES, ImageKind.FW_CONFIG,
            ImageKind.BOOT_MANIFEST, ImageKind.NWFS, ImageKind.POLICY, ImageKind.UPDATE_CERT_STORE,
            ImageKind.BASE_SYSTEM_UPDATE_MANIFEST, ImageKind.FIRMWARE_UPDATE_MANIFEST, ImageKind.RECOVERY_MANIFEST,
            ImageKind.MANIFEST_SET)),
    /** The security service's production signing key for customers' apps and board configurations. */
    PRODUCTION_IMAGES("ProductionImages", EnumSet.of(ImageKind.APPLICATIONS, ImageKind.CUSTOMER_BOARD_CONFIG,
            ImageKind.CUSTOMER_UPDATE_MANIFEST)),
    /** The key that signs device capability images. */
    CAPABILITIES("Capabilities", EnumSet.of(ImageKind.DEVICE_CAPABILITY)),
    /** The SDK test key: signs sideloaded apps, trusted only on a device with the appDevelopment capability. */
    SDK_TEST("SdkTest", EnumSet.of(ImageKind.APPLICATIONS, ImageKind.CUSTOMER_BOARD_CONFIG));

    private final String storeName;
    private final Set<ImageKind> signs;

    KeyRole(String storeName, Set<ImageKind> signs) {
        this.storeName = storeName;
        this.signs = signs;
    }

    /** The name in trusted_keys.json. */
    public String storeName() {
        return storeName;
    }

    public boolean signs(ImageKind kind) {
        return signs.contains(kind);
    }

    public static Optional<KeyRole> fromStoreName(String name) {
        return Arrays.stream(values()).filter(r -> r.storeName.equals(name)).findFirst();
    }
}
