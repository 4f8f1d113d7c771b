package io.sphaera.emulator.os;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.ChicoryException;
import java.util.Map;

/**
 * WASI's fd_read, fd_write, fd_seek and fd_close, taken over for the app's own descriptors (timers, GPIOs, the mutable
 * file), so that read, write, lseek and close in the app reach them; the standard streams stay with Chicory's WASI.
 * WASI returns its errno as it is (not negated) and its results through pointers; a pointer outside the app's memory
 * is EFAULT.
 */
final class WasiFiles {
    static final String MODULE = "wasi_snapshot_preview1";
    /** The calls taken over; HighLevelApp hands Chicory's own of these here, for the standard streams. */
    static final java.util.Set<String> CALLS = java.util.Set.of("fd_read", "fd_write", "fd_seek", "fd_close", "sock_recv",
            "sock_send");

    /** WASI's recv flags that an app may pass (peek and wait-all are accepted and have no effect on a message). */
    private static final int RECV_PEEK_WAITALL = 0x3;

    private final AppDescriptors descriptors;

    WasiFiles(AppDescriptors descriptors) {
        this.descriptors = descriptors;
    }

    /** @param streams Chicory's own functions, by name, for the descriptors that are not the app's (0-2) */
    java.util.List<HostFunction> functions(Map<String, HostFunction> streams) {
        HostFunction fdRead = streams.get("fd_read");
        HostFunction fdWrite = streams.get("fd_write");
        HostFunction fdSeek = streams.get("fd_seek");
        HostFunction fdClose = streams.get("fd_close");
        HostFunction sockRecv = streams.get("sock_recv");
        HostFunction sockSend = streams.get("sock_send");
        return java.util.List.of(
                // recv() and send() in wasi-libc: the app's sockets (Application_Connect) read and write whole messages.
                new HostFunction(MODULE, "sock_recv", sockRecv.functionType(), (instance, args) -> {
                    int fd = (int) args[0];
                    if (!descriptors.holds(fd)) {
                        return sockRecv.handle().apply(instance, args);
                    }
                    if (((int) args[3] & ~RECV_PEEK_WAITALL) != 0) {
                        return new long[] {Errno.EINVAL.value()};
                    }
                    try {
                        checkWritable(instance.memory(), (int) args[5], 2);
                    } catch (IndexOutOfBoundsException e) {
                        return new long[] {Errno.EFAULT.value()};
                    }
                    int result = read(instance.memory(), fd, (int) args[1], (int) args[2], (int) args[4]);
                    if (result == 0) {
                        instance.memory().writeShort((int) args[5], (short) 0); // no flags: whole messages
                    }
                    return new long[] {result};
                }),
                new HostFunction(MODULE, "sock_send", sockSend.functionType(), (instance, args) -> {
                    int fd = (int) args[0];
                    if (!descriptors.holds(fd)) {
                        return sockSend.handle().apply(instance, args);
                    }
                    return new long[] {write(instance.memory(), fd, (int) args[1], (int) args[2], (int) args[4])};
                }),
                new HostFunction(MODULE, "fd_read", fdRead.functionType(), (instance, args) -> {
                    int fd = (int) args[0];
                    if (!descriptors.holds(fd)) {
                        return fdRead.handle().apply(instance, args);
                    }
                    return new long[] {read(instance.memory(), fd, (int) args[1], (int) args[2], (int) args[3])};
                }),
                new HostFunction(MODULE, "fd_write", fdWrite.functionType(), (instance, args) -> {
                    int fd = (int) args[0];
                    if (!descriptors.holds(fd)) {
                        return fdWrite.handle().apply(instance, args);
                    }
                    return new long[] {write(instance.memory(), fd, (int) args[1], (int) args[2], (int) args[3])};
                }),
                new HostFunction(MODULE, "fd_seek", fdSeek.functionType(), (instance, args) -> {
                    int fd = (int) args[0];
                    if (!descriptors.holds(fd)) {
                        return fdSeek.handle().apply(instance, args);
                    }
                    return new long[] {seek(instance, fd, args[1], (int) args[2], (int) args[3])};
                }),
                new HostFunction(MODULE, "fd_close", fdClose.functionType(), (instance, args) -> {
                    int fd = (int) args[0];
                    if (!descriptors.holds(fd)) {
                        return fdClose.handle().apply(instance, args);
                    }
                    descriptors.get(fd, AppFile.class).ifPresent(AppFile::close);
                    descriptors.close(fd);
                    return new long[] {0};
                }));
    }

    private int read(Memory memory, int fd, int iovs, int count, int nreadAddress) {
        AppFile file = descriptors.get(fd, AppFile.class).orElse(null);
        if (file == null) {
            return Errno.EINVAL.value(); // a GPIO: its value is GPIO_GetValue's
        }
        try {
            int[][] buffers = buffers(memory, iovs, count);
            checkWritable(memory, nreadAddress, 4);
            byte[] into = new byte[total(buffers)];
            int n = file.read(into);
            if (n < 0) {
                return -n;
            }
            // Scatters what came over the app's buffers, in order, as readv does.
            int done = 0;
            for (int[] b : buffers) {
                int part = Math.min(b[1], n - done);
                if (part <= 0) {
                    break;
                }
                memory.write(b[0], into, done, part);
                done += part;
            }
            memory.writeI32(nreadAddress, n);
            return 0;
        } catch (ChicoryException | IndexOutOfBoundsException e) {
            return Errno.EFAULT.value();
        }
    }

    private int write(Memory memory, int fd, int iovs, int count, int nwrittenAddress) {
        AppFile file = descriptors.get(fd, AppFile.class).orElse(null);
        if (file == null) {
            return Errno.EINVAL.value();
        }
        try {
            int[][] buffers = buffers(memory, iovs, count);
            checkWritable(memory, nwrittenAddress, 4);
            byte[] from = new byte[total(buffers)];
            int at = 0;
            for (int[] b : buffers) {
                System.arraycopy(memory.readBytes(b[0], b[1]), 0, from, at, b[1]);
                at += b[1];
            }
            int n = file.write(from);
            if (n < 0) {
                return -n;
            }
            memory.writeI32(nwrittenAddress, n);
            return 0;
        } catch (ChicoryException | IndexOutOfBoundsException e) {
            return Errno.EFAULT.value();
        }
    }

    private int seek(Instance instance, int fd, long offset, int whence, int positionAddress) {
        AppFile file = descriptors.get(fd, AppFile.class).orElse(null);
        if (file == null) {
            return Errno.ESPIPE.value();
        }
        if (whence < 0 || whence > 2) {
            return Errno.EINVAL.value();
        }
        try {
            checkWritable(instance.memory(), positionAddress, 8);
            long position = file.seek(offset, whence);
            if (position < 0) {
                return (int) -position;
            }
            instance.memory().writeLong(positionAddress, position);
            return 0;
        } catch (ChicoryException | IndexOutOfBoundsException e) {
            return Errno.EFAULT.value();
        }
    }

    /** The app's iovecs as {address, length} pairs, each inside its memory. */
    private static int[][] buffers(Memory memory, int iovs, int count) {
        if (count < 0 || count > 1024) {
            throw new IndexOutOfBoundsException("iovec count " + count);
        }
        int[][] buffers = new int[count][];
        long total = 0;
        for (int i = 0; i < count; i++) {
            int address = memory.readInt(iovs + 8 * i);
            int length = memory.readInt(iovs + 8 * i + 4);
            checkWritable(memory, address, length);
            total += length;
            buffers[i] = new int[] {address, length};
        }
        if (total > bytes(memory)) {
            throw new IndexOutOfBoundsException("buffers larger than the app's memory");
        }
        return buffers;
    }

    private static int total(int[][] buffers) {
        int total = 0;
        for (int[] b : buffers) {
            total += b[1];
        }
        return total;
    }

    /** Checked before the file is touched, so a bad pointer fails the call without moving the file's position. */
    private static void checkWritable(Memory memory, int address, int length) {
        long end = (address & 0xFFFFFFFFL) + (length & 0xFFFFFFFFL);
        if (length < 0 || end > bytes(memory)) {
            throw new IndexOutOfBoundsException("0x" + Integer.toHexString(address) + " (+" + length + ")");
        }
    }

    private static long bytes(Memory memory) {
        return (long) memory.pages() * Memory.PAGE_SIZE;
    }
}
