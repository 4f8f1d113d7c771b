package io.sphaera.emulator.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.ssl.SslContext;
import io.sphaera.emulator.network.ServiceConnection;
import io.sphaera.emulator.network.ServiceReply;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A tenant's administrator on the service's admin API over TLS, as a harness (the rollout story, tests, benchmarks)
 * uses it: upload an image, deploy images to a group in stages, read a rollout and a device's deployment status.
 */
public final class TenantAdmin {
    private final EventLoopGroup loops;
    private final SslContext tls;
    private final InetSocketAddress service;
    private final UUID tenant;
    private final String token;

    public TenantAdmin(EventLoopGroup loops, SslContext tls, InetSocketAddress service, UUID tenant, String token) {
        this.loops = loops;
        this.tls = tls;
        this.service = service;
        this.tenant = tenant;
        this.token = token;
    }

    /** Uploads an image package (the service production-signs it): its image ID. */
    public UUID upload(byte[] image) throws IOException {
        ServiceReply r = call(HttpMethod.POST, "/images", image, "application/octet-stream");
        return UUID.fromString(r.body().path("Id").asText());
    }

    /**
     * Deploys images to a group, rolled out in stages (fractions of the group, the last 1.0) that pause by themselves
     * when failures pass {@code failureThreshold} of the devices reached: the deployment's ID.
     */
    public UUID deploy(UUID group, List<UUID> images, List<Double> stages, double failureThreshold) throws IOException {
        ObjectNode body = ServiceConnection.json().createObjectNode();
        ArrayNode ids = body.putArray("ImageIds");
        images.forEach(i -> ids.add(i.toString()));
        if (!stages.isEmpty()) {
            ArrayNode s = body.putArray("Stages");
            stages.forEach(s::add);
            body.put("FailureThreshold", failureThreshold);
        }
        ServiceReply r = call(HttpMethod.POST, "/devicegroups/" + group + "/deployments", json(body), "application/json");
        return UUID.fromString(r.body().path("Id").asText());
    }

    /** The rollout of a deployment: its state and stages, as the service reports them. */
    public JsonNode rollout(UUID group, UUID deployment) throws IOException {
        return call(HttpMethod.GET, "/devicegroups/" + group + "/deployments/" + deployment + "/rollout", null, null).body();
    }

    /** What the service knows of a device's updates: targeted deployment, last manifest, last report. */
    public JsonNode deploymentStatus(String deviceId) throws IOException {
        return call(HttpMethod.GET, "/devices/" + deviceId + "/deployment-status", null, null).body();
    }

    private ServiceReply call(HttpMethod method, String path, byte[] body, String type) throws IOException {
        try (ServiceConnection c = ServiceConnection.open(loops, tls, service).get(30, TimeUnit.SECONDS)) {
            ServiceReply r = c.send(method, "/v2/tenants/" + tenant + path, body == null ? new byte[0] : body,
                    type == null ? "application/json" : type, token).get(30, TimeUnit.SECONDS);
            if (r.status() != 200) {
                throw new IOException(method + " " + path + ": the service answered " + r.status() + ": " + r.error());
            }
            return r;
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException(method + " " + path + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(method + " " + path + ": interrupted", e);
        }
    }

    private static byte[] json(JsonNode node) throws IOException {
        return ServiceConnection.json().writeValueAsBytes(node);
    }
}
