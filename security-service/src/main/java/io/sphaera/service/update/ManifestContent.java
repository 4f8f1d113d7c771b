package io.sphaera.service.update;

import io.sphaera.firmware.signing.Sha256;
import io.sphaera.firmware.update.TargetImage;
import io.sphaera.firmware.update.UpdateManifest;
import io.sphaera.firmware.update.UpdatePhase;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What a device's update manifest says it is to run, without the version and times that make it one manifest: the
 * deployment its apps come from (absent: the device leaves its apps alone) and each phase's images. Two manifests of
 * equal content need not differ, so the service serves the one it has again until it grows old.
 */
public record ManifestContent(Optional<UUID> deployment, Map<UpdatePhase, List<TargetImage>> phases) {
    public ManifestContent {
        EnumMap<UpdatePhase, List<TargetImage>> copy = new EnumMap<>(UpdatePhase.class);
        for (UpdatePhase phase : UpdatePhase.values()) {
            copy.put(phase, List.copyOf(phases.getOrDefault(phase, List.of())));
        }
        phases = Collections.unmodifiableMap(copy);
    }

    /** Nothing to run: the content of an unclaimed device's manifest, or one whose group takes no app updates. */
    public static ManifestContent none() {
        return new ManifestContent(Optional.empty(), Map.of());
    }

    public int imageCount() {
        return phases.values().stream().mapToInt(List::size).sum();
    }

    /**
     * The SHA-256 (hex) of an unambiguous encoding of the content: every field length-prefixed or fixed-size, the
     * phases in their order. Not of the manifest's JSON, which carries times.
     */
    public String sha256() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF("sphaera-manifest-content/1");
            out.writeBoolean(deployment.isPresent());
            if (deployment.isPresent()) {
                uuid(out, deployment.get());
            }
            for (UpdatePhase phase : UpdatePhase.values()) {
                List<TargetImage> images = phases.get(phase);
                out.writeUTF(phase.name());
                out.writeInt(images.size());
                for (TargetImage t : images) {
                    uuid(out, t.imageId());
                    uuid(out, t.componentId());
                    out.writeUTF(t.kind());
                    out.writeUTF(t.version());
                    out.writeLong(t.length());
                    out.write(t.sha256());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return HexFormat.of().formatHex(Sha256.of(bytes.toByteArray()));
    }

    /** The manifest of this content for one device. */
    public UpdateManifest manifest(String deviceId, long version, Instant issued, Instant expires) {
        return new UpdateManifest(deviceId, version, issued, expires, deployment, phases);
    }

    private static void uuid(DataOutputStream out, UUID id) throws IOException {
        out.writeLong(id.getMostSignificantBits());
        out.writeLong(id.getLeastSignificantBits());
    }
}
