package io.sphaera.emulator.os;

/**
 * The errno values applibs calls fail with, in the numbering of the app's libc: wasi-libc's (wasi/api.h,
 * __WASI_ERRNO_*), not Linux's, since the app is compiled against wasi-libc and compares errno with its EACCES.
 */
public enum Errno {
    EACCES(2),
    EAGAIN(6),
    EBADF(8),
    EBUSY(10),
    ECONNREFUSED(14),
    EEXIST(20),
    EFAULT(21),
    EFBIG(22),
    EINTR(27),
    EINVAL(28),
    EIO(29),
    EMSGSIZE(35),
    ENODEV(43),
    ENOENT(44),
    ENOSPC(51),
    ENOTCONN(53),
    ENOTSUP(58),
    ENXIO(60),
    EPERM(63),
    EPIPE(64),
    ERANGE(68),
    ESPIPE(70),
    ETIMEDOUT(73);

    private final int value;

    Errno(int value) {
        this.value = value;
    }

    public int value() {
        return value;
    }

    /** What a failing host function returns to the app: the errno negated. */
    long[] asResult() {
        return new long[] {-value};
    }
}
