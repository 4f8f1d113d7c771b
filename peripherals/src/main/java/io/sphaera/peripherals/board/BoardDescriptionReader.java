package io.sphaera.peripherals.board;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sphaera.peripherals.adc.AdcController;
import io.sphaera.peripherals.board.BoardDescription.AdcInput;
import io.sphaera.peripherals.board.BoardDescription.ButtonWiring;
import io.sphaera.peripherals.board.BoardDescription.LedWiring;
import io.sphaera.peripherals.board.BoardDescription.SpiFlashWiring;
import io.sphaera.peripherals.board.BoardDescription.TemperatureSensorWiring;
import io.sphaera.peripherals.board.BoardDescription.UartLoopbackWiring;
import io.sphaera.peripherals.isu.IsuRole;
import io.sphaera.peripherals.mt3620.PeripheralBlock;
import io.sphaera.peripherals.spi.SpiChipSelect;
import io.sphaera.peripherals.spi.SpiNorFlash;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Reads a board description (JSON, schema in docs/peripherals.md) and checks it whole. Anything wrong, from a
 * broken byte to a pin used twice, is a {@link BoardDescriptionException} with a one-line message naming the source
 * and the field. Unknown fields are errors too, so a typo cannot silently unwire a device.
 */
public final class BoardDescriptionReader {
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Set<String> ROOT_FIELDS = Set.of("name", "leds", "buttons", "i2cDevices", "spiDevices",
            "uartLoopbacks", "adcChannels");
    private static final int LAST_PWM_GPIO = 11;

    private final String source;
    private final Map<String, String> names = new HashMap<>();
    private final Map<Integer, String> pins = new HashMap<>();
    private final Map<Integer, IsuRole> isuRoles = new HashMap<>();
    private final Map<Integer, String> isuUsers = new HashMap<>();
    private final Map<String, String> busSlots = new HashMap<>();

    private BoardDescriptionReader(String source) {
        this.source = source;
    }

    /** Reads the description in {@code json}; {@code source} names it in error messages ("board.json"). */
    public static BoardDescription read(String source, byte[] json) {
        BoardDescriptionReader reader = new BoardDescriptionReader(source);
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            JsonLocation where = e.getLocation();
            String at = where == null ? "" : "line %d, column %d: ".formatted(where.getLineNr(), where.getColumnNr());
            throw reader.fail(at + e.getOriginalMessage());
        } catch (IOException e) {
            throw reader.fail("not readable as JSON: " + e.getMessage());
        }
        return reader.description(root);
    }

    /** Reads the description in file {@code file}, named by its file name in errors. */
    public static BoardDescription read(Path file) {
        String source = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        try {
            return read(source, Files.readAllBytes(file));
        } catch (IOException e) {
            throw new BoardDescriptionException(oneLine(source + ": cannot read: " + e.getMessage()));
        }
    }

    /** Reads a description shipped as a class-path resource. */
    public static BoardDescription readResource(String resource) {
        String source = resource.substring(resource.lastIndexOf('/') + 1);
        try (InputStream in = BoardDescriptionReader.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new BoardDescriptionException(source + ": no such resource " + resource);
            }
            return read(source, in.readAllBytes());
        } catch (IOException e) {
            throw new BoardDescriptionException(oneLine(source + ": cannot read: " + e.getMessage()));
        }
    }

    private BoardDescription description(JsonNode root) {
        if (root == null || root.isMissingNode()) {
            throw fail("the document is empty");
        }
        if (!root.isObject()) {
            throw fail("the document must be a JSON object");
        }
        checkFields(root, "", ROOT_FIELDS);
        String name = text(root, "", "name", true);
        List<LedWiring> leds = list(root, "leds", this::led);
        List<ButtonWiring> buttons = list(root, "buttons", this::button);
        List<TemperatureSensorWiring> sensors = list(root, "i2cDevices", this::i2cDevice);
        List<SpiFlashWiring> flashes = list(root, "spiDevices", this::spiDevice);
        List<UartLoopbackWiring> loopbacks = list(root, "uartLoopbacks", this::uartLoopback);
        List<AdcInput> adc = list(root, "adcChannels", this::adcChannel);
        return new BoardDescription(name, leds, buttons, sensors, flashes, loopbacks, adc);
    }

    private LedWiring led(JsonNode node, String path) {
        checkFields(node, path, Set.of("name", "pin", "activeLow", "pwm"));
        String name = entryName(node, path);
        int pin = pin(node, path);
        boolean activeLow = bool(node, path, "activeLow", false);
        boolean pwm = bool(node, path, "pwm", false);
        if (pwm && pin > LAST_PWM_GPIO) {
            throw fail(path + ".pwm: GPIO %d has no PWM channel (only GPIO 0-%d do)".formatted(pin, LAST_PWM_GPIO));
        }
        return new LedWiring(name, pin, activeLow, pwm);
    }

    private ButtonWiring button(JsonNode node, String path) {
        checkFields(node, path, Set.of("name", "pin", "pullUp"));
        return new ButtonWiring(entryName(node, path), pin(node, path), bool(node, path, "pullUp", true));
    }

    private TemperatureSensorWiring i2cDevice(JsonNode node, String path) {
        checkFields(node, path, Set.of("name", "type", "isu", "address", "temperatureCelsius"));
        String name = entryName(node, path);
        String type = text(node, path, "type", true);
        if (!type.equals("tmp102")) {
            throw fail(path + ".type: unknown I2C device type '%s' (known: tmp102)".formatted(type));
        }
        int isu = isu(node, path, IsuRole.I2C_MASTER);
        int address = address(node, path);
        if (address < 0x48 || address > 0x4B) {
            throw fail(path + ".address: a TMP102 answers 0x48-0x4B, not 0x%02x".formatted(address));
        }
        claimSlot("ISU%d I2C address 0x%02x".formatted(isu, address), path + ".address");
        double celsius = number(node, path, "temperatureCelsius", 25.0);
        if (celsius < -55 || celsius > 150) {
            throw fail(path + ".temperatureCelsius: %s is outside the TMP102's -55 to 150".formatted(celsius));
        }
        return new TemperatureSensorWiring(name, isu, address, celsius);
    }

    private SpiFlashWiring spiDevice(JsonNode node, String path) {
        checkFields(node, path, Set.of("name", "type", "isu", "chipSelect", "jedecId"));
        String name = entryName(node, path);
        String type = text(node, path, "type", true);
        if (!type.equals("spi-nor")) {
            throw fail(path + ".type: unknown SPI device type '%s' (known: spi-nor)".formatted(type));
        }
        int isu = isu(node, path, IsuRole.SPI_MASTER);
        String cs = text(node, path, "chipSelect", true);
        SpiChipSelect chipSelect = switch (cs) {
            case "A" -> SpiChipSelect.A;
            case "B" -> SpiChipSelect.B;
            default -> throw fail(path + ".chipSelect: must be \"A\" or \"B\", not '%s'".formatted(cs));
        };
        claimSlot("ISU%d chip select %s".formatted(isu, chipSelect), path + ".chipSelect");
        int jedecId = node.has("jedecId") ? integer(node, path, "jedecId", true) : SpiNorFlash.W25Q32_JEDEC_ID;
        int capacity = jedecId & 0xFF;
        if (jedecId < 0 || jedecId > 0xFFFFFF || capacity < 0x10 || capacity > 0x18) {
            throw fail(path + ".jedecId: 0x%x is not a 3-byte ID with a capacity byte of 0x10-0x18".formatted(jedecId));
        }
        return new SpiFlashWiring(name, isu, chipSelect, jedecId);
    }

    private UartLoopbackWiring uartLoopback(JsonNode node, String path) {
        checkFields(node, path, Set.of("name", "isu"));
        String name = entryName(node, path);
        int isu = isu(node, path, IsuRole.UART);
        claimSlot("ISU%d UART".formatted(isu), path + ".isu");
        return new UartLoopbackWiring(name, isu);
    }

    private AdcInput adcChannel(JsonNode node, String path) {
        checkFields(node, path, Set.of("name", "channel", "volts"));
        String name = entryName(node, path);
        int channel = integer(node, path, "channel", true);
        if (channel < 0 || channel >= AdcController.CHANNELS) {
            throw fail(path + ".channel: ADC channel %d does not exist (0-7 do)".formatted(channel));
        }
        claimSlot("ADC channel " + channel, path + ".channel");
        double volts = number(node, path, "volts", 0.0);
        if (volts < 0 || volts > AdcController.REFERENCE_VOLTS) {
            throw fail(path + ".volts: %s V is outside the ADC's 0-2.5 V".formatted(volts));
        }
        return new AdcInput(name, channel, volts);
    }

    private <T> List<T> list(JsonNode root, String field, BiFunction<JsonNode, String, T> entry) {
        JsonNode array = root.get(field);
        List<T> entries = new ArrayList<>();
        if (array == null) {
            return entries;
        }
        if (!array.isArray()) {
            throw fail(field + ": must be an array");
        }
        for (int i = 0; i < array.size(); i++) {
            String path = "%s[%d]".formatted(field, i);
            JsonNode node = array.get(i);
            if (!node.isObject()) {
                throw fail(path + ": must be an object");
            }
            entries.add(entry.apply(node, path));
        }
        return entries;
    }

    private String entryName(JsonNode node, String path) {
        String name = text(node, path, "name", true);
        String previous = names.putIfAbsent(name, path);
        if (previous != null) {
            throw fail(path + ".name: '%s' is already the name of %s".formatted(name, previous));
        }
        return name;
    }

    private int pin(JsonNode node, String path) {
        int pin = integer(node, path, "pin", true);
        if (!PeripheralBlock.isGpio(pin)) {
            throw fail(path + ".pin: GPIO %d does not exist".formatted(pin));
        }
        String previous = pins.putIfAbsent(pin, path);
        if (previous != null) {
            throw fail(path + ".pin: GPIO %d is already used by %s".formatted(pin, previous));
        }
        return pin;
    }

    private int isu(JsonNode node, String path, IsuRole role) {
        int isu = integer(node, path, "isu", true);
        if (isu < 0 || isu > 4) {
            throw fail(path + ".isu: ISU%d does not exist (ISU0-ISU4 do)".formatted(isu));
        }
        IsuRole previous = isuRoles.putIfAbsent(isu, role);
        if (previous != null && previous != role) {
            throw fail(path + ".isu: ISU%d already serves as %s for %s and cannot also be %s"
                    .formatted(isu, previous, isuUsers.get(isu), role));
        }
        isuUsers.putIfAbsent(isu, path);
        return isu;
    }

    private void claimSlot(String slot, String path) {
        String previous = busSlots.putIfAbsent(slot, path);
        if (previous != null) {
            throw fail(path + ": %s is already used by %s".formatted(slot, previous));
        }
    }

    private int address(JsonNode node, String path) {
        JsonNode value = node.get("address");
        if (value != null && value.isTextual()) {
            String text = value.asText();
            if (text.matches("0[xX][0-9a-fA-F]{1,2}")) {
                return Integer.parseInt(text.substring(2), 16);
            }
            throw fail(path + ".address: '%s' is not an address like 72 or \"0x48\"".formatted(text));
        }
        return integer(node, path, "address", true);
    }

    private void checkFields(JsonNode node, String path, Set<String> allowed) {
        Iterator<String> fields = node.fieldNames();
        while (fields.hasNext()) {
            String field = fields.next();
            if (!allowed.contains(field)) {
                throw fail((path.isEmpty() ? "" : path + ": ") + "unknown field '%s'".formatted(field));
            }
        }
    }

    private String text(JsonNode node, String path, String field, boolean required) {
        JsonNode value = node.get(field);
        String at = path.isEmpty() ? field : path + "." + field;
        if (value == null) {
            if (required) {
                throw fail(at + ": missing");
            }
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw fail(at + ": must be a non-empty string");
        }
        return value.asText();
    }

    private int integer(JsonNode node, String path, String field, boolean required) {
        JsonNode value = node.get(field);
        if (value == null && required) {
            throw fail(path + "." + field + ": missing");
        }
        if (value != null && value.isTextual() && value.asText().matches("0[xX][0-9a-fA-F]{1,8}")) {
            return (int) Long.parseLong(value.asText().substring(2), 16);
        }
        if (value == null || !value.isIntegralNumber() || !value.canConvertToInt()) {
            throw fail(path + "." + field + ": must be an integer");
        }
        return value.intValue();
    }

    private boolean bool(JsonNode node, String path, String field, boolean fallback) {
        JsonNode value = node.get(field);
        if (value == null) {
            return fallback;
        }
        if (!value.isBoolean()) {
            throw fail(path + "." + field + ": must be true or false");
        }
        return value.booleanValue();
    }

    private double number(JsonNode node, String path, String field, double fallback) {
        JsonNode value = node.get(field);
        if (value == null) {
            return fallback;
        }
        if (!value.isNumber() || !Double.isFinite(value.doubleValue())) {
            throw fail(path + "." + field + ": must be a finite number");
        }
        return value.doubleValue();
    }

    private BoardDescriptionException fail(String message) {
        return new BoardDescriptionException(oneLine(source + ": " + message));
    }

    /** Keeps a message to one printable line whatever bytes the description held. */
    private static String oneLine(String message) {
        StringBuilder line = new StringBuilder(message.length());
        message.codePoints().forEach(c -> {
            if (c < 0x20 || c == 0x7F || c == 0x2028 || c == 0x2029 || c == 0x85) {
                line.append("\\u%04x".formatted(c));
            } else {
                line.appendCodePoint(c);
            }
        });
        return line.toString();
    }
}
