package io.sphaera.peripherals.host;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Structure;
import io.sphaera.peripherals.uart.SerialLine;
import java.io.IOException;
import java.util.List;

/**
 * A UART on a host pseudo-terminal (Linux): the bridge holds the master side and a user opens the slave
 * ({@link #where()}, e.g. /dev/pts/7) with screen or picocom, which set the terminal raw as they do for a real serial
 * port. Made with posix_openpt, grantpt, unlockpt and ptsname through JNA; read by polling, so closing never waits on
 * a blocked read.
 */
public final class PseudoTerminalBridge implements SerialBridge {
    private static final int O_RDWR = 2;
    private static final int O_NOCTTY = 0x100;
    private static final short POLLIN = 1;
    private static final int POLL_MILLIS = 100;

    /** The C library calls the bridge needs; size_t and ssize_t are long on the 64-bit hosts this runs on. */
    interface LibC extends Library {
        int posix_openpt(int flags) throws LastErrorException;

        int grantpt(int fd) throws LastErrorException;

        int unlockpt(int fd) throws LastErrorException;

        String ptsname(int fd);

        long read(int fd, byte[] buffer, long count) throws LastErrorException;

        long write(int fd, byte[] buffer, long count) throws LastErrorException;

        int poll(PollFd fds, long count, int timeoutMillis) throws LastErrorException;

        int close(int fd) throws LastErrorException;
    }

    /** struct pollfd. */
    public static final class PollFd extends Structure {
        public int fd;
        public short events;
        public short revents;

        @Override
        protected List<String> getFieldOrder() {
            return List.of("fd", "events", "revents");
        }
    }

    private final LibC libc;
    private final int master;
    private final String slave;
    private final HostSerialLine line = new HostSerialLine();
    private volatile boolean open = true;
    private final Thread reader;
    private final Thread writer;

    private PseudoTerminalBridge(LibC libc, int master, String slave) {
        this.libc = libc;
        this.master = master;
        this.slave = slave;
        // seam: host I/O for the bridge; the chip's side is the queue in HostSerialLine, read on the device's executor
        this.reader = Thread.ofPlatform().name("uart-pty-in").daemon().unstarted(this::read);
        // seam: as above, writing the chip's bytes to the terminal
        this.writer = Thread.ofPlatform().name("uart-pty-out").daemon().unstarted(this::write);
    }

    /** A new pseudo-terminal; fails with a one-line reason where the host has none (not Linux, no /dev/ptmx). */
    public static PseudoTerminalBridge open() throws IOException {
        LibC libc;
        try {
            libc = Native.load("c", LibC.class);
        } catch (UnsatisfiedLinkError e) {
            throw new IOException("no C library to make a pseudo-terminal with: " + e.getMessage(), e);
        }
        int master;
        try {
            master = libc.posix_openpt(O_RDWR | O_NOCTTY);
        } catch (LastErrorException e) {
            throw new IOException("posix_openpt failed: errno " + e.getErrorCode(), e);
        }
        try {
            libc.grantpt(master);
            libc.unlockpt(master);
            String slave = libc.ptsname(master);
            if (slave == null) {
                throw new IOException("ptsname gave no name for the pseudo-terminal");
            }
            PseudoTerminalBridge bridge = new PseudoTerminalBridge(libc, master, slave);
            bridge.reader.start();
            bridge.writer.start();
            return bridge;
        } catch (LastErrorException e) {
            libc.close(master);
            throw new IOException("cannot set up the pseudo-terminal: errno " + e.getErrorCode(), e);
        }
    }

    @Override
    public SerialLine line() {
        return line;
    }

    @Override
    public String where() {
        return slave;
    }

    @Override
    public void onInput(Runnable listener) {
        line.onInput(listener);
    }

    private void read() {
        byte[] buffer = new byte[512];
        PollFd poll = new PollFd();
        while (open) {
            poll.fd = master;
            poll.events = POLLIN;
            poll.revents = 0;
            try {
                if (libc.poll(poll, 1, POLL_MILLIS) > 0 && (poll.revents & POLLIN) != 0) {
                    long n = libc.read(master, buffer, buffer.length);
                    if (n > 0) {
                        line.fromHost(buffer, (int) n);
                    }
                }
            } catch (LastErrorException e) {
                // EIO while no one has the slave open: wait for someone to open it
                if (!waitBriefly()) {
                    return;
                }
            }
        }
    }

    private boolean waitBriefly() {
        try {
            Thread.sleep(POLL_MILLIS); // seam: host I/O polling, not the device's time
            return open;
        } catch (InterruptedException e) {
            return false;
        }
    }

    private void write() {
        byte[] chunk = new byte[512];
        while (open) {
            try {
                chunk[0] = (byte) line.nextForHost();
                int n = 1 + line.drainForHost(chunk, 1);
                libc.write(master, chunk, n);
            } catch (InterruptedException e) {
                return;
            } catch (LastErrorException e) {
                // no one reads the slave: the bytes are gone, as on a port with nothing attached
            }
        }
    }

    @Override
    public void close() {
        if (!open) {
            return;
        }
        open = false;
        writer.interrupt();
        try {
            reader.join(2 * POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            libc.close(master);
        } catch (LastErrorException e) {
            // closing: nothing left to do
        }
    }
}
