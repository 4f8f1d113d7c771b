package io.sphaera.emulator.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** One request to a running device, as another `sphaera` command makes it: a JSON line out, a JSON line back. */
public final class ControlClient {
    /** How long a command waits for the device (real time: the device runs in real time). */
    static final int TIMEOUT_MILLIS = 10_000;

    private ControlClient() {
    }

    /**
     * Sends {@code command} with its {@code arguments} to the device whose folder is {@code deviceDir}; returns the
     * answer's "result".
     */
    public static JsonNode ask(Path deviceDir, String command, ObjectNode arguments) throws ControlException {
        ControlEndpoint endpoint = ControlEndpoint.read(deviceDir);
        ObjectNode request = arguments.deepCopy().put("command", command).put("token", endpoint.token());
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), endpoint.port()), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            out.write((request + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            String line = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            if (line == null) {
                throw new ControlException("the device closed the control connection without an answer");
            }
            JsonNode answer = ControlEndpoint.JSON.readTree(line);
            if (!answer.path("ok").asBoolean(false)) {
                throw new ControlException(answer.path("error").asText("the device refused the request"));
            }
            return answer.path("result");
        } catch (ConnectException e) {
            throw new ControlException("the device is not running (nothing listens on its control port " + endpoint.port()
                    + "; " + ControlEndpoint.file(deviceDir) + " is left from a run that ended)");
        } catch (IOException e) {
            throw new ControlException("the control connection to the device failed: " + e.getMessage());
        }
    }
}
