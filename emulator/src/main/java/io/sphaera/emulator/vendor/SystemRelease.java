package io.sphaera.emulator.vendor;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sphaera.firmware.image.ImagePackageBuilder;
import io.sphaera.firmware.image.ImageVersion;
import io.sphaera.firmware.signing.Sha256;
import io.sphaera.pluton.boot.BootStage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * One OS release's system images (Pluton runtime, security monitor, OS), signed with the vendor's system-images
 * key. Each payload is a JSON descriptor of the component, version and features, then filler up to the image's
 * size: a SHA-256 stream of the component and version, so a release is the same bytes wherever it is built, and
 * hashing it costs what hashing real firmware of that size costs.
 */
public record SystemRelease(String version, long securityVersion, Map<BootStage, byte[]> images) {
    /** Realistic sizes: a few hundred KiB of Pluton firmware and a couple of MiB of OS. */
    public record Sizes(int plutonRuntime, int securityMonitor, int os) {
        public static final Sizes DEFAULT = new Sizes(192 * 1024, 128 * 1024, 2 * 1024 * 1024);

        int of(BootStage stage) {
            return switch (stage) {
                case PLUTON_RUNTIME -> plutonRuntime;
                case SECURITY_MONITOR -> securityMonitor;
                case OS -> os;
            };
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    public SystemRelease {
        images = Map.copyOf(images);
    }

    /** The images in boot order (Pluton runtime, security monitor, OS): what the service knows a release by. */
    public java.util.List<byte[]> imagesInBootOrder() {
        java.util.List<byte[]> ordered = new java.util.ArrayList<>();
        for (BootStage stage : BootStage.values()) {
            ordered.add(images.get(stage));
        }
        return ordered;
    }

    public static SystemRelease build(Vendor vendor, String version, long securityVersion, Sizes sizes, Instant buildTime,
                                      RandomGenerator random) {
        ImageVersion v = new ImageVersion(version);
        Map<BootStage, byte[]> images = new EnumMap<>(BootStage.class);
        for (BootStage stage : BootStage.values()) {
            byte[] payload = payload(stage, version, sizes.of(stage));
            images.put(stage, new ImagePackageBuilder(stage.kind(), stage.componentId())
                    .imageId(ImagePackageBuilder.newImageId(random)).buildTime(buildTime)
                    .buildName(stage.displayName() + " " + version).version(v).securityVersion(securityVersion)
                    .addFile(stage == BootStage.OS ? "rootfs.img" : "firmware.bin", payload, false)
                    .sign(vendor.systemImagesKey()));
        }
        return new SystemRelease(version, securityVersion, images);
    }

    private static byte[] payload(BootStage stage, String version, int size) {
        ObjectNode descriptor = JSON.createObjectNode();
        descriptor.put("Component", stage.displayName());
        descriptor.put("ComponentId", stage.componentId().toString());
        descriptor.put("Version", version);
        descriptor.putArray("Features").add(switch (stage) {
            case PLUTON_RUNTIME -> "secure-boot";
            case SECURITY_MONITOR -> "peripheral-firewall";
            case OS -> "application-sandbox";
        });
        byte[] head;
        try {
            head = (JSON.writeValueAsString(descriptor) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] out = new byte[Math.max(size, head.length)];
        System.arraycopy(head, 0, out, 0, head.length);
        MessageDigest sha256 = Sha256.newDigest();
        byte[] seed = (stage + "/" + version).getBytes(StandardCharsets.UTF_8);
        for (int at = head.length, block = 0; at < out.length; at += 32, block++) {
            sha256.update(seed);
            sha256.update(new byte[] {(byte) (block >>> 24), (byte) (block >>> 16), (byte) (block >>> 8), (byte) block});
            byte[] d = sha256.digest();
            System.arraycopy(d, 0, out, at, Math.min(32, out.length - at));
        }
        return out;
    }
}
