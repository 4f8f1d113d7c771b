package io.sphaera.emulator.vendor;

import io.sphaera.firmware.image.ImageKind;
import io.sphaera.firmware.image.ImagePackageBuilder;
import io.sphaera.firmware.signing.CertificateAuthority;
import io.sphaera.firmware.signing.KeyFormatException;
import io.sphaera.firmware.signing.PemKeys;
import io.sphaera.firmware.signing.SigningKey;
import io.sphaera.pluton.keys.KeyRole;
import io.sphaera.pluton.keys.TrustedKey;
import io.sphaera.pluton.keys.TrustedKeyStore;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * The chip vendor's PKI, kept as PEM files in a workspace's vendor/ folder: the root key and its self-signed
 * certificate, the manufacturing CA that certifies device identity keys, and one key per signing role (system
 * images, production images, capabilities, the SDK test key that developers sign sideloaded apps with). The trusted
 * key store image every device is manufactured with is made from them and signed by the root.
 */
public final class Vendor {
    public static final UUID TRUSTED_KEY_STORE_COMPONENT =
            UUID.nameUUIDFromBytes("sphaera:system-component:TRUSTED_KEY_STORE".getBytes(StandardCharsets.UTF_8));
    static final String ROOT = "root";
    static final String MANUFACTURING_CA = "manufacturing-ca";

    private final Path dir;
    private final CertificateAuthority root;
    private final CertificateAuthority manufacturing;
    private final SigningKey systemImages;
    private final SigningKey productionImages;
    private final SigningKey capabilities;
    private final SigningKey sdkTest;

    private Vendor(Path dir, CertificateAuthority root, CertificateAuthority manufacturing, SigningKey systemImages,
                   SigningKey productionImages, SigningKey capabilities, SigningKey sdkTest) {
        this.dir = dir;
        this.root = root;
        this.manufacturing = manufacturing;
        this.systemImages = systemImages;
        this.productionImages = productionImages;
        this.capabilities = capabilities;
        this.sdkTest = sdkTest;
    }

    /** Makes a new PKI in {@code dir} (which must not hold one) from the given clock and randomness. */
    static Vendor create(Path dir, InstantSource clock, RandomGenerator random) throws IOException {
        Files.createDirectories(dir);
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant end = now.plus(Duration.ofDays(365L * 25));
        SigningKey rootKey = SigningKey.generate(random);
        CertificateAuthority root = CertificateAuthority.selfSigned(rootKey, "Sphaera Vendor Root CA", now, end, serial(random));
        CertificateAuthority manufacturing = root.issueAuthority(SigningKey.generate(random), "Sphaera Manufacturing CA", now,
                end, serial(random));
        Vendor vendor = new Vendor(dir, root, manufacturing, SigningKey.generate(random), SigningKey.generate(random),
                SigningKey.generate(random), SigningKey.generate(random));
        vendor.save();
        return vendor;
    }

    static Vendor load(Path dir) throws WorkspaceException {
        try {
            CertificateAuthority root = new CertificateAuthority(key(dir, ROOT), certificate(dir, ROOT));
            CertificateAuthority manufacturing = new CertificateAuthority(key(dir, MANUFACTURING_CA), certificate(dir, MANUFACTURING_CA));
            return new Vendor(dir, root, manufacturing, key(dir, "system-images"), key(dir, "production-images"),
                    key(dir, "capabilities"), key(dir, "sdk-test"));
        } catch (IOException | KeyFormatException | IllegalArgumentException e) {
            throw new WorkspaceException("the vendor PKI in " + dir + " is damaged: " + e.getMessage(), e);
        }
    }

    private void save() throws IOException {
        write(ROOT, root.key());
        Files.writeString(dir.resolve(ROOT + ".cert.pem"), root.certificatePem());
        write(MANUFACTURING_CA, manufacturing.key());
        Files.writeString(dir.resolve(MANUFACTURING_CA + ".cert.pem"), manufacturing.certificatePem());
        write("system-images", systemImages);
        write("production-images", productionImages);
        write("capabilities", capabilities);
        write("sdk-test", sdkTest);
    }

    private void write(String name, SigningKey key) throws IOException {
        Files.writeString(dir.resolve(name + ".key.pem"), PemKeys.encodePrivate(key));
        Files.writeString(dir.resolve(name + ".pub.pem"), PemKeys.encodePublic(key.verificationKey()));
    }

    private static SigningKey key(Path dir, String name) throws IOException, KeyFormatException {
        return PemKeys.decodePrivate(Files.readString(dir.resolve(name + ".key.pem")));
    }

    private static byte[] certificate(Path dir, String name) throws IOException {
        String pem = Files.readString(dir.resolve(name + ".cert.pem"));
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return java.util.Base64.getDecoder().decode(base64);
    }

    /** A positive 127-bit certificate serial number from the given randomness. */
    public static BigInteger serial(RandomGenerator random) {
        byte[] b = new byte[16];
        random.nextBytes(b);
        b[0] &= 0x7F;
        return new BigInteger(1, b).add(BigInteger.ONE);
    }

    /** The trusted key store image devices are manufactured with, signed by the root. */
    public byte[] trustedKeyStoreImage(long securityVersion, Instant buildTime, RandomGenerator random) {
        byte[] file = TrustedKeyStore.file(List.of(
                new TrustedKey(KeyRole.ROOT, root.key().verificationKey()),
                new TrustedKey(KeyRole.SYSTEM_IMAGES, systemImages.verificationKey()),
                new TrustedKey(KeyRole.PRODUCTION_IMAGES, productionImages.verificationKey()),
                new TrustedKey(KeyRole.CAPABILITIES, capabilities.verificationKey()),
                new TrustedKey(KeyRole.SDK_TEST, sdkTest.verificationKey())));
        return new ImagePackageBuilder(ImageKind.TRUSTED_KEYSTORE, TRUSTED_KEY_STORE_COMPONENT)
                .imageId(ImagePackageBuilder.newImageId(random)).buildTime(buildTime).buildName("Trusted key store")
                .securityVersion(securityVersion).addFile(TrustedKeyStore.FILE, file, false).sign(root.key());
    }

    public Path directory() {
        return dir;
    }

    public CertificateAuthority root() {
        return root;
    }

    public CertificateAuthority manufacturingCa() {
        return manufacturing;
    }

    public SigningKey systemImagesKey() {
        return systemImages;
    }

    public SigningKey productionImagesKey() {
        return productionImages;
    }

    public SigningKey capabilitiesKey() {
        return capabilities;
    }

    public SigningKey sdkTestKey() {
        return sdkTest;
    }
}
