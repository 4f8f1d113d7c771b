package io.sphaera.firmware.image;

import io.sphaera.firmware.signing.SigningKey;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.random.RandomGenerator;

/** Lays out and signs a new image package (docs/image-package.md). Not thread-safe; one package per builder. */
public final class ImagePackageBuilder {
    private record Entry(byte[] data, boolean executable) {
    }

    private final ImageKind kind;
    private final UUID componentId;
    private final Map<String, Entry> files = new LinkedHashMap<>();
    private UUID imageId;
    private Instant buildTime;
    private String buildName = "";
    private TemporaryImage temporary = TemporaryImage.NONE;
    private List<Integer> abiDepends = List.of();
    private List<Integer> abiProvides = List.of();
    private ImageVersion version = new ImageVersion("1.0.0");
    private long securityVersion;

    public ImagePackageBuilder(ImageKind kind, UUID componentId) {
        this.kind = Objects.requireNonNull(kind);
        this.componentId = Objects.requireNonNull(componentId);
    }

    /**
     * A builder holding everything a parsed package holds — files, identity, build, flags, versions — to sign it
     * again with another key (the service production-signs what customers upload).
     */
    public static ImagePackageBuilder from(ImagePackage image) {
        ImageMetadata m = image.metadata();
        ImagePackageBuilder b = new ImagePackageBuilder(m.kind(), m.componentId())
                .imageId(m.imageId()).buildTime(m.buildTime()).buildName(m.buildName()).temporary(m.temporary())
                .abiDepends(m.abiDepends()).abiProvides(m.abiProvides()).version(m.version()).securityVersion(m.securityVersion());
        for (PackageFile f : image.files()) {
            b.addFile(f.path(), image.read(f), f.executable());
        }
        return b;
    }

    /** A fresh random (version 4) image ID from the injected randomness: every pack gets a new one. */
    public static UUID newImageId(RandomGenerator random) {
        byte[] b = new byte[16];
        random.nextBytes(b);
        b[6] = (byte) ((b[6] & 0x0F) | 0x40);
        b[8] = (byte) ((b[8] & 0x3F) | 0x80);
        ByteBuffer in = ByteBuffer.wrap(b);
        return new UUID(in.getLong(), in.getLong());
    }

    public ImagePackageBuilder imageId(UUID id) {
        this.imageId = Objects.requireNonNull(id);
        return this;
    }

    public ImagePackageBuilder buildTime(Instant time) {
        this.buildTime = Objects.requireNonNull(time);
        return this;
    }

    /** The build name; only the first 31 characters are stored, as on the platform. */
    public ImagePackageBuilder buildName(String name) {
        this.buildName = truncateName(name);
        return this;
    }

    public ImagePackageBuilder temporary(TemporaryImage flag) {
        this.temporary = Objects.requireNonNull(flag);
        return this;
    }

    public ImagePackageBuilder abiDepends(List<Integer> versions) {
        this.abiDepends = checkAbi(versions);
        return this;
    }

    public ImagePackageBuilder abiProvides(List<Integer> versions) {
        this.abiProvides = checkAbi(versions);
        return this;
    }

    public ImagePackageBuilder version(ImageVersion v) {
        this.version = Objects.requireNonNull(v);
        return this;
    }

    public ImagePackageBuilder securityVersion(long v) {
        if (v < 0 || v > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("the security version is a u32: " + v);
        }
        this.securityVersion = v;
        return this;
    }

    public ImagePackageBuilder addFile(String path, byte[] data, boolean executable) {
        PackagePath.problem(path).ifPresent(p -> {
            throw new IllegalArgumentException(p);
        });
        if (files.containsKey(path)) {
            throw new IllegalArgumentException("file '" + path + "' is already in the package");
        }
        if (files.size() == PackageLayout.MAX_FILES) {
            throw new IllegalArgumentException("a package holds at most " + PackageLayout.MAX_FILES + " files");
        }
        files.put(path, new Entry(data.clone(), executable));
        return this;
    }

    /** The first 31 characters, cut further at a character boundary if their UTF-8 form exceeds 31 bytes. */
    public static String truncateName(String name) {
        String cut = name.codePointCount(0, name.length()) > 31 ? name.substring(0, name.offsetByCodePoints(0, 31)) : name;
        while (cut.getBytes(StandardCharsets.UTF_8).length > MetadataSection.NAME_FIELD - 1) {
            cut = cut.substring(0, cut.offsetByCodePoints(0, cut.codePointCount(0, cut.length()) - 1));
        }
        if (cut.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a build name cannot contain NUL");
        }
        return cut;
    }

    private static List<Integer> checkAbi(List<Integer> versions) {
        if (versions.size() > MetadataSection.MAX_ABI_ENTRIES || versions.stream().anyMatch(v -> v < 0)) {
            throw new IllegalArgumentException("ABI versions: at most " + MetadataSection.MAX_ABI_ENTRIES + " non-negative numbers");
        }
        return List.copyOf(versions);
    }

    /** Lays the package out and signs it; the result parses with {@link ImagePackage#parse}. */
    public byte[] sign(SigningKey key) {
        if (imageId == null || buildTime == null) {
            throw new IllegalStateException("set the image ID and the build time before signing");
        }
        if (files.isEmpty()) {
            throw new IllegalStateException("a package holds at least one file");
        }
        long bodyLength = PackageLayout.BODY_HEADER;
        for (Map.Entry<String, Entry> e : files.entrySet()) {
            bodyLength += PackageLayout.padTo4(PackageLayout.ENTRY_HEADER
                    + e.getKey().getBytes(StandardCharsets.UTF_8).length + e.getValue().data.length);
        }
        byte[] metadata = metadata(key);
        long total = bodyLength + metadata.length + PackageLayout.SIGNATURE_LENGTH;
        if (total > PackageLayout.MAX_PACKAGE_BYTES) {
            throw new IllegalArgumentException("the package would be " + total + " bytes, over the limit of "
                    + PackageLayout.MAX_PACKAGE_BYTES);
        }
        ByteBuffer out = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(PackageLayout.BODY_MAGIC).putShort((short) ImagePackage.FORMAT_VERSION)
                .putShort((short) files.size()).putInt((int) bodyLength);
        for (Map.Entry<String, Entry> e : files.entrySet()) {
            byte[] path = e.getKey().getBytes(StandardCharsets.UTF_8);
            byte[] data = e.getValue().data;
            out.putShort((short) path.length)
                    .putShort((short) (e.getValue().executable ? PackageLayout.ENTRY_FLAG_EXECUTABLE : 0))
                    .putInt(data.length).put(path).put(data);
            out.position(PackageLayout.padTo4(out.position()));
        }
        out.put(metadata);
        byte[] bytes = out.array();
        int signedLength = bytes.length - PackageLayout.SIGNATURE_LENGTH;
        System.arraycopy(key.sign(bytes, 0, signedLength), 0, bytes, signedLength, PackageLayout.SIGNATURE_LENGTH);
        return bytes;
    }

    private byte[] metadata(SigningKey key) {
        List<byte[]> sections = new ArrayList<>();
        ByteBuffer id = section(MetadataSection.IDENTITY, MetadataSection.IDENTITY_LENGTH);
        id.putShort((short) kind.code()).putShort((short) 0);
        MixedEndianGuid.write(componentId, id);
        MixedEndianGuid.write(imageId, id);
        sections.add(id.array());

        ByteBuffer sg = section(MetadataSection.SIGNATURE, MetadataSection.SIGNATURE_LENGTH);
        sg.put(key.id().bytes()).putInt(MetadataSection.ECDSA_P256);
        sections.add(sg.array());

        ByteBuffer db = section(MetadataSection.BUILD, MetadataSection.BUILD_LENGTH);
        db.putLong(buildTime.getEpochSecond()).put(buildName.getBytes(StandardCharsets.UTF_8));
        sections.add(db.array());

        if (temporary != TemporaryImage.NONE) {
            sections.add(section(MetadataSection.TEMPORARY, MetadataSection.TEMPORARY_LENGTH).putInt(temporary.code()).array());
        }
        if (!abiDepends.isEmpty()) {
            sections.add(abiSection(MetadataSection.ABI_DEPENDS, abiDepends));
        }
        if (!abiProvides.isEmpty()) {
            sections.add(abiSection(MetadataSection.ABI_PROVIDES, abiProvides));
        }
        ByteBuffer xv = section(MetadataSection.VERSION, MetadataSection.VERSION_LENGTH);
        xv.putInt((int) securityVersion).put(version.text().getBytes(StandardCharsets.UTF_8));
        sections.add(xv.array());

        int length = PackageLayout.METADATA_HEADER + PackageLayout.METADATA_TRAILER
                + sections.stream().mapToInt(s -> s.length).sum();
        ByteBuffer out = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(PackageLayout.METADATA_MAGIC).putInt(sections.size());
        sections.forEach(out::put);
        out.putInt(length);
        return out.array();
    }

    private static ByteBuffer section(int id, int length) {
        return ByteBuffer.allocate(4 + length).order(ByteOrder.LITTLE_ENDIAN).putShort((short) id).putShort((short) length);
    }

    private static byte[] abiSection(int id, List<Integer> values) {
        ByteBuffer b = section(id, 4 * values.size());
        values.forEach(b::putInt);
        return b.array();
    }
}
