package io.sphaera.peripherals.flash;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The file that keeps one device's flash across runs. It stores the bitwise complement of every byte, so that erased
 * flash (0xFF) is zeros on disk and a fresh or mostly erased flash stays a sparse file that costs no disk blocks.
 * Writes are positional and unbuffered: once a call returns the bytes are in the operating system's hands, so killing
 * the JVM loses no completed write (surviving a host crash would need a sync per write, which the model does not pay).
 */
final class FlashImageFile implements AutoCloseable {
    private static final int LOAD_CHUNK = 1 << 20;
    private static final byte[] ERASED_ON_DISK = new byte[Page.SIZE];

    private final Path path;
    private final RandomAccessFile file;
    private final FileChannel channel;

    private FlashImageFile(Path path, RandomAccessFile file) {
        this.path = path;
        this.file = file;
        this.channel = file.getChannel();
    }

    /**
     * Opens the image at {@code path} for a flash of {@code size} bytes, creating it erased if it is missing or empty,
     * and locks it so that no other flash, in this process or another, writes it at the same time.
     */
    static FlashImageFile open(Path path, long size) throws IOException {
        RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw");
        try {
            FlashImageFile image = new FlashImageFile(path, file);
            image.lock();
            long actual = file.length();
            if (actual == 0) {
                // An empty file is one whose creation was interrupted; setLength leaves it sparse, i.e. erased.
                file.setLength(size);
            } else if (actual != size) {
                throw new FlashImageException("flash image %s holds %d bytes, but this flash has %d"
                        .formatted(path, actual, size));
            }
            return image;
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    private void lock() throws IOException {
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            throw new FlashImageException("flash image " + path + " is already open in this process");
        }
        if (lock == null) {
            throw new FlashImageException("flash image " + path + " is in use by another process");
        }
    }

    /** Reads the whole image back as pages, interned in {@code pool}. */
    Page[] load(PagePool pool, int pageCount) throws IOException {
        Page[] pages = new Page[pageCount];
        byte[] chunk = new byte[(int) Math.min(LOAD_CHUNK, (long) pageCount * Page.SIZE)];
        int pagesPerChunk = chunk.length / Page.SIZE;
        for (int first = 0; first < pageCount; first += pagesPerChunk) {
            int count = Math.min(pagesPerChunk, pageCount - first);
            readFully(ByteBuffer.wrap(chunk, 0, count * Page.SIZE), (long) first * Page.SIZE);
            for (int i = 0; i < count; i++) {
                pages[first + i] = toPage(chunk, i * Page.SIZE, pool);
            }
        }
        return pages;
    }

    private static Page toPage(byte[] chunk, int from, PagePool pool) {
        if (Arrays.equals(chunk, from, from + Page.SIZE, ERASED_ON_DISK, 0, Page.SIZE)) {
            return Page.ERASED;
        }
        byte[] content = new byte[Page.SIZE];
        for (int i = 0; i < Page.SIZE; i++) {
            content[i] = (byte) ~chunk[from + i];
        }
        return pool.intern(Page.of(content));
    }

    private void readFully(ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, position);
            if (read < 0) {
                throw new FlashImageException("flash image " + path + " ended at byte " + position
                        + " while it was being read");
            }
            position += read;
        }
    }

    /** Writes flash content {@code bytes[from..from+length)} at flash offset {@code offset}. */
    void write(long offset, byte[] bytes, int from, int length) throws IOException {
        byte[] complement = new byte[length];
        for (int i = 0; i < length; i++) {
            complement[i] = (byte) ~bytes[from + i];
        }
        writeFully(ByteBuffer.wrap(complement), offset);
    }

    /** Marks {@code length} bytes (at most one page) from {@code offset} erased. */
    void writeErased(long offset, int length) throws IOException {
        writeFully(ByteBuffer.wrap(ERASED_ON_DISK, 0, length), offset);
    }

    private void writeFully(ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            position += channel.write(buffer, position);
        }
    }

    Path path() {
        return path;
    }

    @Override
    public void close() throws IOException {
        file.close(); // also closes the channel and releases the lock
    }
}
