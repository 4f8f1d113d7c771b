package io.sphaera.peripherals.driver;

import io.sphaera.peripherals.Mt3620Peripherals;
import io.sphaera.peripherals.bus.PeripheralBus;
import io.sphaera.peripherals.i2c.I2cMaster;
import io.sphaera.peripherals.isu.IsuBlock;
import io.sphaera.peripherals.mt3620.Core;
import java.util.Objects;
import java.util.Set;

/**
 * Drives one ISU's I2C master as MediaTek's {@code mhal_i2c.c} does in FIFO mode: before each transfer a software
 * reset, the I2C clock and pads on, FIFOs and interrupt status cleared, pad control and the SCL phases set; then the
 * target address, the packets and their byte counts, the TX bytes, START; then the interrupt status is polled, the
 * ACK bits checked and the RX bytes taken. Packets are 1-8 bytes (longer ones take DMA in the BSP, not modelled).
 * Used on the device's executor only.
 */
public final class I2cMasterDriver {
    /** The bus speeds the BSP can set. */
    public static final Set<Integer> SPEEDS_HZ = Set.of(50_000, 100_000, 200_000, 400_000, 1_000_000);

    private final PeripheralBus bus;
    private final Core core;
    private final int isuBase;
    private final int base;
    private int speedHz = 100_000;

    public I2cMasterDriver(PeripheralBus bus, Core core, int isu) {
        this.bus = Objects.requireNonNull(bus, "bus");
        this.core = Objects.requireNonNull(core, "core");
        this.isuBase = Mt3620Peripherals.ISUS.get(Objects.checkIndex(isu, 5)).baseAddress().orElseThrow();
        this.base = isuBase + IsuBlock.I2C_OFFSET;
    }

    /** Picks the SCL frequency for the following transfers: one of {@link #SPEEDS_HZ}. */
    public DriverResult<Void> setBusSpeed(int hz) {
        if (!SPEEDS_HZ.contains(hz)) {
            return DriverResult.failure(DriverFailure.BAD_ARGUMENT,
                    "bus speed %d Hz is not one of 50, 100, 200, 400 or 1000 kHz".formatted(hz));
        }
        speedHz = hz;
        return DriverResult.success(null);
    }

    /** Writes {@code data} (1-8 bytes) to the target at {@code address}; gives the bytes written. */
    public DriverResult<Integer> write(int address, byte[] data) {
        DriverResult<byte[]> result = transfer(address, data, 0);
        return result instanceof DriverResult.Failure<byte[]> failure
                ? DriverResult.failure(failure.failure(), failure.detail())
                : DriverResult.success(data.length);
    }

    /** Reads {@code count} (1-8) bytes from the target at {@code address}. */
    public DriverResult<byte[]> read(int address, int count) {
        return transfer(address, new byte[0], count);
    }

    /** Writes {@code data} then, after a repeated start, reads {@code count} bytes; each 1-8 bytes. */
    public DriverResult<byte[]> writeThenRead(int address, byte[] data, int count) {
        if (data.length == 0 || count == 0) {
            return DriverResult.failure(DriverFailure.BAD_ARGUMENT, "write-then-read needs bytes both ways");
        }
        return transfer(address, data, count);
    }

    private DriverResult<byte[]> transfer(int address, byte[] data, int count) {
        if (address < 0 || address > 0x7F) {
            return DriverResult.failure(DriverFailure.BAD_ARGUMENT,
                    "address 0x%x is not a 7-bit address".formatted(address));
        }
        if (data.length > I2cMaster.FIFO_DEPTH || count > I2cMaster.FIFO_DEPTH || count < 0
                || (data.length == 0 && count == 0)) {
            return DriverResult.failure(DriverFailure.BAD_ARGUMENT,
                    "a transfer moves 1-%d bytes each way, not %d and %d"
                            .formatted(I2cMaster.FIFO_DEPTH, data.length, count));
        }
        initHardware();
        if ((readRegister(I2cMaster.MM_STATUS) & I2cMaster.STATUS_START_READY) == 0) {
            return DriverResult.failure(DriverFailure.BUS_BUSY, "the master is not ready: the bus is held");
        }
        boolean writes = data.length > 0;
        boolean reads = count > 0;
        int packets = writes && reads ? 2 : 1;
        writeRegister(I2cMaster.MM_CON0, I2cMaster.CON_MASTER_ENABLE | I2cMaster.CON_GMODE);
        writeRegister(I2cMaster.ID_CON0, address);
        if (writes && reads) {
            writeRegister(I2cMaster.PACK_CON0, (packets - 1) << 4 | 1 << 1);
            writeRegister(I2cMaster.CNT_BYTE_VAL_PK0, data.length);
            writeRegister(I2cMaster.CNT_BYTE_VAL_PK1, count);
        } else {
            writeRegister(I2cMaster.PACK_CON0, reads ? 1 : 0);
            writeRegister(I2cMaster.CNT_BYTE_VAL_PK0, reads ? count : data.length);
        }
        writeRegister(I2cMaster.INT_CTRL, I2cMaster.INT_MM_ENABLE);
        for (byte b : data) {
            writeRegister(I2cMaster.FIFO_DATA, b & 0xFF);
        }
        writeRegister(I2cMaster.MM_CON0, readRegister(I2cMaster.MM_CON0) | I2cMaster.CON_START);

        int status = pollDone();
        if (status < 0) {
            return DriverResult.failure(DriverFailure.TIMEOUT, "the transfer never finished");
        }
        writeRegister(I2cMaster.INT_CTRL, status); // acknowledge, as the BSP's interrupt handler does
        if ((readRegister(I2cMaster.MM_STATUS) & (I2cMaster.STATUS_ARBITRATION_LOST | I2cMaster.STATUS_BUS_BUSY)) != 0) {
            return DriverResult.failure(DriverFailure.BUS_BUSY, "arbitration lost to 0x%02x".formatted(address));
        }
        int acks = readRegister(I2cMaster.ACK_VAL);
        if (((acks >> I2cMaster.ACK_ID_ERROR_SHIFT) & ((1 << packets) - 1)) != 0) {
            return DriverResult.failure(DriverFailure.NO_ACK, "no device acknowledged 0x%02x".formatted(address));
        }
        int ackBytes = Math.min(I2cMaster.FIFO_DEPTH, reads && !writes ? packets : packets + data.length);
        if ((acks & 0xFF & ((1 << ackBytes) - 1)) != 0) {
            return DriverResult.failure(DriverFailure.NO_ACK, "0x%02x did not acknowledge data".formatted(address));
        }
        byte[] received = new byte[count];
        if (reads) {
            writeRegister(I2cMaster.INT_CTRL, 0);
            int pointers = readRegister(I2cMaster.FIFO_PTR);
            int waiting = (((pointers >> 4) & 0xF) - (pointers & 0xF)) & 0xF;
            if (waiting != count) {
                return DriverResult.failure(DriverFailure.FIFO_ERROR,
                        "expected %d bytes in the RX FIFO, found %d".formatted(count, waiting));
            }
            for (int i = 0; i < count; i++) {
                received[i] = (byte) readRegister(I2cMaster.FIFO_DATA);
            }
        }
        if (readRegister(I2cMaster.FIFO_STATUS) != (I2cMaster.FIFO_TX_EMPTY | I2cMaster.FIFO_RX_EMPTY)) {
            return DriverResult.failure(DriverFailure.FIFO_ERROR, "FIFOs not empty after the transfer");
        }
        return DriverResult.success(received);
    }

    private void initHardware() {
        int control = bus.read32(core, isuBase + IsuBlock.GLOBAL_CONTROL);
        bus.write32(core, isuBase + IsuBlock.GLOBAL_CONTROL, control & ~IsuBlock.CONTROL_SOFTWARE_RESET);
        bus.write32(core, isuBase + IsuBlock.GLOBAL_CONTROL,
                control | IsuBlock.CONTROL_SOFTWARE_RESET | IsuBlock.CONTROL_I2C_CLOCK);
        int pads = bus.read32(core, isuBase + IsuBlock.PAD_ENABLE);
        bus.write32(core, isuBase + IsuBlock.PAD_ENABLE, pads | 0b110); // SCL and SDA pads
        writeRegister(I2cMaster.FIFO_CON0, I2cMaster.FIFO_CLEAR_RX | I2cMaster.FIFO_CLEAR_TX);
        writeRegister(I2cMaster.INT_CTRL, I2cMaster.INT_MM_STATUS);
        writeRegister(I2cMaster.INT_CTRL, I2cMaster.INT_S_STATUS);
        writeRegister(I2cMaster.PAD_CON0, I2cMaster.PAD_CLK_SYNC | 1);
        writeRegister(I2cMaster.MM_CON0, 0);
        writeRegister(I2cMaster.S_CON0, 0);
        setPhases();
    }

    /** The BSP's phase arithmetic: a quarter SCL period each, trimmed for the pad's sync and de-glitch delays. */
    private void setPhases() {
        int cyclesPerPeriod = I2cMaster.SOURCE_CLOCK_HZ / speedHz;
        int phase = cyclesPerPeriod / 4 - 1;
        int remainder = cyclesPerPeriod % 4;
        int ft0 = remainder >= 1 ? 1 : 0;
        int ft2 = remainder >= 2 ? 1 : 0;
        int ft3 = remainder >= 3 ? 1 : 0;
        int skew = speedHz == 400_000 ? 5 : 3;
        int phase0 = phase + ft0 + skew;
        int phase1 = phase;
        int phase2 = phase + ft2 - skew;
        int phase3 = phase + ft3;
        int pad = readRegister(I2cMaster.PAD_CON0);
        int adjust = ((pad & I2cMaster.PAD_CLK_SYNC) != 0 ? 2 : 0)
                + ((pad & I2cMaster.PAD_DE_CNT_MASK) != 0 ? (pad & I2cMaster.PAD_DE_CNT_MASK) + 4 : 0);
        if (phase1 <= adjust) {
            int rest = adjust - (phase1 - 1);
            phase1 = 1;
            if (phase2 <= rest) {
                rest -= phase2 - 1;
                phase2 = 1;
                phase0 -= rest;
            } else {
                phase2 -= rest;
            }
        } else {
            phase1 -= adjust;
        }
        writeRegister(I2cMaster.CNT_VAL_PHL, (phase1 & 0xFF) << 8 | (phase0 & 0xFF));
        writeRegister(I2cMaster.CNT_VAL_PHH, (phase3 & 0xFF) << 8 | (phase2 & 0xFF));
    }

    private int pollDone() {
        for (int i = 0; i < UartDriver.POLL_LIMIT; i++) {
            int status = readRegister(I2cMaster.INT_CTRL);
            if ((status & I2cMaster.INT_MM_STATUS) != 0) {
                return status;
            }
        }
        return -1;
    }

    private int readRegister(int offset) {
        return bus.read32(core, base + offset);
    }

    private void writeRegister(int offset, int value) {
        bus.write32(core, base + offset, value);
    }
}
