package io.sphaera.peripherals.board;

import io.sphaera.peripherals.spi.SpiChipSelect;
import java.util.List;
import java.util.Objects;

/**
 * A board as its JSON description gives it, already checked by {@link BoardDescriptionReader}: every pin exists and
 * is used once, every ISU has one role, names are unique. The parts are records of this file because they mean
 * nothing apart from a description.
 */
public record BoardDescription(String name, List<LedWiring> leds, List<ButtonWiring> buttons,
        List<TemperatureSensorWiring> temperatureSensors, List<SpiFlashWiring> spiFlashes,
        List<UartLoopbackWiring> uartLoopbacks, List<AdcInput> adcInputs) {

    /** The reference board shipped as a resource. */
    public static final String MT3620_RDB_RESOURCE = "/io/sphaera/peripherals/board/mt3620-rdb.json";

    public BoardDescription {
        Objects.requireNonNull(name, "name");
        leds = List.copyOf(leds);
        buttons = List.copyOf(buttons);
        temperatureSensors = List.copyOf(temperatureSensors);
        spiFlashes = List.copyOf(spiFlashes);
        uartLoopbacks = List.copyOf(uartLoopbacks);
        adcInputs = List.copyOf(adcInputs);
    }

    /** The MT3620 reference development board, with what Sphaera adds to it (docs/peripherals.md). */
    public static BoardDescription mt3620Rdb() {
        return BoardDescriptionReader.readResource(MT3620_RDB_RESOURCE);
    }

    /** An LED on GPIO {@code pin}; with {@code pwm} its brightness follows the pin's PWM channel when that runs. */
    public record LedWiring(String name, int pin, boolean activeLow, boolean pwm) {
    }

    /** A push button on GPIO {@code pin}: with a pull-up it reads high released and low pressed; else the reverse. */
    public record ButtonWiring(String name, int pin, boolean pullUp) {
    }

    /** A TI TMP102 on ISU {@code isu}'s I2C bus. */
    public record TemperatureSensorWiring(String name, int isu, int address, double celsius) {
    }

    /** A 25-series SPI NOR flash on ISU {@code isu}'s SPI bus. */
    public record SpiFlashWiring(String name, int isu, SpiChipSelect chipSelect, int jedecId) {
    }

    /** ISU {@code isu}'s UART TX wired to its own RX. */
    public record UartLoopbackWiring(String name, int isu) {
    }

    /** A voltage on ADC channel {@code channel}. */
    public record AdcInput(String name, int channel, double volts) {
    }
}
