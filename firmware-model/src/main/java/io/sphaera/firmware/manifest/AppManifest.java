package io.sphaera.firmware.manifest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalInt;
import java.util.UUID;

/**
 * A validated app_manifest.json. {@link #toJson()} writes it back in the platform's field names with every
 * "$NAME" replaced by its value: the form packed into an image, which a device reads without hardware definitions.
 */
public record AppManifest(
        int schemaVersion,
        String name,
        UUID componentId,
        String entryPoint,
        List<String> cmdArgs,
        ApplicationType applicationType,
        OptionalInt mallocVersion,
        Capabilities capabilities) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public AppManifest {
        cmdArgs = List.copyOf(cmdArgs);
    }

    public boolean isRealTime() {
        return applicationType == ApplicationType.REAL_TIME_CAPABLE;
    }

    /** The executable's path inside the package: the EntryPoint without its leading '/'. */
    public String executablePath() {
        return entryPoint.substring(1);
    }

    public byte[] toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("SchemaVersion", schemaVersion);
        root.put("Name", name);
        root.put("ComponentId", componentId.toString());
        root.put("EntryPoint", entryPoint);
        ArrayNode args = root.putArray("CmdArgs");
        cmdArgs.forEach(args::add);
        ObjectNode caps = root.putObject("Capabilities");
        for (PeripheralKind kind : PeripheralKind.values()) {
            List<String> granted = capabilities.granted(kind);
            if (!granted.isEmpty()) {
                ArrayNode a = caps.putArray(kind.capability());
                granted.forEach(v -> {
                    if (kind == PeripheralKind.GPIO) {
                        a.add(Integer.parseInt(v));
                    } else {
                        a.add(v);
                    }
                });
            }
        }
        if (!capabilities.allowedConnections().isEmpty()) {
            capabilities.allowedConnections().forEach(caps.putArray("AllowedConnections")::add);
        }
        if (!capabilities.allowedTcpServerPorts().isEmpty()) {
            capabilities.allowedTcpServerPorts().forEach(caps.putArray("AllowedTcpServerPorts")::add);
        }
        if (!capabilities.allowedUdpServerPorts().isEmpty()) {
            capabilities.allowedUdpServerPorts().forEach(caps.putArray("AllowedUdpServerPorts")::add);
        }
        if (!capabilities.allowedApplicationConnections().isEmpty()) {
            ArrayNode a = caps.putArray("AllowedApplicationConnections");
            capabilities.allowedApplicationConnections().forEach(id -> a.add(id.toString()));
        }
        capabilities.deviceAuthentication().ifPresent(t -> caps.put("DeviceAuthentication", t.toString()));
        capabilities.mutableStorageKiB().ifPresent(kb -> caps.putObject("MutableStorage").put("SizeKB", kb));
        if (!capabilities.powerControls().isEmpty()) {
            ArrayNode a = caps.putArray("PowerControls");
            for (PowerControl p : PowerControl.values()) {
                if (capabilities.powerControls().contains(p)) {
                    a.add(p.manifestName());
                }
            }
        }
        capabilities.switches().stream().sorted().forEach(s -> caps.put(s, true));
        root.put("ApplicationType", applicationType.manifestName());
        mallocVersion.ifPresent(v -> root.put("MallocVersion", v));
        try {
            return (JSON.writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain values always serializes", e);
        }
    }
}
