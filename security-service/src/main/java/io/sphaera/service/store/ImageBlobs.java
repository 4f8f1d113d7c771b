package io.sphaera.service.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Image bytes on disk, named by their SHA-256 ({@code images/ab/abcdef...}), so identical bytes are kept once and a
 * name always means the same bytes. A blob is written to {@code images/partial/} first, forced to disk and then
 * renamed into place, so after a crash a blob is either whole or absent; partial files are swept on open.
 *
 * <p>A blob may back images of several tenants (identical bytes under their own image IDs), so nothing deletes one
 * while any image record names its SHA-256; today nothing deletes blobs at all.
 */
final class ImageBlobs {
    private static final String PARTIAL = "partial";
    private static final boolean WINDOWS = System.getProperty("os.name", "").startsWith("Windows");

    private final Path root;
    private final Path partial;

    private ImageBlobs(Path root) {
        this.root = root;
        this.partial = root.resolve(PARTIAL);
    }

    static ImageBlobs open(Path root) throws IOException {
        ImageBlobs blobs = new ImageBlobs(root);
        Files.createDirectories(blobs.partial);
        blobs.sweepPartials();
        return blobs;
    }

    /** Keeps {@code bytes} under {@code sha256} unless they are kept already; durable when it returns. */
    void put(String sha256, byte[] bytes) throws IOException {
        Path target = pathOf(sha256);
        if (Files.exists(target)) {
            return;
        }
        Path dir = target.getParent();
        Files.createDirectories(dir);
        // Callers hold the store's lock and only one process holds the store, so this name cannot be shared.
        Path temp = partial.resolve(sha256);
        try (FileChannel out = FileChannel.open(
                temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            out.force(true);
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        forceDirectory(dir);
        forceDirectory(root);
    }

    Optional<Path> path(String sha256) {
        Path p = pathOf(sha256);
        return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }

    /**
     * Up to {@code length} bytes from {@code offset}; fewer when the blob ends first.
     *
     * @throws NotFoundException     if no blob has this SHA-256
     * @throws InvalidInputException if the offset lies beyond the end or the length is negative
     */
    byte[] readRange(String sha256, long offset, int length) throws IOException {
        if (offset < 0) {
            throw new InvalidInputException("offset", "an offset is not negative");
        }
        if (length < 0) {
            throw new InvalidInputException("length", "a length is not negative");
        }
        try (FileChannel in = FileChannel.open(pathOf(sha256), StandardOpenOption.READ)) {
            long size = in.size();
            if (offset > size) {
                throw new InvalidInputException("offset", "offset " + offset + " lies beyond the image's " + size
                        + " bytes");
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(length, size - offset));
            while (buffer.hasRemaining()) {
                if (in.read(buffer, offset + buffer.position()) < 0) {
                    break;
                }
            }
            return buffer.array();
        } catch (NoSuchFileException e) {
            throw new NotFoundException("sha256", "no image bytes with SHA-256 " + sha256);
        }
    }

    private Path pathOf(String sha256) {
        return root.resolve(sha256.substring(0, 2)).resolve(sha256);
    }

    private void sweepPartials() throws IOException {
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(partial)) {
            for (Path p : leftovers) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Makes a rename in {@code dir} durable (on POSIX a rename is durable only once its directory is synced). */
    private static void forceDirectory(Path dir) throws IOException {
        if (WINDOWS) {
            return; // Windows cannot open a directory as a file; NTFS journals the rename itself.
        }
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }
}
