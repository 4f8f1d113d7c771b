package io.sphaera.peripherals.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sphaera.peripherals.uart.UartLineSettings;
import io.sphaera.peripherals.uart.UartParity;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A UART's board side on the host: bytes both ways through a loopback socket and through a pseudo-terminal. */
class SerialBridgeTest {
    private static final UartLineSettings LINE = new UartLineSettings(115200, 8, UartParity.NONE, 1);

    /** Takes what the host sent as the UART would, one byte at a time, waiting (real time: host I/O) up to 10 s. */
    private static byte[] chipReceives(SerialBridge bridge, int count) throws InterruptedException {
        byte[] got = new byte[count];
        int n = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (n < count && System.nanoTime() < deadline) {
            var b = bridge.line().nextForChip();
            if (b.isPresent()) {
                got[n++] = (byte) b.getAsInt();
            } else {
                Thread.sleep(5); // waiting for the host's bytes to cross, not timing them
            }
        }
        return java.util.Arrays.copyOf(got, n);
    }

    @Test
    void aTcpClientTalksToTheUartBothWays() throws Exception {
        try (TcpSerialBridge bridge = TcpSerialBridge.open(0)) {
            CountDownLatch told = new CountDownLatch(1);
            bridge.onInput(told::countDown);
            assertEquals("tcp 127.0.0.1:" + bridge.port(), bridge.where());
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), bridge.port())) {
                OutputStream out = client.getOutputStream();
                out.write("hello".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertArrayEquals("hello".getBytes(StandardCharsets.US_ASCII), chipReceives(bridge, 5));
                assertTrue(told.await(10, TimeUnit.SECONDS), "the OS is told bytes came");
                for (byte b : "back".getBytes(StandardCharsets.US_ASCII)) {
                    bridge.line().transmitted(b, LINE);
                }
                InputStream in = client.getInputStream();
                client.setSoTimeout(10_000);
                assertArrayEquals("back".getBytes(StandardCharsets.US_ASCII), in.readNBytes(4));
            }
        }
    }

    @Test
    void aBusyPortIsOneLine() throws Exception {
        try (TcpSerialBridge first = TcpSerialBridge.open(0)) {
            java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                    () -> TcpSerialBridge.open(first.port()));
            assertTrue(e.getMessage().startsWith("cannot listen on 127.0.0.1:" + first.port()), e.getMessage());
        }
    }

    @Test
    void aPseudoTerminalTalksToTheUartBothWays() throws Exception {
        assumeTrue(Files.exists(Path.of("/dev/ptmx")), "the host has pseudo-terminals");
        try (PseudoTerminalBridge bridge = PseudoTerminalBridge.open()) {
            assertTrue(bridge.where().startsWith("/dev/pts/"), bridge.where());
            try (RandomAccessFile terminal = new RandomAccessFile(bridge.where(), "rw")) {
                // The terminal is in its default cooked mode here (what it writes passes at once; what it reads waits
                // for a newline); screen or picocom would set it raw.
                terminal.write("hi!".getBytes(StandardCharsets.US_ASCII));
                assertArrayEquals("hi!".getBytes(StandardCharsets.US_ASCII), chipReceives(bridge, 3));
                for (byte b : "ok\n".getBytes(StandardCharsets.US_ASCII)) {
                    bridge.line().transmitted(b, LINE);
                }
                byte[] line = new byte[2];
                terminal.readFully(line);
                assertArrayEquals("ok".getBytes(StandardCharsets.US_ASCII), line);
            }
        }
    }
}
