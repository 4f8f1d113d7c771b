package io.sphaera.firmware.update;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sphaera.firmware.signing.KeyId;
import io.sphaera.firmware.signing.SigningKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The update manifest on the wire: a JSON envelope {"Payload": base64 of the manifest's JSON bytes, "Signatures":
 * [{"KeyId", "Signature"}]}, each signature ECDSA P-256 over those exact bytes, so that no canonical form is needed
 * (the bytes signed are the bytes parsed). Parsing is strict: unknown or duplicate fields, wrong types and trailing
 * content are refused with a one-line reason.
 */
public final class UpdateManifestCodec {
    /** An envelope larger than this is not read (a manifest of 64 images is a few KiB). */
    public static final int MAX_ENVELOPE_BYTES = 256 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Set<String> ENVELOPE = Set.of("Payload", "Signatures", "Certificate");
    private static final Set<String> SIGNATURE = Set.of("KeyId", "Signature");
    private static final Set<String> MANIFEST = Set.of("Type", "DeviceId", "Version", "Issued", "Expires", "Deployment", "Phases");
    private static final Set<String> IMAGE = Set.of("ImageId", "ComponentId", "Kind", "Version", "Length", "Sha256");
    private static final Map<UpdatePhase, String> PHASE_NAMES = Map.of(UpdatePhase.PREREQUISITES, "Prerequisites",
            UpdatePhase.OS, "Os", UpdatePhase.APPS, "Apps");

    /** The envelope's parts, signatures not yet checked; the signer's certificate (DER) if it carries one. */
    public record Envelope(byte[] payload, List<Signature> signatures, Optional<byte[]> certificate) {
    }

    /** One signature: the signer's key ID and r||s. */
    public record Signature(KeyId keyId, byte[] value) {
    }

    private UpdateManifestCodec() {
    }

    /** The manifest's JSON bytes: what is signed. */
    public static byte[] payload(UpdateManifest m) {
        ObjectNode root = JSON.createObjectNode();
        root.put("Type", UpdateManifest.TYPE);
        root.put("DeviceId", m.deviceId());
        root.put("Version", m.version());
        root.put("Issued", m.issued().toString());
        root.put("Expires", m.expires().toString());
        m.deployment().ifPresent(d -> root.put("Deployment", d.toString()));
        ObjectNode phases = root.putObject("Phases");
        for (UpdatePhase phase : UpdatePhase.values()) {
            ArrayNode images = phases.putArray(PHASE_NAMES.get(phase));
            for (TargetImage t : m.images(phase)) {
                images.addObject().put("ImageId", t.imageId().toString()).put("ComponentId", t.componentId().toString())
                        .put("Kind", t.kind()).put("Version", t.version()).put("Length", t.length()).put("Sha256", t.sha256Hex());
            }
        }
        return root.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The signed envelope of {@code manifest}, signed by each key. */
    public static byte[] sign(UpdateManifest manifest, SigningKey... keys) {
        return sign(manifest, null, keys);
    }

    /**
     * The envelope signed by {@code signer}, carrying its certificate, so that a device that trusts only the root
     * the certificate chains to can check who signed.
     */
    public static byte[] sign(UpdateManifest manifest, io.sphaera.firmware.signing.CertifiedKey signer) {
        return sign(manifest, signer.certificateDer(), signer.key());
    }

    private static byte[] sign(UpdateManifest manifest, byte[] certificate, SigningKey... keys) {
        byte[] payload = payload(manifest);
        ObjectNode root = JSON.createObjectNode();
        if (certificate != null) {
            root.put("Certificate", Base64.getEncoder().encodeToString(certificate));
        }
        root.put("Payload", Base64.getEncoder().encodeToString(payload));
        ArrayNode signatures = root.putArray("Signatures");
        for (SigningKey key : keys) {
            signatures.addObject().put("KeyId", key.id().toString())
                    .put("Signature", Base64.getEncoder().encodeToString(key.sign(payload, 0, payload.length)));
        }
        return root.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The envelope's payload and signatures, or why they cannot be read. */
    public static Envelope envelope(byte[] bytes) throws UpdateManifestException {
        if (bytes.length > MAX_ENVELOPE_BYTES) {
            throw new UpdateManifestException("update manifest: " + bytes.length + " bytes, more than the "
                    + MAX_ENVELOPE_BYTES + " a manifest may have");
        }
        JsonNode root = tree(bytes, "update manifest");
        fields(root, ENVELOPE, "update manifest");
        byte[] payload = base64(text(root, "Payload", "update manifest"), "update manifest: Payload");
        JsonNode list = root.get("Signatures");
        if (list == null || !list.isArray() || list.isEmpty() || list.size() > 8) {
            throw new UpdateManifestException("update manifest: Signatures must be an array of 1 to 8 signatures");
        }
        List<Signature> signatures = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String where = "update manifest: Signatures[" + i + "]";
            JsonNode s = list.get(i);
            fields(s, SIGNATURE, where);
            KeyId id;
            try {
                id = KeyId.parse(text(s, "KeyId", where));
            } catch (IllegalArgumentException e) {
                throw new UpdateManifestException(where + ".KeyId: not a key ID");
            }
            signatures.add(new Signature(id, base64(text(s, "Signature", where), where + ".Signature")));
        }
        Optional<byte[]> certificate = root.has("Certificate")
                ? Optional.of(base64(text(root, "Certificate", "update manifest"), "update manifest: Certificate"))
                : Optional.empty();
        return new Envelope(payload, List.copyOf(signatures), certificate);
    }

    /** The manifest in a payload whose signature has been checked. */
    public static UpdateManifest manifest(byte[] payload) throws UpdateManifestException {
        String where = "update manifest payload";
        JsonNode root = tree(payload, where);
        fields(root, MANIFEST, where);
        if (!UpdateManifest.TYPE.equals(text(root, "Type", where))) {
            throw new UpdateManifestException(where + ": Type is not " + UpdateManifest.TYPE);
        }
        String deviceId = text(root, "DeviceId", where);
        long version = number(root, "Version", where);
        Instant issued = instant(root, "Issued", where);
        Instant expires = instant(root, "Expires", where);
        Optional<UUID> deployment = root.has("Deployment") ? Optional.of(uuid(root, "Deployment", where)) : Optional.empty();
        JsonNode phasesNode = root.get("Phases");
        if (phasesNode == null || !phasesNode.isObject()) {
            throw new UpdateManifestException(where + ": Phases must be an object");
        }
        fields(phasesNode, Set.copyOf(PHASE_NAMES.values()), where + ".Phases");
        Map<UpdatePhase, List<TargetImage>> phases = new EnumMap<>(UpdatePhase.class);
        for (UpdatePhase phase : UpdatePhase.values()) {
            String name = PHASE_NAMES.get(phase);
            JsonNode images = phasesNode.get(name);
            if (images == null) {
                continue;
            }
            if (!images.isArray()) {
                throw new UpdateManifestException(where + ".Phases." + name + " must be an array");
            }
            List<TargetImage> list = new ArrayList<>();
            for (int i = 0; i < images.size(); i++) {
                list.add(image(images.get(i), where + ".Phases." + name + "[" + i + "]"));
            }
            phases.put(phase, list);
        }
        try {
            return new UpdateManifest(deviceId, version, issued, expires, deployment, phases);
        } catch (IllegalArgumentException e) {
            throw new UpdateManifestException(where + ": " + e.getMessage());
        }
    }

    private static TargetImage image(JsonNode node, String where) throws UpdateManifestException {
        fields(node, IMAGE, where);
        byte[] sha256;
        try {
            sha256 = HexFormat.of().parseHex(text(node, "Sha256", where));
        } catch (IllegalArgumentException e) {
            throw new UpdateManifestException(where + ".Sha256: not hex");
        }
        try {
            return new TargetImage(uuid(node, "ImageId", where), uuid(node, "ComponentId", where), text(node, "Kind", where),
                    text(node, "Version", where), number(node, "Length", where), sha256);
        } catch (IllegalArgumentException e) {
            throw new UpdateManifestException(where + ": " + e.getMessage());
        }
    }

    private static JsonNode tree(byte[] bytes, String where) throws UpdateManifestException {
        try {
            JsonNode node = JSON.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw new UpdateManifestException(where + ": not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new UpdateManifestException(where + ": not JSON (" + firstLine(e.getMessage()) + ")");
        }
    }

    private static void fields(JsonNode node, Set<String> allowed, String where) throws UpdateManifestException {
        if (node == null || !node.isObject()) {
            throw new UpdateManifestException(where + ": must be an object");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new UpdateManifestException(where + ": unknown field '" + name + "'");
            }
        }
    }

    private static String text(JsonNode node, String field, String where) throws UpdateManifestException {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw new UpdateManifestException(where + "." + field + ": missing or not a string");
        }
        return v.asText();
    }

    private static long number(JsonNode node, String field, String where) throws UpdateManifestException {
        JsonNode v = node.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new UpdateManifestException(where + "." + field + ": missing or not an integer");
        }
        return v.asLong();
    }

    private static Instant instant(JsonNode node, String field, String where) throws UpdateManifestException {
        try {
            return Instant.parse(text(node, field, where));
        } catch (DateTimeParseException e) {
            throw new UpdateManifestException(where + "." + field + ": not an ISO-8601 instant");
        }
    }

    private static UUID uuid(JsonNode node, String field, String where) throws UpdateManifestException {
        String text = text(node, field, where);
        try {
            if (text.length() != 36) {
                throw new IllegalArgumentException(text);
            }
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new UpdateManifestException(where + "." + field + ": not a GUID");
        }
    }

    private static byte[] base64(String text, String where) throws UpdateManifestException {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new UpdateManifestException(where + ": not base64");
        }
    }

    private static String firstLine(String message) {
        String m = String.valueOf(message);
        int end = m.indexOf('\n');
        return end < 0 ? m : m.substring(0, end);
    }
}
