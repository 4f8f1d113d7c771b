package io.sphaera.emulator.os;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sphaera.peripherals.mt3620.Core;
import io.sphaera.peripherals.mt3620.PeripheralBlock;
import io.sphaera.peripherals.uart.SerialBuffer;
import io.sphaera.peripherals.uart.UartLineSettings;
import io.sphaera.peripherals.uart.UartParity;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A C app's UART calls reach the ISUs' UARTs through the driver, within its manifest: the RDB's loopback on ISU0 gives
 * back what was written, and a line the test holds on ISU3 wakes the app's event loop when bytes come.
 */
class UartAppTest {
    @Test
    void theLoopbackGivesBackWhatWasWrittenAndEveryOtherCallFailsWithThePlatformsErrno() throws Exception {
        PeripheralApps rdb = new PeripheralApps("uart");
        SerialBuffer line = rdb.board.connectSerial(3);
        rdb.start();
        rdb.scheduler.advanceBy(Duration.ofSeconds(1));
        assertEquals(List.of(
                "open ISU0: 3",
                "open ISU0 again: EBUSY",
                "open ISU1: EACCES",
                "open ISU2 (an I2C master): EACCES",
                "open id 9: ENODEV",
                "open id 3: ENODEV",
                "open with no config: EFAULT",
                "open blocking: EINVAL",
                "open with 9 data bits: EINVAL",
                "open at 10 baud: EINVAL",
                "open without InitConfig: EINVAL",
                "read before anything came: EAGAIN",
                "write hello: 5",
                "read back: 5",
                "came back: hello",
                "read again: EAGAIN",
                "close: 0",
                "write after close: EBADF",
                "write() to an I2C master with no default target: EINVAL",
                "open ISU3: 5",
                "write ready: 6"), rdb.log.lines());
        assertEquals(List.of("UART_Open ISU1 refused: not in the manifest's Uart capability (EACCES)",
                "UART_Open ISU2 refused: not in the manifest's Uart capability (EACCES)"), rdb.refusals,
                "calls outside the manifest are noted");
        assertEquals("ready\n", new String(line.takeReceived(), StandardCharsets.US_ASCII));
        UartLineSettings settings = line.lastSettings().orElseThrow();
        assertTrue(settings.matchesBaud(9600), settings::toString);
        assertEquals(UartParity.EVEN, settings.parity());
        assertEquals(2, settings.stopBits());
        assertFalse(rdb.outcome().isDone(), "waiting in its event loop");

        // Bytes from the host: the runtime's peripheralEvent nudges the app, whose loop finds the UART readable.
        rdb.scheduler.execute(() -> {
            line.send("ab".getBytes(StandardCharsets.US_ASCII));
            rdb.app.nudge();
        });
        rdb.scheduler.advanceBy(Duration.ofMillis(10));
        assertEquals("[ab]", new String(line.takeReceived(), StandardCharsets.US_ASCII));
        assertEquals("echoed 2 byte(s)", rdb.log.lines().get(rdb.log.lines().size() - 1));

        rdb.scheduler.execute(() -> {
            line.send("xq".getBytes(StandardCharsets.US_ASCII));
            rdb.app.nudge();
        });
        rdb.scheduler.advanceBy(Duration.ofMillis(10));
        assertArrayEquals("[xq]".getBytes(StandardCharsets.US_ASCII), line.takeReceived());
        assertEquals(AppOutcome.exited(0), rdb.outcome().getNow(null));
        assertEquals(List.of("echoed 2 byte(s)", "echoed 2 byte(s)", "loop ended: 0"),
                rdb.log.lines().subList(rdb.log.lines().size() - 3, rdb.log.lines().size()));
    }

    @Test
    void anIsuAnotherCoreHoldsRefusesTheAppAndWithoutTheAssignmentTheFirewallRefusesTheA7() throws Exception {
        PeripheralApps rdb = new PeripheralApps("uart", false);
        assertTrue(rdb.peripherals.blocks().containsAll(List.of(PeripheralBlock.ISU0, PeripheralBlock.ISU2,
                PeripheralBlock.ISU3)), rdb.peripherals.blocks()::toString);
        rdb.chip.firewall().assign(PeripheralBlock.ISU3, Core.IO1); // a real-time app took it
        AppLoadException e = org.junit.jupiter.api.Assertions.assertThrows(AppLoadException.class,
                () -> rdb.peripherals.assignTo(Core.A7, rdb.chip.firewall()));
        assertTrue(e.getMessage().startsWith("peripheral already in use: ISU3"), e.getMessage());

        rdb.start();
        rdb.scheduler.advanceBy(Duration.ofSeconds(1));
        assertEquals("open ISU0: EACCES", rdb.log.lines().get(0), "the A7 does not hold ISU0");
        assertTrue(rdb.refusals.stream().anyMatch(r -> r.startsWith("Uart access refused by the hardware")),
                rdb.refusals::toString);
    }
}
