package io.sphaera.emulator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.codec.http.HttpMethod;
import io.sphaera.emulator.network.ServiceConnection;
import io.sphaera.emulator.network.ServiceReply;
import io.sphaera.service.http.ServiceTls;
import java.net.ConnectException;
import java.net.URLEncoder;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * One command's TLS connection to the service's admin face, trusting the workspace's vendor root only. Each call
 * returns the service's JSON document or ends the command: a refusal (4xx) exits 3 with the service's reason, a
 * service failure (5xx) exits 1, a service that cannot be reached or trusted exits 3 or 4. Lists are fetched whole,
 * page after page.
 */
final class AdminConnection implements AutoCloseable {
    static final int PAGE_SIZE = 100;
    private static final long CONNECT_SECONDS = 15;
    private static final long REPLY_SECONDS = 30;
    private static final int MAX_PAGES = 100_000;

    private final ServiceConnection connection;
    private final String service;

    private AdminConnection(ServiceConnection connection, String service) {
        this.connection = connection;
        this.service = service;
    }

    /** Runs one command's work on its own connection and event loop, both gone when it returns. */
    static <T> T during(CliSession session, Function<AdminConnection, T> work) {
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory()); // seam: the real-time loop of this command's one TLS connection
        try (AdminConnection c = open(loops, session)) {
            return work.apply(c);
        } finally {
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** As {@link #during}, for a command that acts for the selected tenant: without one it ends before connecting. */
    static <T> T forTenant(CliSession session, Function<AdminConnection, T> work) {
        session.requireTenant();
        return during(session, work);
    }

    /** Connects on {@code loops}, which the caller made and shuts down when it ends. */
    private static AdminConnection open(EventLoopGroup loops, CliSession session) {
        byte[] root = session.trustAnchorDer();
        String service = session.service().toString();
        CompletableFuture<ServiceConnection> opening;
        try {
            opening = ServiceConnection.open(loops, ServiceTls.client(root), session.address());
        } catch (SSLException e) {
            throw CliFailure.invalidInput("cannot set up TLS to trust " + session.workspace().resolve("vendor/root.cert.pem")
                    + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw CliFailure.invalidInput("cannot reach the security service at " + service + ": the host name does not resolve", e);
        }
        try {
            return new AdminConnection(opening.get(CONNECT_SECONDS, TimeUnit.SECONDS), service);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SSLHandshakeException || (cause instanceof SSLException && !(cause.getCause() instanceof ConnectException))) {
                throw new CliFailure(ExitCode.VERIFICATION_FAILED, "the security service at " + service + " is not trusted: its TLS"
                        + " certificate does not chain to the vendor root of " + session.workspace() + " or does not name "
                        + session.service().getHost() + " (" + oneLine(cause) + ")", cause);
            }
            if (cause instanceof UnresolvedAddressException) {
                throw CliFailure.invalidInput("cannot reach the security service at " + service + ": the host name does not resolve", cause);
            }
            throw CliFailure.invalidInput("cannot reach the security service at " + service + ": " + oneLine(cause)
                    + " (is 'sphaera service start' running there?)", cause);
        } catch (TimeoutException e) {
            opening.thenAccept(ServiceConnection::close);
            throw CliFailure.invalidInput("the security service at " + service + " did not complete a TLS handshake in "
                    + CONNECT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliFailure.invalidInput("interrupted while connecting to " + service, e);
        }
    }

    /**
     * One call.
     *
     * @param action what the call does, for the error line: "create product 'Widget'"
     */
    JsonNode call(HttpMethod method, String path, JsonNode body, String token, String action) {
        return answer(connection.send(method, path, body, token), path, action);
    }

    /** Sends raw bytes (an image package) and reads the JSON answer as {@link #call} does. */
    JsonNode upload(String path, byte[] bytes, String token, String action) {
        return answer(connection.send(HttpMethod.POST, path, bytes, "application/octet-stream", token), path, action);
    }

    private JsonNode answer(java.util.concurrent.CompletableFuture<ServiceReply> sent, String path, String action) {
        ServiceReply reply;
        try {
            reply = sent.get(REPLY_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw CliFailure.invalidInput("cannot " + action + ": the connection to " + service + " failed: " + oneLine(e.getCause()),
                    e.getCause());
        } catch (TimeoutException e) {
            throw CliFailure.invalidInput("cannot " + action + ": " + service + " did not answer in " + REPLY_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliFailure.invalidInput("interrupted while waiting for " + service, e);
        }
        if (reply.ok() && reply.body() != null) {
            return reply.body();
        }
        if (reply.status() == 401) {
            boolean operatorCall = path.equals("/v2/tenants") || path.startsWith("/v2/tenants?");
            throw CliFailure.invalidInput("cannot " + action + ": " + reply.error() + (operatorCall
                    ? " (401; give --operator-token, the content of the service's operator.token)"
                    : " (401; run 'sphaera login --token TOKEN' with a valid token)"));
        }
        if (reply.status() >= 400 && reply.status() < 500) {
            throw CliFailure.invalidInput("cannot " + action + ": " + reply.error() + " (" + reply.status() + ")");
        }
        throw new CliFailure(ExitCode.INTERNAL, "cannot " + action + ": the service at " + service + " failed: " + reply.error()
                + " (" + reply.status() + ")");
    }

    /** Every item of a list, following the continuation token from page to page. */
    List<JsonNode> list(String path, String token, String action) {
        List<JsonNode> items = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String continuation = null;
        String separator = path.contains("?") ? "&" : "?";
        for (int pages = 0; pages < MAX_PAGES; pages++) {
            String page = path + separator + "maxPageSize=" + PAGE_SIZE
                    + (continuation == null ? "" : "&continuationToken=" + URLEncoder.encode(continuation, StandardCharsets.UTF_8));
            JsonNode doc = call(HttpMethod.GET, page, null, token, action);
            JsonNode pageItems = doc.path("Items");
            if (!pageItems.isArray()) {
                throw new CliFailure(ExitCode.INTERNAL, "cannot " + action + ": the service's reply has no Items list");
            }
            pageItems.forEach(items::add);
            JsonNode next = doc.get("ContinuationToken");
            if (next == null || next.isNull() || next.asText().isEmpty()) {
                return items;
            }
            continuation = next.asText();
            if (!seen.add(continuation)) {
                throw new CliFailure(ExitCode.INTERNAL, "cannot " + action + ": the service repeated a continuation token");
            }
        }
        throw new CliFailure(ExitCode.INTERNAL, "cannot " + action + ": the list has more than " + MAX_PAGES + " pages");
    }

    private static String oneLine(Throwable t) {
        if (t == null) {
            return "unknown failure";
        }
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName().replace("Exception", " failure") : m;
    }

    @Override
    public void close() {
        connection.close();
    }
}
