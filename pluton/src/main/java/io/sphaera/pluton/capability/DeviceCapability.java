package io.sphaera.pluton.capability;

import java.util.Arrays;
import java.util.Optional;

/** The customer capabilities a signed capability image can grant one device, with the platform's codes. */
public enum DeviceCapability {
    /** EnableCustomerAppDevelopment: sideloading, the SDK test key, debugging; unlocks peripheral configuration. */
    APP_DEVELOPMENT(0x0B, "appDevelopment"),
    /** UnlockGatewayD: field servicing over the service port. */
    FIELD_SERVICING(0x0D, "fieldServicing");

    private final int code;
    private final String cliName;

    DeviceCapability(int code, String cliName) {
        this.code = code;
        this.cliName = cliName;
    }

    public int code() {
        return code;
    }

    public String cliName() {
        return cliName;
    }

    public static Optional<DeviceCapability> fromCode(int code) {
        return Arrays.stream(values()).filter(c -> c.code == code).findFirst();
    }

    public static Optional<DeviceCapability> fromName(String name) {
        return Arrays.stream(values()).filter(c -> c.cliName.equalsIgnoreCase(name) || c.name().equalsIgnoreCase(name)).findFirst();
    }
}
