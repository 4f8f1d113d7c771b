package io.sphaera.emulator.network;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.sphaera.emulator.device.Mt3620Device;
import io.sphaera.pluton.PlutonException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Device authentication and attestation from the device's side: connect to the service, ask for a challenge, have
 * Pluton sign evidence of the last boot for that nonce (on the device's executor), send it with the factory
 * certificate, and keep the certificates that come back. One connection per attempt, closed after it.
 */
public final class DeviceAuthentication {
    private final EventLoopGroup network;
    private final SslContext tls;
    private final InetSocketAddress service;

    public DeviceAuthentication(EventLoopGroup network, SslContext tls, InetSocketAddress service) {
        this.network = network;
        this.tls = tls;
        this.service = service;
    }

    /** Refused by the service: its status and reason. */
    public static final class Refused extends IOException {
        private final int status;

        public Refused(int status, String reason) {
            super("the security service refused (" + status + "): " + reason);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    public CompletableFuture<DeviceCertificate> authenticate(Mt3620Device device) {
        return ServiceConnection.open(network, tls, service).thenCompose(connection -> {
            CompletableFuture<DeviceCertificate> done = attest(device, connection);
            done.whenComplete((c, e) -> connection.close());
            return done;
        });
    }

    private CompletableFuture<DeviceCertificate> attest(Mt3620Device device, ServiceConnection connection) {
        String deviceId;
        byte[] factory;
        try {
            deviceId = device.pluton().deviceId().hex();
            factory = device.pluton().factoryCertificate().orElseThrow(() -> new PlutonException("the device has no factory certificate"));
        } catch (PlutonException e) {
            return CompletableFuture.failedFuture(e);
        }
        JsonNode ask = ServiceConnection.json().createObjectNode().put("DeviceId", deviceId);
        return connection.post("/v1/device/challenge", ask)
                .thenApplyAsync(reply -> {
                    byte[] nonce = Base64.getDecoder().decode(required(reply).path("Nonce").asText());
                    try {
                        return device.pluton().attest(nonce);
                    } catch (PlutonException e) {
                        throw new CompletionException(e);
                    }
                }, device.seams().executor())
                .thenCompose(evidence -> connection.post("/v1/device/attest", ServiceConnection.json().createObjectNode()
                        .put("DeviceId", deviceId)
                        .put("FactoryCertificate", Base64.getEncoder().encodeToString(factory))
                        .put("Evidence", Base64.getEncoder().encodeToString(evidence))))
                .thenApply(reply -> {
                    JsonNode body = required(reply);
                    List<String> chain = new ArrayList<>();
                    body.path("DeviceCertificateChain").forEach(n -> chain.add(n.asText()));
                    return new DeviceCertificate(body.path("DeviceCertificate").asText(), chain,
                            body.path("UpdateCertificate").asText(), Instant.parse(body.path("NotAfter").asText()));
                });
    }

    private static JsonNode required(ServiceReply reply) {
        if (!reply.ok()) {
            throw new CompletionException(new Refused(reply.status(), reply.error()));
        }
        return reply.body();
    }
}
