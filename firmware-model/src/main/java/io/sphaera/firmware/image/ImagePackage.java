package io.sphaera.firmware.image;

import io.sphaera.firmware.signing.KeyId;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A parsed image package: body (files), metadata sections, signature. Parsing checks the structure only and copies
 * no payload; {@link PackageVerifier} checks the signature. Every length and count is bounded by the bytes actually
 * present before anything is allocated from it. The layout is in docs/image-package.md.
 */
public final class ImagePackage {
    public static final int FORMAT_VERSION = 1;

    private final PackageSource source;
    private final List<PackageFile> files;
    private final ImageMetadata metadata;
    private final int signedLength;

    private ImagePackage(PackageSource source, List<PackageFile> files, ImageMetadata metadata, int signedLength) {
        this.source = source;
        this.files = List.copyOf(files);
        this.metadata = metadata;
        this.signedLength = signedLength;
    }

    /**
     * Parses a package. The array is kept, not copied (packages run to megabytes): the caller must not change it
     * afterwards.
     */
    public static ImagePackage parse(byte[] bytes) throws ImagePackageFormatException {
        return parse(PackageSource.of(bytes));
    }

    /** Parses a package where it lies, reading only its structure (headers, paths, metadata), never its payload. */
    public static ImagePackage parse(PackageSource source) throws ImagePackageFormatException {
        int size = source.size();
        if (size < PackageLayout.MIN_PACKAGE_BYTES) {
            throw new ImagePackageFormatException("truncated: " + size + " bytes is shorter than the smallest package ("
                    + PackageLayout.MIN_PACKAGE_BYTES + ")");
        }
        if (size > PackageLayout.MAX_PACKAGE_BYTES) {
            throw new ImagePackageFormatException("package of " + size + " bytes exceeds the limit of "
                    + PackageLayout.MAX_PACKAGE_BYTES);
        }
        int signedLength = size - PackageLayout.SIGNATURE_LENGTH;
        int trailerAt = signedLength - PackageLayout.METADATA_TRAILER;
        long metadataLength = window(source, trailerAt, 4).getInt(0) & 0xFFFFFFFFL;
        long maxMetadata = signedLength - PackageLayout.BODY_HEADER;
        if (metadataLength < PackageLayout.METADATA_HEADER + PackageLayout.METADATA_TRAILER || metadataLength > maxMetadata) {
            throw new ImagePackageFormatException("metadata length " + metadataLength + " at offset " + trailerAt
                    + " is outside 12.." + maxMetadata + " (truncated or not an image package)");
        }
        int metadataStart = (int) (signedLength - metadataLength);
        ImageMetadata metadata = parseMetadata(source, metadataStart, trailerAt);
        List<PackageFile> files = parseBody(source, metadataStart);
        return new ImagePackage(source, files, metadata, signedLength);
    }

    /** A little-endian view of a small span of the source, addressed from its start. */
    private static ByteBuffer window(PackageSource source, int offset, int length) {
        return ByteBuffer.wrap(source.read(offset, length)).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static ImageMetadata parseMetadata(PackageSource source, int start, int end) throws ImagePackageFormatException {
        // The metadata is small: read it once; index i in the window is package offset start + i.
        ByteBuffer in = window(source, start, end - start);
        int magic = in.getInt(0);
        if (magic != PackageLayout.METADATA_MAGIC) {
            throw new ImagePackageFormatException(String.format(
                    "metadata magic at offset %d is 0x%08X, expected 0x%08X", start, magic, PackageLayout.METADATA_MAGIC));
        }
        long count = in.getInt(4) & 0xFFFFFFFFL;
        if (count < 1 || count > PackageLayout.MAX_SECTIONS) {
            throw new ImagePackageFormatException("metadata section count " + count + " at offset " + (start + 4)
                    + " is outside 1.." + PackageLayout.MAX_SECTIONS);
        }
        Map<Integer, ByteBuffer> sections = new HashMap<>();
        int limit = end - start;
        int at = PackageLayout.METADATA_HEADER;
        for (int i = 0; i < count; i++) {
            if (at + 4 > limit) {
                throw new ImagePackageFormatException("metadata section " + i + " header at offset " + (start + at)
                        + " runs past the metadata end at " + end);
            }
            int id = in.getShort(at) & 0xFFFF;
            int length = in.getShort(at + 2) & 0xFFFF;
            if (at + 4 + length > limit) {
                throw new ImagePackageFormatException("metadata section " + MetadataSection.name(id) + " at offset " + (start + at)
                        + " has length " + length + ", past the metadata end at " + end);
            }
            ByteBuffer data = in.slice(at + 4, length).order(ByteOrder.LITTLE_ENDIAN);
            if (sections.put(id, data) != null) {
                throw new ImagePackageFormatException("metadata section " + MetadataSection.name(id) + " appears twice (offset "
                        + (start + at) + ")");
            }
            at += 4 + length;
        }
        if (at != limit) {
            throw new ImagePackageFormatException("metadata sections end at offset " + (start + at) + " but the metadata length says " + end);
        }
        return decodeSections(sections);
    }

    private static ImageMetadata decodeSections(Map<Integer, ByteBuffer> sections) throws ImagePackageFormatException {
        Set<Integer> known = Set.of(MetadataSection.IDENTITY, MetadataSection.SIGNATURE, MetadataSection.BUILD,
                MetadataSection.TEMPORARY, MetadataSection.ABI_DEPENDS, MetadataSection.ABI_PROVIDES, MetadataSection.VERSION);
        for (int id : sections.keySet()) {
            if (!known.contains(id)) {
                throw new ImagePackageFormatException("unknown metadata section " + MetadataSection.name(id));
            }
        }
        ByteBuffer identity = required(sections, MetadataSection.IDENTITY, MetadataSection.IDENTITY_LENGTH);
        int kindCode = identity.getShort() & 0xFFFF;
        ImageKind kind = ImageKind.fromCode(kindCode).orElseThrow(
                () -> new ImagePackageFormatException("identity section: unknown image type " + kindCode));
        int reserved = identity.getShort() & 0xFFFF;
        if (reserved != 0) {
            throw new ImagePackageFormatException("identity section: reserved field is " + reserved + ", not 0");
        }
        UUID componentId = MixedEndianGuid.read(identity);
        UUID imageId = MixedEndianGuid.read(identity);

        ByteBuffer signature = required(sections, MetadataSection.SIGNATURE, MetadataSection.SIGNATURE_LENGTH);
        byte[] thumbprint = new byte[KeyId.LENGTH];
        signature.get(thumbprint);
        int algorithm = signature.getInt();
        if (algorithm != MetadataSection.ECDSA_P256) {
            throw new ImagePackageFormatException("signature section: unsupported signature type " + algorithm
                    + " (only 1, ECDSA P-256 with SHA-256)");
        }

        ByteBuffer build = required(sections, MetadataSection.BUILD, MetadataSection.BUILD_LENGTH);
        long seconds = build.getLong();
        if (seconds < 0 || seconds > Instant.MAX.getEpochSecond()) {
            throw new ImagePackageFormatException("build section: build time " + Long.toUnsignedString(seconds) + " is out of range");
        }
        String name = text(build, MetadataSection.NAME_FIELD, "build section: name");

        TemporaryImage temporary = TemporaryImage.NONE;
        ByteBuffer tp = sections.get(MetadataSection.TEMPORARY);
        if (tp != null) {
            checkLength(tp, MetadataSection.TEMPORARY_LENGTH, MetadataSection.TEMPORARY);
            long flag = tp.getInt() & 0xFFFFFFFFL;
            temporary = TemporaryImage.fromCode(flag)
                    .filter(t -> t != TemporaryImage.NONE)
                    .orElseThrow(() -> new ImagePackageFormatException("temporary section: unknown flag " + flag));
        }

        ByteBuffer xv = required(sections, MetadataSection.VERSION, MetadataSection.VERSION_LENGTH);
        long securityVersion = xv.getInt() & 0xFFFFFFFFL;
        String versionText = text(xv, MetadataSection.VERSION_FIELD, "version section: version");
        if (!ImageVersion.isValid(versionText)) {
            throw new ImagePackageFormatException("version section: '" + versionText + "' is not a version like 1.0.0");
        }

        return new ImageMetadata(kind, componentId, imageId, KeyId.of(thumbprint), Instant.ofEpochSecond(seconds), name,
                temporary, abiList(sections, MetadataSection.ABI_DEPENDS), abiList(sections, MetadataSection.ABI_PROVIDES),
                new ImageVersion(versionText), securityVersion);
    }

    private static ByteBuffer required(Map<Integer, ByteBuffer> sections, int id, int length) throws ImagePackageFormatException {
        ByteBuffer data = sections.get(id);
        if (data == null) {
            throw new ImagePackageFormatException("metadata section " + MetadataSection.name(id) + " is missing");
        }
        checkLength(data, length, id);
        return data;
    }

    private static void checkLength(ByteBuffer data, int length, int id) throws ImagePackageFormatException {
        if (data.remaining() != length) {
            throw new ImagePackageFormatException("metadata section " + MetadataSection.name(id) + " has " + data.remaining()
                    + " bytes, expected " + length);
        }
    }

    private static List<Integer> abiList(Map<Integer, ByteBuffer> sections, int id) throws ImagePackageFormatException {
        ByteBuffer data = sections.get(id);
        if (data == null) {
            return List.of();
        }
        int n = data.remaining();
        if (n == 0 || n % 4 != 0 || n / 4 > MetadataSection.MAX_ABI_ENTRIES) {
            throw new ImagePackageFormatException("metadata section " + MetadataSection.name(id) + " has " + n
                    + " bytes, expected 1 to " + MetadataSection.MAX_ABI_ENTRIES + " u32 values");
        }
        List<Integer> values = new ArrayList<>();
        while (data.hasRemaining()) {
            int v = data.getInt();
            if (v < 0) {
                throw new ImagePackageFormatException("metadata section " + MetadataSection.name(id) + ": ABI version "
                        + Integer.toUnsignedString(v) + " is out of range");
            }
            values.add(v);
        }
        return values;
    }

    /** A NUL-terminated UTF-8 field of fixed width whose unused bytes are all zero. */
    private static String text(ByteBuffer in, int width, String what) throws ImagePackageFormatException {
        byte[] field = new byte[width];
        in.get(field);
        int end = 0;
        while (end < width && field[end] != 0) {
            end++;
        }
        if (end == width) {
            throw new ImagePackageFormatException(what + " is not NUL-terminated");
        }
        for (int i = end; i < width; i++) {
            if (field[i] != 0) {
                throw new ImagePackageFormatException(what + " has non-zero bytes after its end");
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(field, 0, end))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ImagePackageFormatException(what + " is not valid UTF-8");
        }
    }

    private static List<PackageFile> parseBody(PackageSource source, int bodyEnd) throws ImagePackageFormatException {
        ByteBuffer header = window(source, 0, PackageLayout.BODY_HEADER);
        int magic = header.getInt(0);
        if (magic != PackageLayout.BODY_MAGIC) {
            throw new ImagePackageFormatException(String.format(
                    "body magic is 0x%08X, expected 0x%08X: not an image package", magic, PackageLayout.BODY_MAGIC));
        }
        int version = header.getShort(4) & 0xFFFF;
        if (version != FORMAT_VERSION) {
            throw new ImagePackageFormatException("format version " + version + " is not supported (this build reads "
                    + FORMAT_VERSION + ")");
        }
        int count = header.getShort(6) & 0xFFFF;
        if (count < 1 || count > PackageLayout.MAX_FILES) {
            throw new ImagePackageFormatException("file count " + count + " is outside 1.." + PackageLayout.MAX_FILES);
        }
        long bodyLength = header.getInt(8) & 0xFFFFFFFFL;
        if (bodyLength != bodyEnd) {
            throw new ImagePackageFormatException("body length " + bodyLength + " does not match the metadata start at offset " + bodyEnd);
        }
        List<PackageFile> files = new ArrayList<>(count);
        Set<String> paths = new HashSet<>();
        int at = PackageLayout.BODY_HEADER;
        for (int i = 0; i < count; i++) {
            if (at + PackageLayout.ENTRY_HEADER > bodyEnd) {
                throw new ImagePackageFormatException("file " + i + " header at offset " + at + " runs past the body end at " + bodyEnd);
            }
            ByteBuffer entry = window(source, at, PackageLayout.ENTRY_HEADER);
            int pathLength = entry.getShort(0) & 0xFFFF;
            int flags = entry.getShort(2) & 0xFFFF;
            long dataLength = entry.getInt(4) & 0xFFFFFFFFL;
            if ((flags & ~PackageLayout.ENTRY_FLAG_EXECUTABLE) != 0) {
                throw new ImagePackageFormatException("file " + i + " at offset " + at + " has unknown flags 0x" + Integer.toHexString(flags));
            }
            long pathAt = at + PackageLayout.ENTRY_HEADER;
            long dataAt = pathAt + pathLength;
            long next = PackageLayout.padTo4((int) Math.min(dataAt + dataLength, Integer.MAX_VALUE - 3));
            if (pathLength == 0 || pathLength > PackageLayout.MAX_PATH_BYTES || dataAt + dataLength > bodyEnd || next > bodyEnd) {
                throw new ImagePackageFormatException("file " + i + " at offset " + at + " (path " + pathLength + " bytes, data "
                        + dataLength + " bytes) runs past the body end at " + bodyEnd);
            }
            String path = text(window(source, (int) pathAt, pathLength), 0, pathLength, "file " + i + " path at offset " + pathAt);
            Optional<String> problem = PackagePath.problem(path);
            if (problem.isPresent()) {
                throw new ImagePackageFormatException("file " + i + ": " + problem.get());
            }
            if (!paths.add(path)) {
                throw new ImagePackageFormatException("file '" + path + "' appears twice");
            }
            int padding = (int) (next - (dataAt + dataLength));
            byte[] pad = source.read((int) (dataAt + dataLength), padding);
            for (int p = 0; p < padding; p++) {
                if (pad[p] != 0) {
                    throw new ImagePackageFormatException("padding after file '" + path + "' at offset " + (dataAt + dataLength + p)
                            + " is not zero");
                }
            }
            files.add(new PackageFile(path, (flags & PackageLayout.ENTRY_FLAG_EXECUTABLE) != 0, (int) dataAt, (int) dataLength));
            at = (int) next;
        }
        if (at != bodyEnd) {
            throw new ImagePackageFormatException("the body has " + (bodyEnd - at) + " bytes after its last file (offset " + at + ")");
        }
        return files;
    }

    private static String text(ByteBuffer in, int at, int length, String what) throws ImagePackageFormatException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(in.slice(at, length))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ImagePackageFormatException(what + " is not valid UTF-8");
        }
    }

    public ImageMetadata metadata() {
        return metadata;
    }

    public List<PackageFile> files() {
        return files;
    }

    public Optional<PackageFile> file(String path) {
        return files.stream().filter(f -> f.path().equals(path)).findFirst();
    }

    /** A copy of one file's bytes. */
    public byte[] read(PackageFile file) {
        return source.read(file.offset(), file.length());
    }

    /** How many leading bytes the signature covers: everything before it. */
    public int signedLength() {
        return signedLength;
    }

    public int size() {
        return source.size();
    }

    public byte[] signature() {
        return source.read(signedLength, PackageLayout.SIGNATURE_LENGTH);
    }

    /** Where the package's bytes are, for hashing them in place. */
    public PackageSource source() {
        return source;
    }

    public byte[] toByteArray() {
        return source.read(0, source.size());
    }
}
