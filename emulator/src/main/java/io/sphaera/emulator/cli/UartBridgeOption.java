package io.sphaera.emulator.cli;

import io.sphaera.peripherals.host.PseudoTerminalBridge;
import io.sphaera.peripherals.host.SerialBridge;
import io.sphaera.peripherals.host.TcpSerialBridge;
import java.io.IOException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * `--uart ISUn=pty|tcp[:PORT]`: an ISU's UART on the host, as a pseudo-terminal or a loopback TCP socket (PORT 0 or
 * none: any free port).
 */
record UartBridgeOption(int isu, boolean pty, int port) {
    private static final Pattern SPEC = Pattern.compile("(?i)ISU([0-4])=(pty|tcp)(?::(\\d{1,5}))?");

    static UartBridgeOption parse(String spec) {
        Matcher m = SPEC.matcher(spec);
        if (!m.matches()) {
            throw new CliFailure(ExitCode.USAGE, "--uart '" + spec + "' is not ISUn=pty or ISUn=tcp[:PORT] with n 0..4");
        }
        boolean pty = m.group(2).toLowerCase(Locale.ROOT).equals("pty");
        int port = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
        if (pty && m.group(3) != null) {
            throw new CliFailure(ExitCode.USAGE, "--uart '" + spec + "': a pseudo-terminal has no port");
        }
        if (port > 65535) {
            throw new CliFailure(ExitCode.USAGE, "--uart '" + spec + "': port " + port + " is outside 0..65535");
        }
        return new UartBridgeOption(Integer.parseInt(m.group(1)), pty, port);
    }

    SerialBridge open() {
        try {
            return pty ? PseudoTerminalBridge.open() : TcpSerialBridge.open(port);
        } catch (IOException e) {
            throw CliFailure.invalidInput("--uart ISU" + isu + ": " + e.getMessage(), e);
        }
    }
}
