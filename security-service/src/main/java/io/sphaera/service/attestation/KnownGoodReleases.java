package io.sphaera.service.attestation;

import io.sphaera.firmware.image.ImageKind;
import io.sphaera.firmware.image.ImagePackage;
import io.sphaera.firmware.image.ImagePackageFormatException;
import io.sphaera.firmware.signing.Sha256;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The system software the service vouches for: per OS version, the measurement registers a device that booted that
 * release's Pluton runtime, security monitor and OS must report (M0 = extend(extend(0, runtime), monitor),
 * M1 = extend(0, OS), each image measured as the SHA-256 of its signed bytes, as Pluton measures it).
 */
public final class KnownGoodReleases {
    /** The two registers that measure system software. */
    public record Expected(String osVersion, byte[] firmware, byte[] os) {
    }

    private final Map<String, Expected> releases = new ConcurrentHashMap<>();

    /** Adds a release from its three system images (any order). */
    public Expected add(String osVersion, List<byte[]> systemImages) throws ImagePackageFormatException {
        byte[] runtime = null;
        byte[] monitor = null;
        byte[] os = null;
        for (byte[] bytes : systemImages) {
            ImagePackage image = ImagePackage.parse(bytes);
            byte[] digest = signedDigest(bytes, image.signedLength());
            ImageKind kind = image.metadata().kind();
            if (kind == ImageKind.PLUTON_RUNTIME) {
                runtime = digest;
            } else if (kind == ImageKind.SECURITY_MONITOR) {
                monitor = digest;
            } else if (kind == ImageKind.NORMAL_WORLD_KERNEL) {
                os = digest;
            } else {
                throw new ImagePackageFormatException("a release holds PlutonRuntime, SecurityMonitor and NormalWorldKernel images, not "
                        + kind.platformName());
            }
        }
        if (runtime == null || monitor == null || os == null) {
            throw new ImagePackageFormatException("a release needs its Pluton runtime, security monitor and OS images");
        }
        Expected e = new Expected(osVersion, extend(extend(new byte[32], runtime), monitor), extend(new byte[32], os));
        releases.put(osVersion, e);
        return e;
    }

    public Optional<Expected> release(String osVersion) {
        return Optional.ofNullable(releases.get(osVersion));
    }

    /** Whether the registers a device reports are exactly those of the release it claims. */
    public boolean matches(String osVersion, List<byte[]> registers) {
        Expected e = releases.get(osVersion);
        return e != null && registers.size() >= 2 && Arrays.equals(e.firmware(), registers.get(0)) && Arrays.equals(e.os(), registers.get(1));
    }

    public List<String> versions() {
        return new ArrayList<>(releases.keySet());
    }

    private static byte[] extend(byte[] register, byte[] digest) {
        MessageDigest sha256 = Sha256.newDigest();
        sha256.update(register);
        sha256.update(digest);
        return sha256.digest();
    }

    private static byte[] signedDigest(byte[] bytes, int length) {
        return Sha256.of(bytes, 0, length);
    }

}
