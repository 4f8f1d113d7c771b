package io.sphaera.emulator.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Where a running device listens for control requests: a file in its folder naming a loopback port and a secret
 * token, readable by its owner only. A loopback port rather than a Unix socket because a device folder's path is too
 * long for one (the device ID alone is 128 characters); the token keeps other local users out.
 */
public record ControlEndpoint(int port, String token) {
    /** The file's name in the device's folder. */
    public static final String FILE = "control.json";
    static final ObjectMapper JSON = new ObjectMapper();
    public static final com.fasterxml.jackson.databind.node.JsonNodeFactory JSON_FACTORY = JSON.getNodeFactory();

    public static Path file(Path deviceDir) {
        return deviceDir.resolve(FILE);
    }

    /** The endpoint a running device published, or a one-line reason there is none. */
    public static ControlEndpoint read(Path deviceDir) throws ControlException {
        Path f = file(deviceDir);
        try {
            JsonNode n = JSON.readTree(Files.readString(f, StandardCharsets.UTF_8));
            int port = n.path("port").asInt(-1);
            String token = n.path("token").asText("");
            if (port <= 0 || port > 65535 || token.isEmpty()) {
                throw new ControlException(f + " is damaged: no port or token (delete it if no `device run` is running)");
            }
            return new ControlEndpoint(port, token);
        } catch (NoSuchFileException e) {
            throw new ControlException("the device is not running: start it with `sphaera device run`");
        } catch (IOException e) {
            throw new ControlException("cannot read " + f + ": " + e.getMessage());
        }
    }

    String json() {
        ObjectNode n = JSON.createObjectNode().put("port", port).put("token", token);
        return n.toString();
    }
}
