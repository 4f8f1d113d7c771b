package io.sphaera.peripherals.host;

import io.sphaera.peripherals.uart.SerialLine;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A UART on a TCP socket on loopback (`nc 127.0.0.1 PORT`): one client at a time, its bytes to the chip's RX and the
 * chip's TX to it. Bytes the chip sends while nobody is connected are dropped, as on an unplugged cable.
 */
public final class TcpSerialBridge implements SerialBridge {
    private final HostSerialLine line = new HostSerialLine();
    private final ServerSocket server;
    private volatile Socket client;
    private final Thread acceptor;
    private final Thread writer;

    private TcpSerialBridge(ServerSocket server) {
        this.server = server;
        // seam: host I/O for the bridge; the chip's side is the queue in HostSerialLine, read on the device's executor
        this.acceptor = Thread.ofPlatform().name("uart-tcp-" + server.getLocalPort()).daemon().unstarted(this::accept);
        // seam: as above, writing the chip's bytes to the client
        this.writer = Thread.ofPlatform().name("uart-tcp-out-" + server.getLocalPort()).daemon().unstarted(this::write);
    }

    /** Listens on loopback, on {@code port} (0: any free port). */
    public static TcpSerialBridge open(int port) throws IOException {
        ServerSocket server = new ServerSocket();
        try {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            server.close();
            throw new IOException("cannot listen on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
        TcpSerialBridge bridge = new TcpSerialBridge(server);
        bridge.acceptor.start();
        bridge.writer.start();
        return bridge;
    }

    public int port() {
        return server.getLocalPort();
    }

    @Override
    public SerialLine line() {
        return line;
    }

    @Override
    public String where() {
        return "tcp 127.0.0.1:" + port();
    }

    @Override
    public void onInput(Runnable listener) {
        line.onInput(listener);
    }

    private void accept() {
        byte[] buffer = new byte[512];
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                client = s;
                InputStream in = s.getInputStream();
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    line.fromHost(buffer, n);
                }
            } catch (IOException e) {
                // the client went, or the bridge closed: wait for the next one
            } finally {
                client = null;
            }
        }
    }

    private void write() {
        byte[] chunk = new byte[512];
        while (!server.isClosed()) {
            try {
                chunk[0] = (byte) line.nextForHost();
                int n = 1 + line.drainForHost(chunk, 1);
                Socket s = client;
                if (s != null) {
                    OutputStream out = s.getOutputStream();
                    out.write(chunk, 0, n);
                    out.flush();
                }
            } catch (InterruptedException e) {
                return;
            } catch (IOException e) {
                // the client went: what it missed is gone, as on a cable pulled mid-line
            }
        }
    }

    @Override
    public void close() {
        try {
            server.close();
            Socket s = client;
            if (s != null) {
                s.close();
            }
        } catch (IOException e) {
            // closing: nothing left to do
        }
        writer.interrupt();
    }
}
