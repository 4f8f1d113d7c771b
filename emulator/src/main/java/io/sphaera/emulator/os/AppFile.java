package io.sphaera.emulator.os;

/**
 * A descriptor of the app's that reads and writes bytes (a timer, the mutable file): what WASI's fd_read, fd_write,
 * fd_seek and fd_close reach for the app's own descriptors (see {@link WasiFiles}). Each call returns a count or a
 * position >= 0, or the errno negated; what a descriptor cannot do is EINVAL, as Linux says for a timer's write.
 */
interface AppFile {
    /** Reads into {@code into} (the app's buffers, gathered): how many bytes came. */
    default int read(byte[] into) {
        return -Errno.EINVAL.value();
    }

    /** Writes {@code from} (the app's buffers, gathered) as one write: how many bytes went. */
    default int write(byte[] from) {
        return -Errno.EINVAL.value();
    }

    /** Moves the position ({@code whence}: WASI's 0 set, 1 current, 2 end); the new position. */
    default long seek(long offset, int whence) {
        return -Errno.ESPIPE.value();
    }

    /**
     * Whether a read would find something now (the event loop's EventLoop_Input); a descriptor that can become readable
     * without a timer wakes the app's wait when it does.
     */
    default boolean readable() {
        return false;
    }

    /** Called once, when the app closes the descriptor. */
    default void close() {
    }
}
