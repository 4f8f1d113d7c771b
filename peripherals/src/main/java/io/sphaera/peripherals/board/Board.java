package io.sphaera.peripherals.board;

import io.sphaera.peripherals.Mt3620Peripherals;
import io.sphaera.peripherals.board.BoardDescription.AdcInput;
import io.sphaera.peripherals.board.BoardDescription.ButtonWiring;
import io.sphaera.peripherals.board.BoardDescription.LedWiring;
import io.sphaera.peripherals.board.BoardDescription.SpiFlashWiring;
import io.sphaera.peripherals.board.BoardDescription.TemperatureSensorWiring;
import io.sphaera.peripherals.board.BoardDescription.UartLoopbackWiring;
import io.sphaera.peripherals.gpio.GpioPin;
import io.sphaera.peripherals.i2c.Tmp102;
import io.sphaera.peripherals.spi.SpiNorFlash;
import io.sphaera.peripherals.uart.SerialBuffer;
import io.sphaera.peripherals.uart.SerialLine;
import io.sphaera.peripherals.uart.UartLoopback;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * A board wired to one chip: what a {@link BoardDescription} says, applied to a {@link Mt3620Peripherals}, with the
 * host's handles on it. The board does not put ISUs in roles: an app does that by using them; a board only decides
 * what answers. Used on the device's executor only, like the chip.
 */
public final class Board {
    private final BoardDescription description;
    private final Mt3620Peripherals chip;
    private final Map<String, Led> leds = new LinkedHashMap<>();
    private final Map<String, Button> buttons = new LinkedHashMap<>();
    private final Map<String, Tmp102> sensors = new LinkedHashMap<>();
    private final Map<String, SpiNorFlash> flashes = new LinkedHashMap<>();

    private Board(BoardDescription description, Mt3620Peripherals chip) {
        this.description = description;
        this.chip = chip;
    }

    /** Wires everything {@code description} names onto {@code chip}; a chip takes one board. */
    public static Board attach(BoardDescription description, Mt3620Peripherals chip) {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(chip, "chip");
        Board board = new Board(description, chip);
        for (LedWiring led : description.leds()) {
            int gpio = led.pin();
            board.leds.put(led.name(), new Led(led.name(), gpio, led.activeLow(), pin(chip, gpio),
                    led.pwm() ? chip.pwmController(gpio / 4) : null, gpio % 4));
        }
        for (ButtonWiring button : description.buttons()) {
            board.buttons.put(button.name(),
                    new Button(button.name(), button.pin(), button.pullUp(), pin(chip, button.pin())));
        }
        for (TemperatureSensorWiring wiring : description.temperatureSensors()) {
            Tmp102 sensor = new Tmp102(wiring.address(), wiring.celsius());
            chip.isu(wiring.isu()).i2cMaster().attach(sensor);
            board.sensors.put(wiring.name(), sensor);
        }
        for (SpiFlashWiring wiring : description.spiFlashes()) {
            SpiNorFlash flash = new SpiNorFlash(wiring.jedecId());
            chip.isu(wiring.isu()).spiMaster().attach(wiring.chipSelect(), flash);
            board.flashes.put(wiring.name(), flash);
        }
        for (UartLoopbackWiring loopback : description.uartLoopbacks()) {
            chip.isu(loopback.isu()).uart().connect(new UartLoopback());
        }
        for (AdcInput input : description.adcInputs()) {
            chip.adc().setVolts(input.channel(), input.volts());
        }
        return board;
    }

    public BoardDescription description() {
        return description;
    }

    public Mt3620Peripherals chip() {
        return chip;
    }

    public List<Led> leds() {
        return List.copyOf(leds.values());
    }

    public Led led(String name) {
        return find(leds, name, "LED");
    }

    public List<Button> buttons() {
        return List.copyOf(buttons.values());
    }

    public Button button(String name) {
        return find(buttons, name, "button");
    }

    /** The TMP102 named {@code name}; the host sets its temperature through it. */
    public Tmp102 temperatureSensor(String name) {
        return find(sensors, name, "temperature sensor");
    }

    /** Sets the temperature around the sensor named {@code name}. */
    public void setTemperature(String name, double celsius) {
        temperatureSensor(name).setTemperature(celsius);
    }

    public SpiNorFlash spiFlash(String name) {
        return find(flashes, name, "SPI flash");
    }

    /** Puts {@code volts} on ADC channel {@code channel}. */
    public void setAdcVolts(int channel, double volts) {
        chip.adc().setVolts(channel, volts);
    }

    public double adcVolts(int channel) {
        return chip.adc().volts(channel);
    }

    /**
     * Wires the host to ISU {@code isu}'s UART pins and gives the host's end: what the chip sends collects there,
     * what the host sends reaches the chip.
     */
    public SerialBuffer connectSerial(int isu) {
        SerialBuffer buffer = new SerialBuffer();
        connectSerial(isu, buffer);
        return buffer;
    }

    /**
     * Wires {@code line} to ISU {@code isu}'s UART pins.
     *
     * @throws IllegalStateException when the description wires that ISU to something else
     */
    public void connectSerial(int isu, SerialLine line) {
        Objects.requireNonNull(line, "line");
        for (UartLoopbackWiring loopback : description.uartLoopbacks()) {
            if (loopback.isu() == isu) {
                throw new IllegalStateException("ISU%d's UART is wired as loopback %s".formatted(isu, loopback.name()));
            }
        }
        boolean busDevice = description.temperatureSensors().stream().anyMatch(s -> s.isu() == isu)
                || description.spiFlashes().stream().anyMatch(f -> f.isu() == isu);
        if (busDevice) {
            throw new IllegalStateException("ISU%d's pins carry an I2C or SPI device on this board".formatted(isu));
        }
        chip.isu(isu).uart().connect(line);
    }

    private static GpioPin pin(Mt3620Peripherals chip, int gpio) {
        return chip.gpioPin(gpio).orElseThrow(() -> new IllegalArgumentException(
                "GPIO %d has no modelled pin registers".formatted(gpio)));
    }

    private static <T> T find(Map<String, T> items, String name, String kind) {
        T item = items.get(name);
        if (item == null) {
            throw new NoSuchElementException("this board has no %s named '%s'".formatted(kind, name));
        }
        return item;
    }
}
