package io.sphaera.firmware.manifest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Hardware definition files as the platform writes them (JSON with Metadata, Imports and Peripherals), loaded and
 * resolved so that a manifest's "$NAME" finds its value. A peripheral either gives its AppManifestValue or maps onto
 * a name from the files it imports, transitively. Imports are looked up beside the importing file, then in the
 * other given directories, then among the definitions shipped with Sphaera (mt3620.json, mt3620_rdb.json,
 * sample_appliance.json).
 */
public final class HardwareDefinitions {
    /** A resolved peripheral name: its Type and, for the ones an app manifest can name, the value to grant. */
    public record Peripheral(String name, String type, Optional<JsonNode> appManifestValue, String source) {
    }

    private static final String SHIPPED = "/io/sphaera/firmware/hardware/";
    private static final List<String> SHIPPED_FILES = List.of("mt3620.json", "mt3620_rdb.json", "sample_appliance.json");
    private static final String TYPE = "Azure Sphere Hardware Definition";
    private static final long MAX_FILE_BYTES = 4L * 1024 * 1024;
    private static final int MAX_IMPORT_DEPTH = 16;
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final Map<String, Peripheral> visible;
    private final Set<String> ambiguous;

    private HardwareDefinitions(Map<String, Peripheral> visible, Set<String> ambiguous) {
        this.visible = visible;
        this.ambiguous = ambiguous;
    }

    /** No names at all: for manifests already packed, whose values must be raw. */
    public static HardwareDefinitions none() {
        return new HardwareDefinitions(Map.of(), Set.of());
    }

    /** The definitions shipped with Sphaera: the MT3620 chip, its reference board and the samples' abstraction. */
    public static HardwareDefinitions shipped() {
        try {
            return new Loader(List.of()).loadAll(SHIPPED_FILES.stream().map(Source::shipped).toList());
        } catch (ManifestException e) {
            throw new IllegalStateException("a shipped hardware definition is broken: " + e.getMessage(), e);
        }
    }

    /** Every *.json file in the directories, plus the shipped definitions for anything they import. */
    public static HardwareDefinitions load(List<Path> directories) throws ManifestException {
        List<Source> tops = new ArrayList<>();
        for (Path dir : directories) {
            if (!Files.isDirectory(dir)) {
                throw new ManifestException(dir.toString(), "", "hardware definitions directory does not exist");
            }
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
                List<Path> sorted = new ArrayList<>();
                files.forEach(sorted::add);
                sorted.sort(null);
                sorted.forEach(p -> tops.add(Source.file(p)));
            } catch (IOException e) {
                throw new ManifestException(dir.toString(), "", "cannot list the directory: " + e.getMessage());
            }
        }
        if (tops.isEmpty()) {
            return shipped();
        }
        return new Loader(directories).loadAll(tops);
    }

    /**
     * Looks a name up (without its '$').
     *
     * @throws ManifestException when two loaded files define the name with different values
     */
    public Optional<Peripheral> find(String name) throws ManifestException {
        if (ambiguous.contains(name)) {
            throw new ManifestException("hardware definitions", name, "defined differently in more than one file");
        }
        return Optional.ofNullable(visible.get(name));
    }

    public int size() {
        return visible.size();
    }

    /** Where a definition's text comes from: a file, or a resource shipped in this jar. */
    private record Source(String key, String displayName, Path file) {
        static Source file(Path p) {
            Path abs = p.toAbsolutePath().normalize();
            return new Source(abs.toString(), abs.getFileName().toString(), abs);
        }

        static Source shipped(String name) {
            return new Source("shipped:" + name, name, null);
        }

        byte[] read() throws ManifestException {
            try {
                if (file == null) {
                    try (InputStream in = Objects.requireNonNull(HardwareDefinitions.class.getResourceAsStream(SHIPPED + displayName))) {
                        return in.readAllBytes();
                    }
                }
                if (Files.size(file) > MAX_FILE_BYTES) {
                    throw new ManifestException(displayName, "", "larger than " + MAX_FILE_BYTES + " bytes");
                }
                return Files.readAllBytes(file);
            } catch (IOException e) {
                throw new ManifestException(displayName, "", "cannot read: " + e.getMessage());
            }
        }
    }

    /** One loading pass: parses each file once and resolves every name against its imports. */
    private static final class Loader {
        private final List<Path> directories;
        private final Map<String, Map<String, Peripheral>> scopes = new HashMap<>();
        private final List<String> inProgress = new ArrayList<>();

        Loader(List<Path> directories) {
            this.directories = directories;
        }

        HardwareDefinitions loadAll(List<Source> tops) throws ManifestException {
            Map<String, Peripheral> visible = new LinkedHashMap<>();
            Set<String> ambiguous = new java.util.HashSet<>();
            for (Source top : tops) {
                for (Peripheral p : scope(top).values()) {
                    Peripheral earlier = visible.putIfAbsent(p.name(), p);
                    if (earlier != null && !(earlier.type().equals(p.type()) && earlier.appManifestValue().equals(p.appManifestValue()))) {
                        ambiguous.add(p.name());
                    }
                }
            }
            return new HardwareDefinitions(visible, Set.copyOf(ambiguous));
        }

        /** Every name a file can see: its imports' names and its own, resolved. */
        private Map<String, Peripheral> scope(Source source) throws ManifestException {
            Map<String, Peripheral> done = scopes.get(source.key());
            if (done != null) {
                return done;
            }
            if (inProgress.contains(source.key())) {
                throw new ManifestException(source.displayName(), "Imports", "imports form a cycle");
            }
            if (inProgress.size() >= MAX_IMPORT_DEPTH) {
                throw new ManifestException(source.displayName(), "Imports", "imports nest deeper than " + MAX_IMPORT_DEPTH);
            }
            inProgress.add(source.key());
            JsonNode root = parse(source);
            Map<String, Peripheral> imported = new LinkedHashMap<>();
            JsonNode imports = root.path("Imports");
            if (!imports.isMissingNode() && !imports.isArray()) {
                throw new ManifestException(source.displayName(), "Imports", "must be an array of {\"Path\": ...}");
            }
            for (int i = 0; i < imports.size(); i++) {
                JsonNode path = imports.get(i).path("Path");
                if (!path.isTextual() || path.asText().isBlank()) {
                    throw new ManifestException(source.displayName(), "Imports[" + i + "].Path", "must be a file name");
                }
                imported.putAll(scope(locate(source, path.asText(), i)));
            }
            Map<String, Peripheral> own = new LinkedHashMap<>(imported);
            JsonNode peripherals = root.path("Peripherals");
            if (!peripherals.isArray()) {
                throw new ManifestException(source.displayName(), "Peripherals", "must be an array");
            }
            Set<String> ownNames = new java.util.HashSet<>();
            for (int i = 0; i < peripherals.size(); i++) {
                Peripheral p = peripheral(source, peripherals.get(i), i, imported);
                if (!ownNames.add(p.name())) {
                    throw new ManifestException(source.displayName(), "Peripherals[" + i + "]", p.name() + " is defined twice");
                }
                own.put(p.name(), p);
            }
            inProgress.remove(source.key());
            scopes.put(source.key(), own);
            return own;
        }

        private Peripheral peripheral(Source source, JsonNode entry, int i, Map<String, Peripheral> imported)
                throws ManifestException {
            String field = "Peripherals[" + i + "]";
            JsonNode name = entry.path("Name");
            JsonNode type = entry.path("Type");
            if (!name.isTextual() || !name.asText().matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new ManifestException(source.displayName(), field + ".Name", "must be an identifier");
            }
            if (!type.isTextual() || type.asText().isBlank()) {
                throw new ManifestException(source.displayName(), field + ".Type", "is missing");
            }
            JsonNode mapping = entry.get("Mapping");
            JsonNode value = entry.get("AppManifestValue");
            if (mapping != null && value != null) {
                throw new ManifestException(source.displayName(), field, name.asText() + " has both Mapping and AppManifestValue");
            }
            if (mapping != null) {
                Peripheral target = mapping.isTextual() ? imported.get(mapping.asText()) : null;
                if (target == null) {
                    throw new ManifestException(source.displayName(), field + ".Mapping",
                            name.asText() + " maps to " + mapping + ", which its imports do not define");
                }
                if (!target.type().equals(type.asText())) {
                    throw new ManifestException(source.displayName(), field + ".Type", name.asText() + " is " + type.asText()
                            + " but maps to " + target.name() + " of type " + target.type());
                }
                return new Peripheral(name.asText(), type.asText(), target.appManifestValue(), source.displayName());
            }
            if (value != null && !(value.isTextual() || value.isIntegralNumber())) {
                throw new ManifestException(source.displayName(), field + ".AppManifestValue", "must be a string or an integer");
            }
            return new Peripheral(name.asText(), type.asText(), Optional.ofNullable(value), source.displayName());
        }

        private Source locate(Source from, String importPath, int i) throws ManifestException {
            Path relative;
            try {
                relative = Path.of(importPath);
            } catch (java.nio.file.InvalidPathException e) {
                throw new ManifestException(from.displayName(), "Imports[" + i + "].Path", "'" + importPath + "' is not a file path");
            }
            if (relative.getFileName() == null) {
                throw new ManifestException(from.displayName(), "Imports[" + i + "].Path", "'" + importPath + "' names no file");
            }
            List<Path> candidates = new ArrayList<>();
            if (from.file() != null) {
                candidates.add(from.file().resolveSibling(relative));
            }
            directories.forEach(d -> candidates.add(d.resolve(relative)));
            for (Path c : candidates) {
                if (Files.isRegularFile(c)) {
                    return Source.file(c);
                }
            }
            String fileName = relative.getFileName().toString();
            if (SHIPPED_FILES.contains(fileName)) {
                return Source.shipped(fileName);
            }
            throw new ManifestException(from.displayName(), "Imports[" + i + "].Path", "cannot find " + importPath);
        }

        private static JsonNode parse(Source source) throws ManifestException {
            JsonNode root;
            try {
                root = JSON.readTree(source.read());
            } catch (JsonProcessingException e) {
                throw new ManifestException(source.displayName(), "", "not valid JSON: " + e.getOriginalMessage());
            } catch (IOException e) {
                throw new ManifestException(source.displayName(), "", "cannot read: " + e.getMessage());
            }
            if (root == null || !root.isObject()) {
                throw new ManifestException(source.displayName(), "", "must be a JSON object");
            }
            JsonNode metadata = root.path("Metadata");
            if (!TYPE.equals(metadata.path("Type").asText()) || metadata.path("Version").asInt(-1) != 1) {
                throw new ManifestException(source.displayName(), "Metadata",
                        "must be {\"Type\": \"" + TYPE + "\", \"Version\": 1}");
            }
            return root;
        }
    }
}
