package io.sphaera.firmware.manifest;

import java.util.Arrays;
import java.util.Optional;

/**
 * The peripheral capabilities of a manifest, with the Type a hardware definition gives the same peripheral and the
 * values the MT3620 accepts for it.
 */
public enum PeripheralKind {
    GPIO("Gpio", "Gpio"),
    UART("Uart", "Uart"),
    I2C_MASTER("I2cMaster", "I2cMaster"),
    SPI_MASTER("SpiMaster", "SpiMaster"),
    PWM("Pwm", "Pwm"),
    ADC("Adc", "Adc"),
    I2S("I2s", "I2sSubordinate");

    private final String capability;
    private final String definitionType;

    PeripheralKind(String capability, String definitionType) {
        this.capability = capability;
        this.definitionType = definitionType;
    }

    /** The capability's name in app_manifest.json. */
    public String capability() {
        return capability;
    }

    /** The "Type" of the same peripheral in a hardware definition file. */
    public String definitionType() {
        return definitionType;
    }

    public static Optional<PeripheralKind> fromCapability(String name) {
        return Arrays.stream(values()).filter(k -> k.capability.equals(name)).findFirst();
    }
}
