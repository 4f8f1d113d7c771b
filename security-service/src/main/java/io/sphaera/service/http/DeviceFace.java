package io.sphaera.service.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.sphaera.firmware.signing.CertificateAuthority;
import io.sphaera.service.attestation.AttestationException;
import io.sphaera.service.attestation.Challenge;
import io.sphaera.service.attestation.DeviceAuthority;
import io.sphaera.service.pki.DeviceCertificates;
import io.sphaera.service.store.StoreException;
import io.sphaera.service.update.DeviceUpdates;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * The device face: {@code POST /v1/device/challenge} {"DeviceId"} gives a single-use nonce;
 * {@code POST /v1/device/attest} {"DeviceId", "FactoryCertificate", "Evidence"} (base64) gives the device and update
 * certificates (PEM) and the device certificate's issuer, or a 4xx naming why not. After attestation, over mutual
 * TLS: who the caller is, error reports, the signed update manifest and update reports (docs/service.md).
 */
public final class DeviceFace {
    public static final String CHALLENGE = "/v1/device/challenge";
    public static final String ATTEST = "/v1/device/attest";
    /** Answers who the connection's device certificate says the caller is: the first call that needs mutual TLS. */
    public static final String IDENTITY = "/v1/device/identity";
    /** The signed update manifest of the calling device (mutual TLS): the envelope's bytes exactly as signed. */
    public static final String UPDATE_MANIFEST = "/v1/device/update-manifest";
    /** How the calling device (mutual TLS) acted on a manifest. */
    public static final String UPDATE_REPORT = UpdateReports.UPLOAD;

    private DeviceFace() {
    }

    public static Map<String, Route> routes(DeviceAuthority authority, io.sphaera.service.store.ServiceStore store,
                                            DeviceUpdates updates) {
        Map<String, Route> routes = new HashMap<>();
        routes.put(ServiceServer.route("POST", CHALLENGE), request -> {
            JsonNode body = request.body();
            try {
                Challenge c = authority.challenge(text(body, "DeviceId"));
                return ServiceHandler.JSON.createObjectNode().put("Nonce", Base64.getEncoder().encodeToString(c.nonce()))
                        .put("ExpiresAt", c.expiresAt().toString());
            } catch (AttestationException e) {
                throw refusal(e);
            }
        });
        // Deferred: the answer goes out once the attestation is logged durably, without the event loop waiting on it.
        routes.put(ServiceServer.route("POST", ATTEST), ServiceServer.deferred(request -> {
            JsonNode body = request.body();
            try {
                return authority.attest(text(body, "DeviceId"), base64(body, "FactoryCertificate"), base64(body, "Evidence"),
                        DeviceFace::certificates);
            } catch (AttestationException e) {
                throw refusal(e);
            }
        }));
        routes.put(ServiceServer.route("POST", ErrorReports.UPLOAD), request -> ErrorReports.upload(request, store));
        // Bytes, not a document: the envelope goes out exactly as signed and kept, so asking again gives the same bytes.
        routes.put(ServiceServer.route("GET", UPDATE_MANIFEST), ServiceHandler.binary((request, range) -> {
            String device = request.device().orElseThrow(() -> new ApiException(HttpResponseStatus.UNAUTHORIZED, "Unauthorized",
                    "an update manifest needs the device certificate attestation gave, presented in the TLS handshake"));
            try {
                return new BinaryReply(200, updates.manifest(device), Map.of("Content-Type", "application/json"));
            } catch (StoreException e) {
                throw ApiException.of(e);
            }
        }));
        routes.put(ServiceServer.route("POST", UPDATE_REPORT), request -> UpdateReports.upload(request, updates));
        routes.put(ServiceServer.route("GET", IDENTITY), request -> {
            String device = request.device().orElseThrow(() -> new ApiException(HttpResponseStatus.UNAUTHORIZED, "Unauthorized",
                    "this call needs the device certificate attestation gave, presented in the TLS handshake"));
            return ServiceHandler.JSON.createObjectNode().put("DeviceId", device);
        });
        return routes;
    }

    private static JsonNode certificates(DeviceCertificates.Issued issued) {
        ObjectNode out = ServiceHandler.JSON.createObjectNode();
        out.put("DeviceCertificate", CertificateAuthority.pem(issued.deviceCertificate()));
        out.putArray("DeviceCertificateChain").add(CertificateAuthority.pem(issued.issuerCertificate()));
        out.put("UpdateCertificate", CertificateAuthority.pem(issued.updateCertificate()));
        out.put("NotAfter", issued.notAfter().toString());
        return out;
    }

    private static ApiException refusal(AttestationException e) {
        HttpResponseStatus status = switch (e.reason()) {
            case MALFORMED -> HttpResponseStatus.BAD_REQUEST;
            case STALE_NONCE -> HttpResponseStatus.CONFLICT;
            case UNTRUSTED_CERTIFICATE, WRONG_DEVICE, BAD_EVIDENCE, UNKNOWN_SOFTWARE -> HttpResponseStatus.FORBIDDEN;
        };
        return new ApiException(status, e.reason().name(), e.getMessage());
    }

    static String text(JsonNode body, String field) throws ApiException {
        JsonNode v = body == null ? null : body.get(field);
        if (v == null || !v.isTextual()) {
            throw ApiException.badRequest("the body needs a string field " + field);
        }
        return v.asText();
    }

    static byte[] base64(JsonNode body, String field) throws ApiException {
        try {
            return Base64.getDecoder().decode(text(body, field));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(field + " is not base64");
        }
    }
}
