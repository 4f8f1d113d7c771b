package io.sphaera.firmware.manifest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Reads and validates app_manifest.json as the platform defines it. Every rejection names the field and the reason:
 * an unknown field or capability, a value of the wrong shape, a GPIO listed twice, two peripherals on one pin, an
 * ISU in two roles, I2S in a high-level app, mutable storage over 64 KB, a "$NAME" the hardware definitions lack.
 */
public final class AppManifestParser {
    public static final String FILE = "app_manifest.json";
    public static final int MAX_MUTABLE_STORAGE_KIB = 64;
    public static final int MAX_MANIFEST_BYTES = 64 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final Pattern GUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern HOST = Pattern.compile(
            "(\\*\\.)?[A-Za-z0-9_]([A-Za-z0-9_-]{0,62})(\\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,62}))*\\.?");
    private static final Pattern ENTRY_POINT = Pattern.compile("/[A-Za-z0-9_][A-Za-z0-9._-]*(/[A-Za-z0-9_][A-Za-z0-9._-]*)*");
    private static final Set<String> TOP_LEVEL = Set.of("SchemaVersion", "Name", "ComponentId", "EntryPoint", "CmdArgs",
            "Capabilities", "ApplicationType", "MallocVersion", "ResetMemoryWatermarks", "HeapMemStats");
    private static final Set<String> REAL_TIME_CAPABILITIES = Set.of("Gpio", "Uart", "I2cMaster", "SpiMaster", "Pwm",
            "Adc", "I2s", "AllowedApplicationConnections");
    private static final Set<String> OTHER_CAPABILITIES = Set.of("AllowedConnections", "AllowedTcpServerPorts",
            "AllowedUdpServerPorts", "AllowedApplicationConnections", "DeviceAuthentication", "MutableStorage",
            "PowerControls");
    private static final Set<String> UNSUPPORTED = Set.of("I2cSubordinate", "SpiSubordinate");

    private final HardwareDefinitions definitions;

    public AppManifestParser(HardwareDefinitions definitions) {
        this.definitions = definitions;
    }

    public AppManifest parse(byte[] json) throws ManifestException {
        if (json.length > MAX_MANIFEST_BYTES) {
            throw fail("", "larger than " + MAX_MANIFEST_BYTES + " bytes");
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw fail("", "not valid JSON" + where + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw fail("", "cannot read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw fail("", "must be a JSON object");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!TOP_LEVEL.contains(field)) {
                throw fail(field, "unknown field");
            }
        }
        JsonNode schema = root.get("SchemaVersion");
        if (schema == null) {
            throw fail("SchemaVersion", "is missing");
        }
        if (!schema.isIntegralNumber() || schema.asLong() != 1) {
            throw fail("SchemaVersion", schema + " is not supported; only 1 is");
        }
        String name = requiredText(root, "Name");
        if (name.chars().anyMatch(Character::isISOControl)) {
            throw fail("Name", "must not contain control characters");
        }
        UUID componentId = guid(root.get("ComponentId"), "ComponentId");
        String entryPoint = requiredText(root, "EntryPoint");
        if (!ENTRY_POINT.matcher(entryPoint).matches() || entryPoint.length() > 256) {
            throw fail("EntryPoint", "'" + entryPoint + "' must be an absolute path of plain names, like /bin/app");
        }
        List<String> cmdArgs = new ArrayList<>();
        JsonNode args = root.get("CmdArgs");
        if (args != null) {
            if (!args.isArray()) {
                throw fail("CmdArgs", "must be an array of strings");
            }
            for (JsonNode a : args) {
                if (!a.isTextual()) {
                    throw fail("CmdArgs", a + " is not a string");
                }
                cmdArgs.add(a.asText());
            }
        }
        ApplicationType type = applicationType(root.get("ApplicationType"));
        OptionalInt malloc = OptionalInt.empty();
        JsonNode mallocNode = root.get("MallocVersion");
        if (mallocNode != null) {
            if (!mallocNode.isIntegralNumber() || mallocNode.asLong() < 1 || mallocNode.asLong() > 2) {
                throw fail("MallocVersion", mallocNode + " is not 1 or 2");
            }
            malloc = OptionalInt.of(mallocNode.asInt());
        }
        for (String flag : List.of("ResetMemoryWatermarks", "HeapMemStats")) {
            JsonNode f = root.get(flag);
            if (f != null && !f.isBoolean()) {
                throw fail(flag, "must be true or false");
            }
        }
        Capabilities capabilities = capabilities(root.get("Capabilities"), type, componentId);
        return new AppManifest(1, name, componentId, entryPoint, cmdArgs, type, malloc, capabilities);
    }

    private Capabilities capabilities(JsonNode caps, ApplicationType type, UUID self) throws ManifestException {
        Map<PeripheralKind, List<String>> peripherals = new EnumMap<>(PeripheralKind.class);
        List<String> connections = new ArrayList<>();
        List<Integer> tcp = new ArrayList<>();
        List<Integer> udp = new ArrayList<>();
        List<UUID> appConnections = new ArrayList<>();
        Optional<UUID> deviceAuth = Optional.empty();
        OptionalInt storage = OptionalInt.empty();
        Set<PowerControl> power = EnumSet.noneOf(PowerControl.class);
        Set<String> switches = new TreeSet<>();
        if (caps == null) {
            return new Capabilities(peripherals, connections, tcp, udp, appConnections, deviceAuth, storage, power, switches);
        }
        if (!caps.isObject()) {
            throw fail("Capabilities", "must be an object");
        }
        boolean realTime = type == ApplicationType.REAL_TIME_CAPABLE;
        for (Iterator<Map.Entry<String, JsonNode>> it = caps.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String cap = e.getKey();
            String field = "Capabilities." + cap;
            JsonNode value = e.getValue();
            Optional<PeripheralKind> kind = PeripheralKind.fromCapability(cap);
            if (UNSUPPORTED.contains(cap)) {
                throw fail(field, "the MT3620 has no subordinate mode for this bus");
            }
            if (kind.isEmpty() && !OTHER_CAPABILITIES.contains(cap) && !Capabilities.SWITCHES.contains(cap)) {
                throw fail(field, "unknown capability");
            }
            if (realTime && !REAL_TIME_CAPABILITIES.contains(cap)) {
                throw fail(field, "not available to real-time capable apps");
            }
            if (kind.isPresent()) {
                if (kind.get() == PeripheralKind.I2S && !realTime) {
                    throw fail(field, "I2S is available to real-time capable apps only");
                }
                peripherals.put(kind.get(), peripheralValues(kind.get(), field, value, realTime));
                continue;
            }
            if (Capabilities.SWITCHES.contains(cap)) {
                if (!value.isBoolean()) {
                    throw fail(field, "must be true or false");
                }
                if (value.asBoolean()) {
                    switches.add(cap);
                }
                continue;
            }
            switch (cap) {
                case "AllowedConnections" -> {
                    for (JsonNode h : array(value, field)) {
                        if (!h.isTextual() || h.asText().length() > 253 || !HOST.matcher(h.asText()).matches()) {
                            throw fail(field, h + " is not a host name, IP address or DNS-SD name");
                        }
                        unique(connections, h.asText().toLowerCase(java.util.Locale.ROOT), field);
                    }
                }
                case "AllowedTcpServerPorts" -> ports(value, field, tcp);
                case "AllowedUdpServerPorts" -> ports(value, field, udp);
                case "AllowedApplicationConnections" -> {
                    for (JsonNode g : array(value, field)) {
                        UUID peer = guid(g, field);
                        if (peer.equals(self)) {
                            throw fail(field, "an app cannot connect to itself (" + peer + ")");
                        }
                        unique(appConnections, peer, field);
                    }
                }
                case "DeviceAuthentication" -> deviceAuth = Optional.of(guid(value, field));
                case "MutableStorage" -> storage = OptionalInt.of(mutableStorage(value, field));
                case "PowerControls" -> {
                    List<JsonNode> items = array(value, field);
                    if (items.isEmpty()) {
                        throw fail(field, "PowerControls is empty");
                    }
                    for (JsonNode p : items) {
                        PowerControl control = java.util.Arrays.stream(PowerControl.values())
                                .filter(c -> p.isTextual() && c.manifestName().equals(p.asText())).findFirst()
                                .orElseThrow(() -> fail(field, "illegal value " + p
                                        + " (ForcePowerDown, ForceReboot or SetPowerProfile)"));
                        if (!power.add(control)) {
                            throw fail(field, p.asText() + " is listed twice");
                        }
                    }
                }
                default -> throw new IllegalStateException("unhandled capability " + cap);
            }
        }
        checkPins(peripherals);
        return new Capabilities(peripherals, connections, tcp, udp, appConnections, deviceAuth, storage, power, switches);
    }

    private List<String> peripheralValues(PeripheralKind kind, String field, JsonNode value, boolean realTime)
            throws ManifestException {
        List<String> out = new ArrayList<>();
        for (JsonNode item : array(value, field)) {
            JsonNode raw = item;
            if (item.isTextual() && item.asText().startsWith("$")) {
                if (realTime) {
                    throw fail(field, item.asText() + ": real-time capable apps give raw values; '$' names are for high-level apps");
                }
                raw = resolve(kind, field, item.asText().substring(1));
            }
            String granted;
            if (kind == PeripheralKind.GPIO) {
                if (!raw.isIntegralNumber() || !Mt3620Pins.isGpio(raw.asInt()) || raw.asLong() != raw.asInt()) {
                    throw fail(field, describe(item, raw) + " is not an MT3620 GPIO (0-23, 26-48, 56-75, 80)");
                }
                granted = Integer.toString(raw.asInt());
            } else {
                if (!raw.isTextual() || !Mt3620Pins.blocksFor(kind).contains(raw.asText())) {
                    throw fail(field, describe(item, raw) + " is not one of " + String.join(", ", Mt3620Pins.blocksFor(kind)));
                }
                granted = raw.asText();
            }
            if (out.contains(granted)) {
                throw fail(field, (kind == PeripheralKind.GPIO ? "GPIO " : "") + granted + " is listed twice");
            }
            out.add(granted);
        }
        return out;
    }

    private JsonNode resolve(PeripheralKind kind, String field, String name) throws ManifestException {
        HardwareDefinitions.Peripheral p;
        try {
            p = definitions.find(name).orElseThrow(() -> fail(field,
                    "$" + name + " is not defined in the hardware definitions (give --hardware-definitions)"));
        } catch (ManifestException e) {
            if (e.getMessage().startsWith("hardware definitions")) {
                throw fail(field, "$" + name + " is defined differently in more than one hardware definition file");
            }
            throw e;
        }
        if (!p.type().equals(kind.definitionType())) {
            throw fail(field, "$" + name + " is a " + p.type() + " in " + p.source() + ", not a " + kind.definitionType());
        }
        return p.appManifestValue().orElseThrow(() -> fail(field, "$" + name + " has no AppManifestValue in " + p.source()));
    }

    private static String describe(JsonNode item, JsonNode raw) {
        return item == raw ? item.toString() : item.asText() + " (= " + raw + ")";
    }

    /** No pin may be claimed twice, and an ISU serves one role at a time. */
    private static void checkPins(Map<PeripheralKind, List<String>> peripherals) throws ManifestException {
        Map<Integer, String> owners = new HashMap<>();
        Map<String, String> isuRoles = new HashMap<>();
        for (PeripheralKind kind : PeripheralKind.values()) {
            for (String v : peripherals.getOrDefault(kind, List.of())) {
                String who = kind.capability() + " " + v;
                if (v.startsWith("ISU")) {
                    String other = isuRoles.putIfAbsent(v, kind.capability());
                    if (other != null) {
                        throw fail("Capabilities." + kind.capability(), v + " is requested as both " + other + " and "
                                + kind.capability() + "; an ISU serves one role at a time");
                    }
                }
                List<Integer> pins = kind == PeripheralKind.GPIO ? List.of(Integer.parseInt(v))
                        : Mt3620Pins.pinsOf(v).orElseThrow();
                for (int pin : pins) {
                    String earlier = owners.putIfAbsent(pin, who);
                    if (earlier != null) {
                        throw fail("Capabilities." + kind.capability(), "multiple peripherals map to the same pin: "
                                + earlier + " and " + who + " both use GPIO " + pin);
                    }
                }
            }
        }
    }

    private static int mutableStorage(JsonNode value, String field) throws ManifestException {
        if (!value.isObject()) {
            throw fail(field, "must be {\"SizeKB\": n}");
        }
        for (Iterator<String> it = value.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!f.equals("SizeKB")) {
                throw fail(field + "." + f, "unknown field");
            }
        }
        JsonNode size = value.get("SizeKB");
        if (size == null || !size.isIntegralNumber() || size.asLong() < 0) {
            throw fail(field + ".SizeKB", "must be a whole number of KB");
        }
        if (size.asLong() > MAX_MUTABLE_STORAGE_KIB) {
            throw fail(field + ".SizeKB", "illegally large value for mutable storage size: " + size + " (at most "
                    + MAX_MUTABLE_STORAGE_KIB + ")");
        }
        return size.asInt();
    }

    private static void ports(JsonNode value, String field, List<Integer> out) throws ManifestException {
        for (JsonNode p : array(value, field)) {
            if (!p.isIntegralNumber() || p.asLong() < 1 || p.asLong() > 65535) {
                throw fail(field, p + " is not a port number 1-65535");
            }
            unique(out, p.asInt(), field);
        }
    }

    private static <T> void unique(List<T> list, T value, String field) throws ManifestException {
        if (list.contains(value)) {
            throw fail(field, value + " is listed twice");
        }
        list.add(value);
    }

    private static List<JsonNode> array(JsonNode value, String field) throws ManifestException {
        if (!value.isArray()) {
            throw fail(field, "must be an array");
        }
        List<JsonNode> items = new ArrayList<>();
        value.forEach(items::add);
        return items;
    }

    private static ApplicationType applicationType(JsonNode node) throws ManifestException {
        if (node == null) {
            return ApplicationType.DEFAULT;
        }
        for (ApplicationType t : ApplicationType.values()) {
            if (node.isTextual() && t.manifestName().equals(node.asText())) {
                return t;
            }
        }
        throw fail("ApplicationType", "unknown application type " + node + " (Default or RealTimeCapable)");
    }

    private static String requiredText(JsonNode root, String field) throws ManifestException {
        JsonNode node = root.get(field);
        if (node == null) {
            throw fail(field, "is missing");
        }
        if (!node.isTextual() || node.asText().isBlank()) {
            throw fail(field, "must be a non-empty string");
        }
        return node.asText();
    }

    private static UUID guid(JsonNode node, String field) throws ManifestException {
        if (node == null) {
            throw fail(field, "is missing");
        }
        if (!node.isTextual() || !GUID.matcher(node.asText()).matches()) {
            throw fail(field, node + " is not a GUID like 25025d2c-66da-4448-bae1-ac26fcdd3627");
        }
        return UUID.fromString(node.asText());
    }

    private static ManifestException fail(String field, String reason) {
        return new ManifestException(FILE, field, reason);
    }

}
