package io.sphaera.emulator.os;

import java.time.Duration;
import java.util.Optional;

/**
 * The high-level app's socket to a real-time app (Application_Connect): each send is one message, each recv takes one
 * whole message (cut to the buffer, as a SOCK_SEQPACKET socket does). A recv with nothing there waits up to
 * {@link #RECEIVE_TIMEOUT} of the device's time, then fails with EAGAIN: the platform's socket blocks, and its
 * sample sets SO_RCVTIMEO to 5 s, which wasi-libc cannot express, so that is the timeout here.
 */
final class IntercoreSocket implements AppFile {
    static final Duration RECEIVE_TIMEOUT = Duration.ofSeconds(5);

    private final IntercoreChannel channel;
    private final AppWaits waits;
    private final Runnable wake;

    IntercoreSocket(IntercoreChannel channel, java.util.UUID app, AppWaits waits) {
        this.channel = channel;
        this.waits = waits;
        this.wake = waits.waker();
        channel.connect(app, wake);
    }

    @Override
    public int read(byte[] into) {
        Optional<byte[]> message = channel.receive();
        if (message.isEmpty() && !channel.broken()) {
            waits.waitFor(() -> channel.hasMessage() || channel.broken(), RECEIVE_TIMEOUT);
            message = channel.receive();
        }
        if (message.isEmpty()) {
            return -(channel.broken() ? Errno.EPIPE : Errno.EAGAIN).value();
        }
        int n = Math.min(into.length, message.get().length);
        System.arraycopy(message.get(), 0, into, 0, n);
        return n;
    }

    @Override
    public int write(byte[] from) {
        return channel.send(from);
    }

    @Override
    public boolean readable() {
        return channel.hasMessage();
    }

    @Override
    public void close() {
        channel.disconnect(wake);
    }
}
