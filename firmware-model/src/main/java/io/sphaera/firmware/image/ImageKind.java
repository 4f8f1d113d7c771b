package io.sphaera.firmware.image;

import java.util.Arrays;
import java.util.Optional;

/**
 * What an image is, with the platform's numbers: the same values appear in the identity metadata section and in
 * the cloud API's image type. {@link #DEVICE_CAPABILITY} has no published number; Sphaera gives it one from the top
 * of the range so it cannot collide with a platform value.
 */
public enum ImageKind {
    ONE_BL(1, "OneBl"),
    PLUTON_RUNTIME(2, "PlutonRuntime"),
    WIFI_FIRMWARE(3, "WifiFirmware"),
    SECURITY_MONITOR(4, "SecurityMonitor"),
    NORMAL_WORLD_LOADER(5, "NormalWorldLoader"),
    NORMAL_WORLD_DTB(6, "NormalWorldDtb"),
    NORMAL_WORLD_KERNEL(7, "NormalWorldKernel"),
    ROOT_FS(8, "RootFs"),
    SERVICES(9, "Services"),
    APPLICATIONS(10, "Applications"),
    FW_CONFIG(13, "FwConfig"),
    BOOT_MANIFEST(16, "BootManifest"),
    NWFS(17, "Nwfs"),
    TRUSTED_KEYSTORE(19, "TrustedKeystore"),
    POLICY(20, "Policy"),
    CUSTOMER_BOARD_CONFIG(21, "CustomerBoardConfig"),
    UPDATE_CERT_STORE(22, "UpdateCertStore"),
    BASE_SYSTEM_UPDATE_MANIFEST(23, "BaseSystemUpdateManifest"),
    FIRMWARE_UPDATE_MANIFEST(24, "FirmwareUpdateManifest"),
    CUSTOMER_UPDATE_MANIFEST(25, "CustomerUpdateManifest"),
    RECOVERY_MANIFEST(26, "RecoveryManifest"),
    MANIFEST_SET(27, "ManifestSet"),
    OTHER(28, "Other"),
    DEVICE_CAPABILITY(0xFF01, "DeviceCapability");

    private final int code;
    private final String platformName;

    ImageKind(int code, String platformName) {
        this.code = code;
        this.platformName = platformName;
    }

    /** The u16 written in the identity section. */
    public int code() {
        return code;
    }

    /** The name the platform's tools print, e.g. "Applications". */
    public String platformName() {
        return platformName;
    }

    public static Optional<ImageKind> fromCode(int code) {
        return Arrays.stream(values()).filter(k -> k.code == code).findFirst();
    }

    /** Accepts the platform name in any case ("applications", "RootFs"). */
    public static Optional<ImageKind> fromName(String name) {
        return Arrays.stream(values())
                .filter(k -> k.platformName.equalsIgnoreCase(name) || k.name().equalsIgnoreCase(name))
                .findFirst();
    }
}
