package io.sphaera.peripherals.uart;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sphaera.peripherals.Mt3620Peripherals;
import io.sphaera.peripherals.mt3620.Core;
import io.sphaera.peripherals.mt3620.PeripheralBlock;
import org.junit.jupiter.api.Test;

class UartTest {
    private static final int UART3 = 0x380A_0500;

    private final Mt3620Peripherals chip = new Mt3620Peripherals();
    private final Uart uart = chip.isu(3).uart();

    UartTest() {
        chip.firewall().assign(PeripheralBlock.ISU3, Core.IO1);
    }

    private int read(int offset) {
        return chip.bus().read32(Core.IO1, UART3 + offset);
    }

    private void write(int offset, int value) {
        chip.bus().write32(Core.IO1, UART3 + offset, value);
    }

    @Test
    void theDivisorLatchSharesOffsetsWithThrAndIer() {
        write(Uart.LCR, Uart.LCR_DLAB | 3);
        write(Uart.DLL, 0x0E);
        write(Uart.DLH, 0x00);
        write(Uart.LCR, 3);
        assertEquals(0, read(Uart.IER));
        write(Uart.LCR, Uart.LCR_DLAB | 3);
        assertEquals(0x0E, read(Uart.DLL));

        // standard mode: 26 MHz / (16 * 14) = 116071 baud, within a UART's tolerance of 115200
        UartLineSettings settings = uart.lineSettings();
        assertTrue(settings.matchesBaud(115_200), settings.toString());
        assertEquals(8, settings.dataBits());
        assertEquals(UartParity.NONE, settings.parity());
        assertEquals(1, settings.stopBits());
    }

    @Test
    void highSpeedModeCountsSampleCountAndTheFractionBits() {
        write(Uart.HIGHSPEED, 3);
        write(Uart.LCR, Uart.LCR_DLAB);
        write(Uart.DLL, 1);
        write(Uart.SAMPLE_COUNT, 224);
        write(Uart.FRACDIV_L, 0xB7); // six tenths
        write(Uart.LCR, 0x1B | 1 << 2); // 8 data bits, even parity, 2 stop bits
        UartLineSettings settings = uart.lineSettings();
        assertEquals(26_000_000 / 225.6, settings.baudRate(), 0.01);
        assertEquals(UartParity.EVEN, settings.parity());
        assertEquals(2, settings.stopBits());
    }

    @Test
    void bytesWrittenGoToTheLineCutToTheDataBits() {
        SerialBuffer line = new SerialBuffer();
        uart.connect(line);
        write(Uart.LCR, 2); // 7 data bits
        assertEquals(Uart.LSR_THR_EMPTY | Uart.LSR_TRANSMITTER_EMPTY, read(Uart.LSR));
        write(Uart.THR, 'h');
        write(Uart.THR, 0xFF);
        assertArrayEquals(new byte[] {'h', 0x7F}, line.takeReceived());
        assertEquals(7, line.lastSettings().orElseThrow().dataBits());
    }

    @Test
    void bytesFromTheLineWaitInTheFifoAndDataReadyShows() {
        SerialBuffer line = new SerialBuffer();
        uart.connect(line);
        write(Uart.LCR, 3);
        assertEquals(0, read(Uart.LSR) & Uart.LSR_DATA_READY);
        line.send((byte) 'o', (byte) 'k');
        assertEquals(Uart.LSR_DATA_READY, read(Uart.LSR) & Uart.LSR_DATA_READY);
        assertEquals('o', read(Uart.RBR));
        assertEquals('k', read(Uart.RBR));
        assertEquals(0, read(Uart.LSR) & Uart.LSR_DATA_READY);
    }

    @Test
    void aFullFifoTakesNoMoreFromAPatientLineButOverrunsOnPushedBytes() {
        SerialBuffer line = new SerialBuffer();
        uart.connect(line);
        write(Uart.LCR, 3);
        line.send(new byte[Uart.FIFO_DEPTH + 4]);
        read(Uart.LSR);
        assertEquals(Uart.FIFO_DEPTH, uart.rxLevel());
        assertEquals(4, line.pendingForChip());

        uart.receive(1);
        assertEquals(Uart.LSR_OVERRUN, read(Uart.LSR) & Uart.LSR_OVERRUN);
        assertEquals(0, read(Uart.LSR) & Uart.LSR_OVERRUN, "reading LSR clears the overrun");
    }

    @Test
    void loopModeTurnsTransmittedBytesBackInsideTheUart() {
        SerialBuffer line = new SerialBuffer();
        uart.connect(line);
        write(Uart.LCR, 3);
        write(Uart.MCR, Uart.MCR_LOOP);
        write(Uart.THR, 0x42);
        assertEquals(0x42, read(Uart.RBR));
        assertEquals(0, line.takeReceived().length);
    }

    @Test
    void iirReportsReceivedDataThenThrEmptyAsEnabled() {
        SerialBuffer line = new SerialBuffer();
        uart.connect(line);
        write(Uart.LCR, 3);
        write(Uart.FCR, Uart.FCR_FIFO_ENABLE);
        assertEquals(Uart.IIR_NONE | 0xC0, read(Uart.IIR));
        write(Uart.IER, Uart.IER_RX_DATA | Uart.IER_THR_EMPTY);
        line.send((byte) 1);
        assertEquals(Uart.IIR_RX_DATA, read(Uart.IIR) & 0x0F);
        read(Uart.RBR);
        assertEquals(Uart.IIR_THR_EMPTY, read(Uart.IIR) & 0x0F);
        assertEquals(Uart.IIR_NONE, read(Uart.IIR) & 0x0F, "reading IIR acknowledged THR empty");
        assertTrue(!uart.interruptPending());
    }

    @Test
    void enhancedModeSwapsInEfrWithoutTouchingFcr() {
        write(Uart.LCR, Uart.LCR_ENHANCED);
        write(Uart.EFR, 0x10);
        assertEquals(0x10, read(Uart.EFR));
        write(Uart.LCR, 3);
        assertEquals(0, read(Uart.FCR_RO));
    }
}
