package io.sphaera.firmware.board;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sphaera.firmware.manifest.Mt3620Pins;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A customer board configuration (image kind CustomerBoardConfig): which external Ethernet controller the board
 * wires to which ISU and interrupt GPIO. The platform's only published preset is an ENC28J60 on ISU0 with its
 * interrupt on GPIO5, "lan-enc28j60-isu0-int5"; other wirings come from a JSON file of the same shape.
 */
public record BoardConfig(String name, UUID componentId, String chip, String isu, int interruptGpio) {
    public static final String FILE = "board_config.json";
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).enable(SerializationFeature.INDENT_OUTPUT);
    private static final Set<String> CHIPS = Set.of("ENC28J60");
    private static final Map<String, BoardConfig> PRESETS = Map.of("lan-enc28j60-isu0-int5",
            new BoardConfig("lan-enc28j60-isu0-int5", UUID.nameUUIDFromBytes(
                    "sphaera:board-config:lan-enc28j60-isu0-int5".getBytes(StandardCharsets.UTF_8)), "ENC28J60", "ISU0", 5));

    public static Optional<BoardConfig> preset(String name) {
        return Optional.ofNullable(PRESETS.get(name));
    }

    public static List<String> presetNames() {
        return PRESETS.keySet().stream().sorted().toList();
    }

    /** Reads {"Name", "ComponentId", "Ethernet": {"Chip", "Isu", "InterruptGpio"}}, naming the field at fault. */
    public static BoardConfig parse(byte[] json) throws BoardConfigException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new BoardConfigException("", "not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BoardConfigException("", e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new BoardConfigException("", "must be a JSON object");
        }
        only(root, Set.of("Name", "ComponentId", "Ethernet"), "");
        JsonNode name = root.path("Name");
        if (!name.isTextual() || name.asText().isBlank() || name.asText().chars().anyMatch(Character::isISOControl)) {
            throw new BoardConfigException("Name", "must be a non-empty string without control characters");
        }
        UUID componentId;
        try {
            componentId = UUID.fromString(root.path("ComponentId").asText(""));
        } catch (IllegalArgumentException e) {
            throw new BoardConfigException("ComponentId", "must be a GUID");
        }
        JsonNode ethernet = root.path("Ethernet");
        if (!ethernet.isObject()) {
            throw new BoardConfigException("Ethernet", "must be an object");
        }
        only(ethernet, Set.of("Chip", "Isu", "InterruptGpio"), "Ethernet.");
        String chip = ethernet.path("Chip").asText("");
        if (!CHIPS.contains(chip)) {
            throw new BoardConfigException("Ethernet.Chip", "'" + chip + "' is not a supported controller (ENC28J60)");
        }
        String isu = ethernet.path("Isu").asText("");
        if (!isu.matches("ISU[0-4]")) {
            throw new BoardConfigException("Ethernet.Isu", "'" + isu + "' is not ISU0..ISU4");
        }
        JsonNode gpio = ethernet.path("InterruptGpio");
        if (!gpio.isIntegralNumber() || !Mt3620Pins.isGpio(gpio.asInt())) {
            throw new BoardConfigException("Ethernet.InterruptGpio", gpio + " is not an MT3620 GPIO");
        }
        if (Mt3620Pins.pinsOf(isu).orElseThrow().contains(gpio.asInt())) {
            throw new BoardConfigException("Ethernet.InterruptGpio", "GPIO " + gpio.asInt() + " is a pin of " + isu);
        }
        return new BoardConfig(name.asText(), componentId, chip, isu, gpio.asInt());
    }

    private static void only(JsonNode node, Set<String> fields, String prefix) throws BoardConfigException {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!fields.contains(f)) {
                throw new BoardConfigException(prefix + f, "unknown field");
            }
        }
    }

    public byte[] toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("Name", name);
        root.put("ComponentId", componentId.toString());
        ObjectNode ethernet = root.putObject("Ethernet");
        ethernet.put("Chip", chip);
        ethernet.put("Isu", isu);
        ethernet.put("InterruptGpio", interruptGpio);
        try {
            return (JSON.writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain values always serializes", e);
        }
    }
}
