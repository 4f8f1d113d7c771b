package io.sphaera.pluton.keys;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sphaera.firmware.image.ImageKind;
import io.sphaera.firmware.image.ImagePackage;
import io.sphaera.firmware.image.ImagePackageFormatException;
import io.sphaera.firmware.image.ImageVerificationException;
import io.sphaera.firmware.image.PackageFile;
import io.sphaera.firmware.image.PackageVerifier;
import io.sphaera.firmware.signing.KeyFormatException;
import io.sphaera.firmware.signing.KeyId;
import io.sphaera.firmware.signing.Sha256;
import io.sphaera.firmware.signing.VerificationKey;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The image-signing keys a device trusts, each with its role. It arrives as a trusted-key-store image signed by the
 * root key, whose SHA-256 is burned in the e-fuses; the image carries the root public key itself so Pluton can check
 * it against that hash. Nothing else changes it.
 */
public final class TrustedKeyStore {
    public static final String FILE = "trusted_keys.json";
    private static final int MAX_KEYS = 32;
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).enable(SerializationFeature.INDENT_OUTPUT);

    private final Map<KeyId, TrustedKey> keys;
    private final ImagePackage image;

    private TrustedKeyStore(Map<KeyId, TrustedKey> keys, ImagePackage image) {
        this.keys = keys;
        this.image = image;
    }

    /** The file a trusted-key-store image holds. */
    public static byte[] file(List<TrustedKey> keys) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode array = root.putArray("Keys");
        for (TrustedKey k : keys) {
            array.addObject().put("Role", k.role().storeName())
                    .put("KeyId", k.key().id().toString())
                    .put("PublicKey", Base64.getEncoder().encodeToString(k.key().encoded()));
        }
        try {
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException("a tree of plain values always serializes", e);
        }
    }

    /**
     * Opens a trusted-key-store image: well-formed, holding the root key whose hash is burned, signed by that root
     * key, and not older than the counter.
     */
    public static TrustedKeyStore open(byte[] imageBytes, byte[] burnedRootHash, long counter) throws TrustedKeyStoreException {
        // The same store bytes always decode and verify the same way: keep the result, so every device and every
        // power-on shares one set of decoded keys (DESIGN.md: reuse key objects; BouncyCastle caches per key).
        String digest = java.util.HexFormat.of().formatHex(Sha256.of(imageBytes));
        TrustedKeyStore store = VERIFIED.get(digest);
        if (store == null) {
            store = decodeAndVerify(imageBytes);
            if (VERIFIED.size() < MAX_CACHED) {
                VERIFIED.put(digest, store);
            }
        }
        VerificationKey rootKey = store.root();
        if (!Arrays.equals(Sha256.of(rootKey.encoded()), burnedRootHash)) {
            throw new TrustedKeyStoreException("the root key " + rootKey.id() + " is not the one whose hash is burned in the e-fuses");
        }
        if (store.image.metadata().securityVersion() < counter) {
            throw new TrustedKeyStoreException("the trusted key store image has security version " + store.image.metadata().securityVersion()
                    + ", below the counter " + counter);
        }
        return store;
    }

    private static final int MAX_CACHED = 64;
    private static final java.util.concurrent.ConcurrentMap<String, TrustedKeyStore> VERIFIED = new java.util.concurrent.ConcurrentHashMap<>();

    private VerificationKey root() {
        return keys.values().stream().filter(k -> k.role() == KeyRole.ROOT).findFirst().orElseThrow().key();
    }

    /** Well-formed, holding a root key, and signed by that root key. */
    private static TrustedKeyStore decodeAndVerify(byte[] imageBytes) throws TrustedKeyStoreException {
        ImagePackage image;
        try {
            image = ImagePackage.parse(imageBytes);
        } catch (ImagePackageFormatException e) {
            throw new TrustedKeyStoreException("the trusted key store image is malformed: " + e.getMessage(), e);
        }
        if (image.metadata().kind() != ImageKind.TRUSTED_KEYSTORE) {
            throw new TrustedKeyStoreException("not a trusted key store image: its kind is " + image.metadata().kind().platformName());
        }
        PackageFile file = image.file(FILE).orElseThrow(() -> new TrustedKeyStoreException("the image has no " + FILE));
        Map<KeyId, TrustedKey> keys = parse(image.read(file));
        VerificationKey rootKey = keys.values().stream().filter(k -> k.role() == KeyRole.ROOT).findFirst()
                .orElseThrow(() -> new TrustedKeyStoreException("the trusted key store holds no root key")).key();
        try {
            new PackageVerifier(id -> id.equals(rootKey.id()) ? Optional.of(rootKey) : Optional.empty()).verify(image);
        } catch (ImageVerificationException e) {
            throw new TrustedKeyStoreException("the trusted key store image is not signed by the root key: " + e.getMessage(), e);
        }
        return new TrustedKeyStore(keys, image);
    }

    private static Map<KeyId, TrustedKey> parse(byte[] json) throws TrustedKeyStoreException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new TrustedKeyStoreException(FILE + " is not valid JSON: " + e.getMessage(), e);
        }
        JsonNode array = root == null ? null : root.get("Keys");
        if (array == null || !array.isArray() || array.isEmpty() || array.size() > MAX_KEYS) {
            throw new TrustedKeyStoreException(FILE + ": Keys must be an array of 1 to " + MAX_KEYS + " keys");
        }
        Map<KeyId, TrustedKey> keys = new LinkedHashMap<>();
        for (int i = 0; i < array.size(); i++) {
            JsonNode entry = array.get(i);
            KeyRole role = KeyRole.fromStoreName(entry.path("Role").asText("")).orElseThrow(() ->
                    new TrustedKeyStoreException(FILE + ": Keys[" + entry + "] has an unknown role"));
            VerificationKey key;
            try {
                key = VerificationKey.fromEncoded(Base64.getDecoder().decode(entry.path("PublicKey").asText("")));
            } catch (KeyFormatException | IllegalArgumentException e) {
                throw new TrustedKeyStoreException(FILE + ": Keys[" + i + "].PublicKey: " + e.getMessage(), e);
            }
            if (keys.put(key.id(), new TrustedKey(role, key)) != null) {
                throw new TrustedKeyStoreException(FILE + ": key " + key.id() + " is listed twice");
            }
        }
        return keys;
    }

    public Optional<TrustedKey> find(KeyId id) {
        return Optional.ofNullable(keys.get(id));
    }

    public List<TrustedKey> keys() {
        return new ArrayList<>(keys.values());
    }

    /** The image it was opened from, whose security version is the store's. */
    public ImagePackage image() {
        return image;
    }

    /** The hash to burn in the e-fuses for a root key. */
    public static byte[] rootKeyHash(VerificationKey root) {
        return Sha256.of(root.encoded());
    }

    @Override
    public String toString() {
        return "TrustedKeyStore" + keys.values().stream().map(k -> k.role().storeName() + ":" + k.key().id()).toList();
    }
}
