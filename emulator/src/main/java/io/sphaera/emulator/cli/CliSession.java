package io.sphaera.emulator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * The CLI's session with a security service, kept in WORKSPACE/cli-session.json (owner-only, as it holds a bearer
 * token): the service's URL, the token `sphaera login` or `sphaera tenant create` gave, and the selected tenant. The
 * service is trusted through the workspace's vendor root certificate, which its TLS certificate chains to.
 */
record CliSession(Path workspace, URI service, Optional<String> token, Optional<UUID> tenant) {
    static final String FILE = "cli-session.json";
    /** Where `sphaera service start` listens unless told otherwise. */
    static final String DEFAULT_SERVICE = "https://127.0.0.1:8443";
    private static final long MAX_FILE = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    static Path file(Path workspace) {
        return workspace.resolve(FILE);
    }

    /** The session kept in the workspace, if there is one. */
    static Optional<CliSession> find(Path workspace) {
        Path file = file(workspace);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        byte[] bytes = CliFiles.read(file, MAX_FILE, "session file");
        String broken = "session file " + file + " is damaged";
        try {
            JsonNode doc = JSON.readTree(bytes);
            if (doc == null || !doc.isObject() || !doc.path("Service").isTextual()) {
                throw CliFailure.invalidInput(broken + ": it has no \"Service\" (run 'sphaera login' again)");
            }
            URI service = parseService(doc.path("Service").asText());
            Optional<String> token = Optional.ofNullable(doc.get("Token")).filter(JsonNode::isTextual).map(JsonNode::asText)
                    .filter(t -> !t.isBlank());
            Optional<UUID> tenant = Optional.ofNullable(doc.get("TenantId")).filter(JsonNode::isTextual).map(JsonNode::asText)
                    .map(CliSession::tenantId);
            return Optional.of(new CliSession(workspace, service, token, tenant));
        } catch (IOException e) {
            throw CliFailure.invalidInput(broken + ": it is not JSON (run 'sphaera login' again)", e);
        } catch (CliFailure e) {
            throw CliFailure.invalidInput(broken + ": " + e.getMessage() + " (run 'sphaera login' again)", e);
        }
    }

    /** The session, or a failure saying to log in. */
    static CliSession load(Path workspace) {
        return find(workspace).orElseThrow(() -> new CliFailure(ExitCode.USAGE, "not logged in to a security service: run 'sphaera login"
                + " --service URL' first (no " + FILE + " in " + workspace + ")"));
    }

    /** The session's token, or a failure saying how to get one. */
    String requireToken() {
        return token.orElseThrow(() -> new CliFailure(ExitCode.USAGE, "the session with " + service + " has no token: run"
                + " 'sphaera login --token TOKEN' or 'sphaera tenant create --name NAME'"));
    }

    /** The selected tenant, or a failure saying how to select one. */
    UUID requireTenant() {
        requireToken();
        return tenant.orElseThrow(() -> new CliFailure(ExitCode.USAGE, "no tenant selected: run 'sphaera tenant select --tenant ID'"
                + " or 'sphaera tenant create --name NAME'"));
    }

    CliSession withToken(String newToken) {
        return new CliSession(workspace, service, Optional.of(newToken), Optional.empty());
    }

    CliSession withTenant(UUID selected) {
        return new CliSession(workspace, service, token, Optional.of(selected));
    }

    /** Checks, before the service is asked to change anything, that the session file could then be written. */
    void checkWritable() {
        CliFiles.checkWritable(file(workspace), true, "session file", java.util.List.of());
    }

    void save() {
        ObjectNode doc = JSON.createObjectNode().put("Service", service.toString());
        token.ifPresent(t -> doc.put("Token", t));
        tenant.ifPresent(t -> doc.put("TenantId", t.toString()));
        try {
            CliFiles.write(file(workspace), JSON.writeValueAsBytes(doc), true, true, "session file");
        } catch (IOException e) {
            throw CliFailure.invalidInput("cannot encode the session: " + e.getMessage(), e);
        }
    }

    /** The address to connect to, by the name the service's certificate must carry. */
    InetSocketAddress address() {
        String host = service.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new InetSocketAddress(host, service.getPort() == -1 ? 443 : service.getPort());
    }

    /** The vendor root the service's TLS certificate must chain to, as DER. */
    byte[] trustAnchorDer() {
        return trustAnchorDer(workspace);
    }

    static byte[] trustAnchorDer(Path workspace) {
        Path pem = workspace.resolve("vendor").resolve("root.cert.pem");
        if (!Files.isRegularFile(pem)) {
            throw CliFailure.invalidInput("no vendor root certificate at " + pem + ": the session trusts the service through it"
                    + " (give --workspace of the service's workspace)");
        }
        byte[] text = CliFiles.read(pem, MAX_FILE, "vendor root certificate");
        try {
            return CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(text)).getEncoded();
        } catch (CertificateException e) {
            throw CliFailure.invalidInput("vendor root certificate " + pem + " is not an X.509 certificate", e);
        }
    }

    /** An https://HOST[:PORT] URL, the only form the service is reached by. */
    static URI parseService(String text) {
        String bad = "--service '" + text + "' is not an https://HOST[:PORT] URL";
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw CliFailure.invalidInput(bad, e);
        }
        if (uri.getScheme() == null || !uri.getScheme().toLowerCase(Locale.ROOT).equals("https")) {
            throw CliFailure.invalidInput(bad + ": the service speaks HTTPS only");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null
                || !(uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))) {
            throw CliFailure.invalidInput(bad);
        }
        if (uri.getPort() == 0 || uri.getPort() > 65535) {
            throw CliFailure.invalidInput(bad + ": the port is outside 1..65535");
        }
        return URI.create("https://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort()));
    }

    static UUID tenantId(String text) {
        try {
            UUID id = UUID.fromString(text.strip());
            if (!id.toString().equals(text.strip().toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("not canonical");
            }
            return id;
        } catch (IllegalArgumentException e) {
            throw CliFailure.invalidInput("'" + text + "' is not a tenant ID (a UUID such as 0f8fad5b-d9cb-469f-a165-70867728950e)");
        }
    }
}
