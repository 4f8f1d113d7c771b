package io.sphaera.benchmarks;

import io.sphaera.firmware.image.ImageKind;
import io.sphaera.firmware.image.ImagePackage;
import io.sphaera.firmware.image.ImagePackageBuilder;
import io.sphaera.firmware.image.PackageVerifier;
import io.sphaera.firmware.signing.SigningKey;
import io.sphaera.firmware.signing.VerificationKey;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Verifying an image package (parse + SHA-256 of the signed bytes + one ECDSA P-256 verify) beside the raw work it
 * cannot avoid: SHA-256 of the same bytes and one ECDSA verify with the same cached key. The ratio of the two is
 * what the package format and its checks cost on top.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PackageVerificationBenchmark {
    @Param({"65536", "1048576", "8388608"})
    public int payloadBytes;

    private byte[] packageBytes;
    private byte[] signature;
    private int signedLength;
    private VerificationKey key;
    private PackageVerifier verifier;

    @Setup
    public void setUp() throws Exception {
        SplittableRandom random = new SplittableRandom(payloadBytes);
        SigningKey signer = SigningKey.generate(random);
        byte[] payload = new byte[payloadBytes];
        random.nextBytes(payload);
        packageBytes = new ImagePackageBuilder(ImageKind.ROOT_FS, UUID.nameUUIDFromBytes("rootfs".getBytes()))
                .imageId(ImagePackageBuilder.newImageId(random))
                .buildTime(Instant.parse("2026-11-26T00:00:00Z"))
                .buildName("bench")
                .addFile("payload", payload, false)
                .sign(signer);
        key = signer.verificationKey();
        verifier = new PackageVerifier(id -> id.equals(key.id()) ? Optional.of(key) : Optional.empty());
        signedLength = packageBytes.length - 64;
        signature = Arrays.copyOfRange(packageBytes, signedLength, packageBytes.length);
        if (!rawSha256AndEcdsaVerify()) {
            throw new IllegalStateException("the raw check must pass on a valid package");
        }
        verifyPackage();
    }

    @Benchmark
    public byte[] verifyPackage() throws Exception {
        return verifier.verify(ImagePackage.parse(packageBytes)).signedDigest();
    }

    @Benchmark
    public boolean rawSha256AndEcdsaVerify() throws Exception {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        sha256.update(packageBytes, 0, signedLength);
        return key.verifyDigest(sha256.digest(), signature);
    }
}
