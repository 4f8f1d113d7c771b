package io.sphaera.emulator.os;

import io.sphaera.peripherals.uart.SerialLine;
import io.sphaera.peripherals.uart.UartLineSettings;
import java.nio.charset.StandardCharsets;

/**
 * What an I/O core's debug UART is wired to: a console that turns the bytes a real-time app sends into lines of its
 * log (carriage returns dropped), as a terminal on the UART would show them.
 */
final class DebugConsole implements SerialLine {
    private final AppLog log;

    DebugConsole(AppLog log) {
        this.log = log;
    }

    @Override
    public void transmitted(int data, UartLineSettings settings) {
        if (data != '\r') {
            log.write(new String(new byte[] {(byte) data}, StandardCharsets.ISO_8859_1));
        }
    }
}
