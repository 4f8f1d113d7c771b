package io.sphaera.firmware.manifest;

/** The values of the PowerControls capability, each granting one powermanagement.h call. */
public enum PowerControl {
    FORCE_POWER_DOWN("ForcePowerDown"),
    FORCE_REBOOT("ForceReboot"),
    SET_POWER_PROFILE("SetPowerProfile");

    private final String manifestName;

    PowerControl(String manifestName) {
        this.manifestName = manifestName;
    }

    public String manifestName() {
        return manifestName;
    }
}
