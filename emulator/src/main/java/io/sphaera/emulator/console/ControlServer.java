package io.sphaera.emulator.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.random.RandomGenerator;

/**
 * The running device's side of the control channel: listens on a loopback port, publishes it with a token in the
 * device's folder ({@link ControlEndpoint}), and answers one JSON request per connection, one at a time. Requests
 * without the token, too long or not JSON are refused with a line saying so; the device is never touched by them.
 */
public final class ControlServer implements Closeable {
    /** A request is a short JSON line; anything longer is not one of ours. */
    static final int MAX_REQUEST = 16 * 1024;
    private static final int READ_TIMEOUT_MILLIS = 5_000;

    private final ServerSocket socket;
    private final Path file;
    private final String token;
    private final ControlRequestHandler handler;
    private final Thread acceptor;

    private ControlServer(ServerSocket socket, Path file, String token, ControlRequestHandler handler) {
        this.socket = socket;
        this.file = file;
        this.token = token;
        this.handler = handler;
        // seam: host I/O for the developer's commands; each request is answered on the device's executor by the handler
        this.acceptor = Thread.ofPlatform().name("device-control").daemon().unstarted(this::serve);
    }

    /** Listens and publishes the endpoint in {@code deviceDir}; refuses if another run already publishes one there. */
    public static ControlServer start(Path deviceDir, RandomGenerator random, ControlRequestHandler handler) throws IOException {
        byte[] secret = new byte[16];
        random.nextBytes(secret);
        String token = HexFormat.of().formatHex(secret);
        ServerSocket socket = new ServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Path file = ControlEndpoint.file(deviceDir);
        Path partial = deviceDir.resolve(ControlEndpoint.FILE + ".partial");
        try {
            io.sphaera.service.pki.OwnerOnlyFiles.write(partial, new ControlEndpoint(socket.getLocalPort(), token).json());
            Files.move(partial, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            socket.close();
            Files.deleteIfExists(partial);
            throw e;
        }
        ControlServer server = new ControlServer(socket, file, token, handler);
        server.acceptor.start();
        return server;
    }

    public int port() {
        return socket.getLocalPort();
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket connection = socket.accept()) {
                connection.setSoTimeout(READ_TIMEOUT_MILLIS);
                String reply = reply(readLine(connection.getInputStream()));
                OutputStream out = connection.getOutputStream();
                out.write((reply + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                // A client that went away or sent nothing: the next one is served.
            }
        }
    }

    private String reply(String line) {
        ObjectNode answer = ControlEndpoint.JSON.createObjectNode();
        try {
            if (line == null) {
                throw new ControlException("the request is longer than " + MAX_REQUEST + " bytes or has no newline");
            }
            JsonNode request;
            try {
                request = ControlEndpoint.JSON.readTree(line);
            } catch (IOException e) {
                throw new ControlException("the request is not JSON");
            }
            if (request == null || !request.isObject()) {
                throw new ControlException("the request is not a JSON object");
            }
            if (!MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                    request.path("token").asText("").getBytes(StandardCharsets.UTF_8))) {
                throw new ControlException("the request's token is not this run's");
            }
            String command = request.path("command").asText("");
            answer.put("ok", true).set("result", handler.answer(command, request));
        } catch (ControlException e) {
            answer.removeAll();
            answer.put("ok", false).put("error", e.getMessage());
        } catch (RuntimeException e) {
            answer.removeAll();
            answer.put("ok", false).put("error", "the device failed to answer: " + e);
        }
        return answer.toString();
    }

    /** One line of at most {@link #MAX_REQUEST} bytes, or null if there is none within that. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                return line.toString(StandardCharsets.UTF_8);
            }
            if (line.size() == MAX_REQUEST) {
                return null;
            }
            line.write(b);
        }
        return null;
    }

    /** Stops listening and withdraws the endpoint. */
    @Override
    public void close() throws IOException {
        socket.close();
        Files.deleteIfExists(file);
        try {
            acceptor.join(READ_TIMEOUT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
