package io.sphaera.emulator.os;

import com.dylibso.chicory.runtime.HostFunction;
import io.sphaera.firmware.manifest.PeripheralKind;
import io.sphaera.peripherals.bus.PeripheralBus;
import io.sphaera.peripherals.driver.DriverResult;
import io.sphaera.peripherals.driver.UartDriver;
import io.sphaera.peripherals.mt3620.Core;
import io.sphaera.peripherals.uart.UartParity;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * applibs/uart.h for one high-level app: UART_Open of an ISU its manifest's Uart list names, configured through the
 * chip's UART driver as the A7, and then plain read() and write() on the descriptor. IDs are the main core's header
 * values of the hardware definition (MT3620_ISU0_UART = 4 .. MT3620_ISU4_UART = 8): another ID is ENODEV, an ISU
 * outside the manifest EACCES (noted), one the app has open EBUSY, a configuration the platform does not accept
 * EINVAL. The platform's UARTs are non-blocking only (UART_BlockingMode_NonBlocking is the one mode), so a read with
 * nothing received is EAGAIN; the event loop sees the descriptor readable when bytes wait.
 */
final class UartApplibs {
    /** MT3620_ISU0_UART in the hardware definition's main-core header values; ISUn is 4 + n. */
    static final int FIRST_ID = 4;
    /** z__UART_CONFIG_MAGIC | version 1, which UART_InitConfig writes: a config it did not make is EINVAL. */
    static final int CONFIG_MAGIC_V1 = 0xde2a0000 | 1;
    /** Bytes the OS takes from the UART's 16-byte FIFO and keeps for the app, as a tty's buffer does. */
    static final int BUFFERED = 4096;

    /** One open UART: bytes taken from the FIFO wait here until the app reads them. */
    private static final class UartPort implements AppFile {
        final int isu;
        final UartDriver driver;
        final PeripheralGrant grant;
        final ArrayDeque<Byte> received = new ArrayDeque<>();

        UartPort(int isu, UartDriver driver, PeripheralGrant grant) {
            this.isu = isu;
            this.driver = driver;
            this.grant = grant;
        }

        /** Moves what the FIFO holds into the buffer; a refusal or failure is left for read() to report. */
        private int drain() {
            return grant.access(() -> {
                while (received.size() < BUFFERED) {
                    DriverResult<byte[]> r = driver.read(Math.min(16, BUFFERED - received.size()));
                    if (r instanceof DriverResult.Failure<byte[]> f) {
                        return PeripheralGrant.errno(f);
                    }
                    byte[] bytes = r.orElseThrow();
                    if (bytes.length == 0) {
                        break;
                    }
                    for (byte b : bytes) {
                        received.add(b);
                    }
                }
                return 0;
            });
        }

        @Override
        public int read(byte[] into) {
            if (into.length == 0) {
                return 0;
            }
            int drained = drain();
            if (received.isEmpty()) {
                return drained < 0 ? drained : -Errno.EAGAIN.value();
            }
            int n = 0;
            while (n < into.length && !received.isEmpty()) {
                into[n++] = received.poll();
            }
            return n;
        }

        @Override
        public int write(byte[] from) {
            return grant.access(() -> {
                DriverResult<Integer> r = driver.write(from);
                return r instanceof DriverResult.Failure<Integer> f ? PeripheralGrant.errno(f) : r.orElseThrow();
            });
        }

        @Override
        public boolean readable() {
            drain();
            return !received.isEmpty();
        }
    }

    private UartApplibs() {
    }

    /**
     * @param granted  the block names of the manifest's Uart list ("ISU0")
     * @param refusals the OS log
     */
    static AppApplibs group(Set<String> granted, PeripheralBus bus, Consumer<String> refusals) {
        PeripheralGrant grant = new PeripheralGrant(PeripheralKind.UART.capability(), granted, refusals);
        return (descriptors, waits) -> List.<HostFunction>of(
                // The header passes UART_Config's fields: id, magic, baud, blocking, data bits, parity, stop bits, flow.
                PeripheralGrant.function("UART_Open", 8, (instance, args) -> {
                    int id = (int) args[0];
                    int isu = id - FIRST_ID;
                    if (isu < 0 || isu > 4) {
                        return -Errno.ENODEV.value();
                    }
                    String block = "ISU" + isu;
                    int allowed = grant.check("UART_Open", block);
                    if (allowed < 0) {
                        return allowed;
                    }
                    if (descriptors.any(o -> o instanceof UartPort p && p.isu == isu)) {
                        return -Errno.EBUSY.value();
                    }
                    long baud = args[2] & 0xFFFFFFFFL;
                    int blocking = (int) args[3];
                    int dataBits = (int) args[4];
                    int parity = (int) args[5];
                    int stopBits = (int) args[6];
                    int flow = (int) args[7];
                    // Flow control is accepted and has no effect: the model has no RTS/CTS lines (docs/peripherals.md).
                    if ((int) args[1] != CONFIG_MAGIC_V1 || blocking != 0 || parity < 0 || parity > 2 || flow < 0
                            || flow > 2 || baud > Integer.MAX_VALUE) {
                        return -Errno.EINVAL.value();
                    }
                    UartParity lineParity = switch (parity) {
                        case 1 -> UartParity.EVEN;
                        case 2 -> UartParity.ODD;
                        default -> UartParity.NONE;
                    };
                    UartDriver driver = new UartDriver(bus, Core.A7, isu);
                    int configured = grant.access(() -> {
                        DriverResult<Void> r = driver.configure((int) baud, dataBits, lineParity, stopBits);
                        return r instanceof DriverResult.Failure<Void> f ? PeripheralGrant.errno(f) : 0;
                    });
                    if (configured < 0) {
                        return configured;
                    }
                    return descriptors.add(new UartPort(isu, driver, grant));
                }));
    }
}
