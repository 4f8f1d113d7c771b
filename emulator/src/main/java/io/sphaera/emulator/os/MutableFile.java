package io.sphaera.emulator.os;

import io.sphaera.peripherals.flash.FlashProgramException;
import java.util.Arrays;
import java.util.UUID;

/**
 * An app's mutable file while the app runs: its bytes, read from {@link MutableStorage} when first opened and written
 * through to it by every write, so what a write() returned is on flash. Each Storage_OpenMutableFile is a descriptor
 * of its own ({@link #open}) with its own position, over the same bytes. Writes stop at the manifest's SizeKB: one that
 * crosses it writes up to it, as POSIX does at a file size limit, and one that starts there is ENOSPC. Once deleted,
 * the descriptors still open keep the bytes they saw, in RAM only, as an unlinked file's do.
 */
final class MutableFile {
    private final MutableStorage storage;
    private final UUID app;
    private final int limit;
    private byte[] bytes;
    private boolean deleted;

    /** @param limit the manifest's SizeKB in bytes */
    MutableFile(MutableStorage storage, UUID app, int limit, byte[] stored) {
        this.storage = storage;
        this.app = app;
        this.limit = limit;
        this.bytes = stored.clone();
    }

    boolean deleted() {
        return deleted;
    }

    /** The file is gone from flash; what is open on it stays in RAM. */
    void delete() {
        deleted = true;
    }

    /** A new descriptor on the file, at its start. */
    AppFile open() {
        return new AppFile() {
            private long position;

            @Override
            public int read(byte[] into) {
                if (position >= bytes.length) {
                    return 0;
                }
                int n = (int) Math.min(into.length, bytes.length - position);
                System.arraycopy(bytes, (int) position, into, 0, n);
                position += n;
                return n;
            }

            @Override
            public int write(byte[] from) {
                int n = MutableFile.this.write(position, from);
                if (n > 0) {
                    position += n;
                }
                return n;
            }

            @Override
            public long seek(long offset, int whence) {
                long from = switch (whence) {
                    case 0 -> 0;
                    case 1 -> position;
                    default -> bytes.length;
                };
                long to = from + offset;
                if (to < 0 || (offset > 0 && to < from)) {
                    return -Errno.EINVAL.value(); // before the start, or past what a position can hold
                }
                position = to;
                return to;
            }
        };
    }

    private int write(long position, byte[] from) {
        if (from.length == 0) {
            return 0;
        }
        if (position >= limit) {
            return -Errno.ENOSPC.value();
        }
        int at = (int) position;
        int n = Math.min(from.length, limit - at);
        // The new bytes become the file's only once flash has them: a failed write changes nothing.
        byte[] next = Arrays.copyOf(bytes, Math.max(bytes.length, at + n)); // past the end, zeros between, as a hole reads
        System.arraycopy(from, 0, next, at, n);
        if (!deleted) {
            try {
                storage.write(app, next, next.length);
            } catch (FlashProgramException | IllegalArgumentException e) {
                return -Errno.EIO.value();
            }
        }
        bytes = next;
        return n;
    }
}
