package io.sphaera.peripherals.flash;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * A NOR flash: erased in 4 KiB sectors to 0xFF, programmed by clearing bits, read freely. Its content is held as
 * shared pages (see {@link PagePool}) so that devices holding the same images share memory; every program
 * and erase first passes the flash's {@link FlashWriteGate}, which may cut power before or during it. A flash may be
 * backed by a file, to which every write goes through before the call returns.
 *
 * <p>Thread-safe, though a device's flash is meant to be used from the device's own executor.
 */
public final class NorFlash implements Closeable {
    private final java.util.List<long[]> oneTimeProgrammable = new java.util.ArrayList<>();
    /** The erase unit, equal to the page size: 4 KiB. */
    public static final int SECTOR_SIZE = Page.SIZE;
    /** The MT3620's flash: 16 MiB. */
    public static final long MT3620_SIZE = 16L << 20;

    private static final int NONE_OPEN = -1;

    private final long size;
    private final Page[] pages;
    private final PagePool pool;
    private final FlashWriteGate gate;
    private final FlashImageFile image; // null when the flash lives only in memory
    private int openPage = NONE_OPEN;
    private long writeCount;
    private boolean closed;

    private NorFlash(long size, Page[] pages, PagePool pool, FlashWriteGate gate, FlashImageFile image) {
        this.size = size;
        this.pages = pages;
        this.pool = Objects.requireNonNull(pool, "pool");
        this.gate = Objects.requireNonNull(gate, "gate");
        this.image = image;
    }

    /** An erased flash of {@code size} bytes that lives in memory only, sharing pages through the global pool. */
    public static NorFlash inMemory(long size, FlashWriteGate gate) {
        return inMemory(size, gate, PagePool.global());
    }

    /** An erased flash of {@code size} bytes that lives in memory only, sharing pages through {@code pool}. */
    public static NorFlash inMemory(long size, FlashWriteGate gate, PagePool pool) {
        Page[] pages = new Page[pageCount(size)];
        Arrays.fill(pages, Page.ERASED);
        return new NorFlash(size, pages, pool, gate, null);
    }

    /**
     * An in-memory flash holding what {@code source} holds now, at the cost of one reference per page: the quick way
     * to give many devices the same factory content. Later writes to either do not show in the other.
     */
    public static NorFlash inMemoryCopyOf(NorFlash source, FlashWriteGate gate) {
        synchronized (source) {
            source.ensureOpen();
            source.sealOpenPage();
            return new NorFlash(source.size, source.pages.clone(), source.pool, gate, null);
        }
    }

    /**
     * The flash kept in {@code file}, created erased (and sparse) if the file is missing or empty. Shares pages
     * through the global pool.
     *
     * @throws FlashImageException if the file holds other than {@code size} bytes, or another flash has it open
     */
    public static NorFlash open(Path file, long size, FlashWriteGate gate) throws IOException {
        return open(file, size, gate, PagePool.global());
    }

    /** As {@link #open(Path, long, FlashWriteGate)}, sharing pages through {@code pool}. */
    public static NorFlash open(Path file, long size, FlashWriteGate gate, PagePool pool) throws IOException {
        int pageCount = pageCount(size);
        Objects.requireNonNull(gate, "gate");
        Objects.requireNonNull(pool, "pool");
        FlashImageFile image = FlashImageFile.open(file, size);
        try {
            return new NorFlash(size, image.load(pool, pageCount), pool, gate, image);
        } catch (IOException | RuntimeException e) {
            image.close();
            throw e;
        }
    }

    private static int pageCount(long size) {
        if (size <= 0 || size % SECTOR_SIZE != 0 || size / SECTOR_SIZE > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "flash size must be a positive multiple of the " + SECTOR_SIZE + "-byte sector, not " + size);
        }
        return (int) (size / SECTOR_SIZE);
    }

    public long size() {
        return size;
    }

    /** The file this flash is kept in, if any. */
    public Optional<Path> file() {
        return Optional.ofNullable(image).map(FlashImageFile::path);
    }

    /** How many programs and erases have reached the write gate, cut or torn ones included. */
    public synchronized long writeCount() {
        return writeCount;
    }

    /** How many pages hold something other than erased flash: what this flash costs beyond the shared erased page. */
    public synchronized long residentPages() {
        return Arrays.stream(pages).filter(page -> page != Page.ERASED).count();
    }

    /** Copies {@code length} bytes from flash offset {@code offset} into {@code dst} from {@code dstOffset}. */
    public synchronized void read(long offset, byte[] dst, int dstOffset, int length) {
        ensureOpen();
        Objects.checkFromIndexSize(dstOffset, length, dst.length);
        checkRange("flash", offset, length, size);
        forEachSpan(offset, length, (page, within, done, count) ->
                pages[page].copyTo(within, dst, dstOffset + (int) done, count));
    }

    /** Feeds {@code length} bytes from flash offset {@code offset} to a digest straight from the pages, copying nothing. */
    public synchronized void digest(java.security.MessageDigest digest, long offset, long length) {
        ensureOpen();
        checkRange("flash", offset, length, size);
        forEachSpan(offset, length, (page, within, done, count) -> pages[page].digestInto(digest, within, count));
    }

    /** The {@code length} bytes from flash offset {@code offset}. */
    public byte[] read(long offset, int length) {
        byte[] bytes = new byte[length];
        read(offset, bytes, 0, length);
        return bytes;
    }

    /**
     * Programs {@code data[dataOffset..+length)} at flash offset {@code offset}, across pages if need be. Programming
     * only clears bits, so the result is the data itself.
     *
     * @throws FlashProgramException if some byte would need a 0 -> 1 transition; the flash is then unchanged and the
     *                               write gate is not consulted
     * @throws PowerLossException    if the write gate cut power before or during the program
     */
    public synchronized void program(long offset, byte[] data, int dataOffset, int length) {
        ensureOpen();
        Objects.checkFromIndexSize(dataOffset, length, data.length);
        checkRange("flash", offset, length, size);
        forEachSpan(offset, length, (page, within, done, count) -> {
            for (int i = 0; i < count; i++) {
                int present = pages[page].at(within + i);
                int requested = data[dataOffset + (int) done + i];
                if ((requested & ~present & 0xFF) != 0) {
                    throw new FlashProgramException(offset + done + i, present, requested);
                }
            }
        });
        if (length == 0) {
            return;
        }
        FlashOperation operation = new FlashOperation(FlashOperation.Kind.PROGRAM, offset, length, writeCount);
        FlashWriteOutcome outcome = pass(operation);
        int applied = (int) appliedBytes(outcome, length);
        if (image != null) {
            writeThrough(() -> image.write(offset, data, dataOffset, applied));
        }
        forEachSpan(offset, applied, (page, within, done, count) -> {
            int from = dataOffset + (int) done;
            if (!pages[page].holds(within, data, from, count)) {
                writablePage(page).write(within, data, from, count);
            }
            if (within + count == SECTOR_SIZE && page == openPage) {
                sealOpenPage(); // written to its end: a writer going through in order is done with it
            }
        });
        powerLossAfter(operation, outcome, applied);
    }

    /**
     * Erases the sectors in {@code [offset, offset+length)} to 0xFF.
     *
     * @throws IllegalArgumentException if offset or length is not a multiple of {@link #SECTOR_SIZE}
     * @throws PowerLossException       if the write gate cut power before or during the erase
     */
    /**
     * Makes a range one-time-programmable, as e-fuses are: it can still be programmed (bits cleared) but never
     * erased again. Holds for the life of this flash object; the emulator sets it whenever it opens a flash.
     */
    public synchronized void makeOneTimeProgrammable(long offset, long length) {
        checkRange("flash", offset, length, size);
        oneTimeProgrammable.add(new long[] {offset, offset + length});
    }

    public synchronized void erase(long offset, long length) {
        ensureOpen();
        checkRange("flash", offset, length, size);
        for (long[] otp : oneTimeProgrammable) {
            if (offset < otp[1] && otp[0] < offset + length) {
                throw new OneTimeProgrammableException(offset, length);
            }
        }
        if (offset % SECTOR_SIZE != 0 || length % SECTOR_SIZE != 0) {
            throw new IllegalArgumentException("erase of 0x%x (+%d) is not aligned to the %d-byte sector"
                    .formatted(offset, length, SECTOR_SIZE));
        }
        if (length == 0) {
            return;
        }
        FlashOperation operation = new FlashOperation(FlashOperation.Kind.ERASE, offset, length, writeCount);
        FlashWriteOutcome outcome = pass(operation);
        long applied = appliedBytes(outcome, length);
        forEachSpan(offset, applied, (page, within, done, count) -> {
            Page present = pages[page];
            if (present == Page.ERASED) {
                return; // already erased, on disk too: writing its zeros would only allocate blocks
            }
            if (image != null) {
                writeThrough(() -> image.writeErased(offset + done, count));
            }
            if (count == SECTOR_SIZE) {
                pages[page] = Page.ERASED;
                if (page == openPage) {
                    openPage = NONE_OPEN;
                }
            } else {
                writablePage(page).erase(0, count);
            }
        });
        powerLossAfter(operation, outcome, applied);
    }

    /** Releases the backing file, if any; the flash can no longer be used. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (image != null) {
            image.close();
        }
    }

    /** The page at {@code index}, for tests that check pages are shared by identity. */
    synchronized Page pageAt(int index) {
        return pages[index];
    }

    /** Checks that {@code [offset, offset+length)} lies inside a region of {@code size} bytes named {@code where}. */
    static void checkRange(String where, long offset, long length, long size) {
        if (offset < 0 || length < 0 || offset > size - length) {
            throw new IndexOutOfBoundsException("range 0x%x (+%d) is outside the %s of %d bytes"
                    .formatted(offset, length, where, size));
        }
    }

    /**
     * The page at {@code index} made this flash's open page, which it alone holds and changes in place. Only one page
     * is open at a time, so a run of small writes to one page costs one copy and one interning, not one per write.
     */
    private Page writablePage(int index) {
        if (index != openPage) {
            sealOpenPage();
            pages[index] = pages[index].openCopy();
            openPage = index;
        }
        return pages[index];
    }

    /** Hands the open page to the pool, which shares it or swaps in an identical page it already holds. */
    private void sealOpenPage() {
        if (openPage != NONE_OPEN) {
            pages[openPage] = pool.intern(pages[openPage]);
            openPage = NONE_OPEN;
        }
    }

    private FlashWriteOutcome pass(FlashOperation operation) {
        FlashWriteOutcome outcome = Objects.requireNonNull(gate.beforeWrite(operation),
                () -> "the write gate gave no outcome for " + operation);
        writeCount++;
        return outcome;
    }

    private static long appliedBytes(FlashWriteOutcome outcome, long length) {
        return switch (outcome) {
            case FlashWriteOutcome.Complete complete -> length;
            case FlashWriteOutcome.PowerCut cut -> 0;
            case FlashWriteOutcome.Torn torn -> Math.min(torn.appliedBytes(), length);
        };
    }

    private static void powerLossAfter(FlashOperation operation, FlashWriteOutcome outcome, long applied) {
        if (!(outcome instanceof FlashWriteOutcome.Complete)) {
            throw new PowerLossException(operation, applied);
        }
    }

    private void writeThrough(FileWrite write) {
        try {
            write.run();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write flash image " + image.path(), e);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("flash " + this + " is closed");
        }
    }

    /** Visits each page-sized piece of {@code [offset, offset+length)} in order. */
    private static void forEachSpan(long offset, long length, Span span) {
        long done = 0;
        while (done < length) {
            long at = offset + done;
            int within = (int) (at % SECTOR_SIZE);
            int count = (int) Math.min(length - done, SECTOR_SIZE - within);
            span.visit((int) (at / SECTOR_SIZE), within, done, count);
            done += count;
        }
    }

    @Override
    public String toString() {
        return "NorFlash[" + size + " bytes" + file().map(path -> ", " + path).orElse("") + "]";
    }

    /** One piece of a range that lies within a single page. */
    @FunctionalInterface
    private interface Span {
        void visit(int page, int within, long done, int count);
    }

    @FunctionalInterface
    private interface FileWrite {
        void run() throws IOException;
    }
}
