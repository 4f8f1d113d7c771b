package io.sphaera.peripherals.host;

import io.sphaera.peripherals.uart.SerialLine;
import java.io.Closeable;

/** A UART's board side on the host: what to connect to the UART, where a user finds it, and a way to close it. */
public interface SerialBridge extends Closeable {
    /** The line to connect to the UART (Board.connectSerial). */
    SerialLine line();

    /** Where the host reaches it: "tcp 127.0.0.1:40123" or "/dev/pts/7". */
    String where();

    /** {@code listener} runs (on a bridge thread) whenever bytes arrive from the host. */
    void onInput(Runnable listener);

    @Override
    void close();
}
