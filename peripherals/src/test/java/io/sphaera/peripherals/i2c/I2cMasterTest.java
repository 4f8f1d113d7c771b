package io.sphaera.peripherals.i2c;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sphaera.peripherals.Mt3620Peripherals;
import io.sphaera.peripherals.mt3620.Core;
import io.sphaera.peripherals.mt3620.PeripheralBlock;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

class I2cMasterTest {
    private static final int I2C2 = 0x3809_0200;

    /** Remembers what it was sent and answers with a count-up. */
    private static final class Recorder implements I2cTarget {
        final ByteArrayOutputStream written = new ByteArrayOutputStream();

        @Override
        public int address() {
            return 0x20;
        }

        @Override
        public void write(byte[] data) {
            written.writeBytes(data);
        }

        @Override
        public byte[] read(int count) {
            byte[] bytes = new byte[count];
            for (int i = 0; i < count; i++) {
                bytes[i] = (byte) (0xA0 + i);
            }
            return bytes;
        }
    }

    private final Mt3620Peripherals chip = new Mt3620Peripherals();
    private final I2cMaster master = chip.isu(2).i2cMaster();
    private final Recorder target = new Recorder();

    I2cMasterTest() {
        chip.firewall().assign(PeripheralBlock.ISU2, Core.IO0);
        master.attach(target);
    }

    private int read(int offset) {
        return chip.bus().read32(Core.IO0, I2C2 + offset);
    }

    private void write(int offset, int value) {
        chip.bus().write32(Core.IO0, I2C2 + offset, value);
    }

    private void start(int address, int packControl, int... counts) {
        write(I2cMaster.FIFO_CON0, I2cMaster.FIFO_CLEAR_RX | I2cMaster.FIFO_CLEAR_TX);
        write(I2cMaster.MM_CON0, I2cMaster.CON_MASTER_ENABLE | I2cMaster.CON_GMODE);
        write(I2cMaster.ID_CON0, address);
        write(I2cMaster.PACK_CON0, packControl);
        for (int i = 0; i < counts.length; i++) {
            write(I2cMaster.CNT_BYTE_VAL_PK0 + 4 * i, counts[i]);
        }
        write(I2cMaster.INT_CTRL, I2cMaster.INT_MM_ENABLE);
    }

    private void go() {
        write(I2cMaster.MM_CON0, read(I2cMaster.MM_CON0) | I2cMaster.CON_START);
    }

    @Test
    void anIdleMasterIsReadyWithEmptyFifos() {
        assertEquals(I2cMaster.STATUS_START_READY, read(I2cMaster.MM_STATUS));
        assertEquals(I2cMaster.FIFO_TX_EMPTY | I2cMaster.FIFO_RX_EMPTY, read(I2cMaster.FIFO_STATUS));
    }

    @Test
    void aWriteSendsTheFifoToTheAddressedTarget() {
        start(0x20, 0, 3);
        write(I2cMaster.FIFO_DATA, 1);
        write(I2cMaster.FIFO_DATA, 2);
        write(I2cMaster.FIFO_DATA, 3);
        assertEquals(3 << 12, read(I2cMaster.FIFO_PTR));
        go();
        assertEquals(I2cMaster.INT_MM_STATUS | I2cMaster.INT_MM_ENABLE, read(I2cMaster.INT_CTRL));
        assertEquals(0, read(I2cMaster.MM_CON0) & I2cMaster.CON_START);
        assertEquals(0, read(I2cMaster.ACK_VAL));
        assertArrayEquals(new byte[] {1, 2, 3}, target.written.toByteArray());
        assertEquals(I2cMaster.FIFO_TX_EMPTY | I2cMaster.FIFO_RX_EMPTY, read(I2cMaster.FIFO_STATUS));

        write(I2cMaster.INT_CTRL, read(I2cMaster.INT_CTRL));
        assertEquals(I2cMaster.INT_MM_ENABLE, read(I2cMaster.INT_CTRL), "the status bit clears when written");
    }

    @Test
    void aWriteThenReadUsesTwoPacketsAndFillsTheRxFifo() {
        start(0x20, 1 << 4 | 1 << 1, 1, 2);
        write(I2cMaster.FIFO_DATA, 0x07);
        go();
        assertArrayEquals(new byte[] {0x07}, target.written.toByteArray());
        assertEquals(2 << 4, read(I2cMaster.FIFO_PTR) & 0xFF);
        assertEquals(0xA0, read(I2cMaster.FIFO_DATA));
        assertEquals(0xA1, read(I2cMaster.FIFO_DATA));
        assertEquals(I2cMaster.FIFO_TX_EMPTY | I2cMaster.FIFO_RX_EMPTY, read(I2cMaster.FIFO_STATUS));
    }

    @Test
    void anAddressNobodyAnswersSetsTheIdAckError() {
        start(0x21, 1, 2);
        go();
        assertEquals(1 << I2cMaster.ACK_ID_ERROR_SHIFT, read(I2cMaster.ACK_VAL));
        assertEquals(I2cMaster.INT_MM_STATUS, read(I2cMaster.INT_CTRL) & I2cMaster.INT_MM_STATUS);
        assertEquals(I2cMaster.FIFO_RX_EMPTY, read(I2cMaster.FIFO_STATUS) & I2cMaster.FIFO_RX_EMPTY);
    }

    @Test
    void aHeldClockLeavesTheMasterBusyAndNotReady() {
        master.holdClockLow(true);
        assertEquals(I2cMaster.STATUS_BUS_BUSY, read(I2cMaster.MM_STATUS));
        master.holdClockLow(false);
        assertEquals(I2cMaster.STATUS_START_READY, read(I2cMaster.MM_STATUS));
    }

    @Test
    void theTxFifoHoldsEightBytes() {
        for (int i = 0; i < 9; i++) {
            write(I2cMaster.FIFO_DATA, i);
        }
        int status = read(I2cMaster.FIFO_STATUS);
        assertEquals(I2cMaster.FIFO_TX_FULL | I2cMaster.FIFO_TX_OVERFLOW,
                status & (I2cMaster.FIFO_TX_FULL | I2cMaster.FIFO_TX_OVERFLOW));
    }

    @Test
    void busSpeedFollowsThePhaseRegisters() {
        write(I2cMaster.PAD_CON0, I2cMaster.PAD_CLK_SYNC | 1);
        write(I2cMaster.CNT_VAL_PHL, 92 << 8 | 102); // the BSP's 100 kHz phases
        write(I2cMaster.CNT_VAL_PHH, 99 << 8 | 96);
        assertEquals(100_000, master.busSpeedHz());
    }

    @Test
    void twoTargetsCannotShareAnAddress() {
        assertThrows(IllegalArgumentException.class, () -> master.attach(new Recorder()));
    }
}
