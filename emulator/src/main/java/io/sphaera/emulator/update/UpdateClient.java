package io.sphaera.emulator.update;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.HttpMethod;
import io.sphaera.emulator.network.DeviceCertificate;
import io.sphaera.emulator.network.DeviceTls;
import io.sphaera.emulator.network.ServiceConnection;
import io.sphaera.emulator.network.ServiceReply;
import io.sphaera.firmware.update.UpdateManifestCodec;
import io.netty.handler.ssl.SslContext;
import io.sphaera.pluton.Pluton;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The update agent's conversation with the security service, over mutual TLS with the device's daily certificate: the
 * device's update manifest, ranges of image bytes, and update reports. Nothing the service says is trusted here: the
 * agent verifies the manifest and every image against it.
 */
final class UpdateClient {
    static final String MANIFEST = "/v1/device/update-manifest";
    static final String REPORT = "/v1/device/update-report";

    private final EventLoopGroup network;
    private final byte[] rootDer;
    private final InetSocketAddress service;

    UpdateClient(EventLoopGroup network, byte[] rootDer, InetSocketAddress service) {
        this.network = network;
        this.rootDer = rootDer.clone();
        this.service = service;
    }

    /** The TLS context of the last connection: building one costs about as much as a handshake, so it is reused. */
    private SslContext context;
    private Pluton contextPluton;
    private DeviceCertificate contextCertificate;

    /** Connects with the device's certificate; on the device's executor. */
    CompletableFuture<ServiceConnection> connect(Pluton pluton, DeviceCertificate certificate) {
        try {
            if (context == null || contextPluton != pluton || !certificate.equals(contextCertificate)) {
                context = DeviceTls.mutual(rootDer, pluton, certificate);
                contextPluton = pluton;
                contextCertificate = certificate;
            }
            return ServiceConnection.open(network, context, service);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    static CompletableFuture<byte[]> manifest(ServiceConnection c) {
        return c.send(HttpMethod.GET, MANIFEST, (com.fasterxml.jackson.databind.JsonNode) null, null).thenApply(reply -> {
            ok(reply, 200, "the update manifest");
            if (reply.bytes().length > UpdateManifestCodec.MAX_ENVELOPE_BYTES) {
                throw new CompletionException(new IOException("the update manifest is over "
                        + UpdateManifestCodec.MAX_ENVELOPE_BYTES + " bytes"));
            }
            return reply.bytes();
        });
    }

    /** Bytes {@code from} .. {@code to} (inclusive) of an image: exactly those, or the future fails. */
    static CompletableFuture<byte[]> range(ServiceConnection c, UUID imageId, long from, long to) {
        return c.sendWithRange("/v1/device/images/" + imageId, "bytes=" + from + "-" + to).thenApply(reply -> {
            ok(reply, 206, "image " + imageId);
            if (reply.bytes().length != to - from + 1) {
                // More than asked is endless data; less is a short read. Either way these bytes are not used.
                throw new CompletionException(new IOException("image " + imageId + ": asked for " + (to - from + 1)
                        + " bytes, the service sent " + reply.bytes().length));
            }
            return reply.bytes();
        });
    }

    static CompletableFuture<Void> report(ServiceConnection c, UpdateOutcome outcome, List<InstalledApp> installed) {
        ObjectNode body = ServiceConnection.json().createObjectNode().put("ManifestVersion", outcome.manifestVersion())
                .put("Deployment", outcome.deployment().map(UUID::toString).orElse(null)).put("Outcome", outcome.outcome())
                .put("Detail", outcome.detail().length() > 1024 ? outcome.detail().substring(0, 1024) : outcome.detail());
        ArrayNode images = body.putArray("InstalledImages");
        for (InstalledApp i : installed) {
            images.addObject().put("ImageId", i.imageId().toString()).put("ComponentId", i.componentId().toString())
                    .put("Version", i.version());
        }
        return c.post(REPORT, body).thenAccept(reply -> ok(reply, 200, "the update report"));
    }

    private static void ok(ServiceReply reply, int expected, String what) {
        if (reply.status() != expected) {
            throw new CompletionException(new IOException(what + ": the service answered " + reply.status() + ": " + reply.error()));
        }
    }
}
