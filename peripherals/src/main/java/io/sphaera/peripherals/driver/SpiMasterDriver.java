package io.sphaera.peripherals.driver;

import io.sphaera.peripherals.Mt3620Peripherals;
import io.sphaera.peripherals.bus.PeripheralBus;
import io.sphaera.peripherals.isu.IsuBlock;
import io.sphaera.peripherals.mt3620.Core;
import io.sphaera.peripherals.spi.SpiBitOrder;
import io.sphaera.peripherals.spi.SpiChipSelect;
import io.sphaera.peripherals.spi.SpiMaster;
import java.util.Arrays;
import java.util.Objects;

/**
 * Drives one ISU's SPI master as MediaTek's {@code mhal_spim.c} does in FIFO mode: {@link #configure} resets the
 * block, turns its clocks on and sets chip select, mode, bit order (SMMR) and active-low chip select with the
 * longest setup and hold (CS_POLAR); each transaction sets the clock divider and duplex, loads SOAR and SDOR, sets
 * the bit counts and starts, then polls until the controller is idle, clears the status and reads SDIR. Limits are
 * the BSP's: a command of 1-4 bytes (0-4 before a read), up to 32 data bytes half duplex, 1-16 full duplex. Used on
 * the device's executor only.
 */
public final class SpiMasterDriver {
    public static final int MAX_COMMAND_BYTES = 4;
    public static final int MAX_HALF_DUPLEX_BYTES = 32;
    public static final int MAX_FULL_DUPLEX_BYTES = 16;
    /** The BSP allows SCLK up to 40 MHz. */
    public static final int MAX_CLOCK_HZ = 40_000_000;
    /** The slowest the 12-bit divider reaches: 80 MHz / 4097. */
    public static final int MIN_CLOCK_HZ = SpiMaster.SOURCE_CLOCK_HZ / 4097 + 1;

    private final PeripheralBus bus;
    private final Core core;
    private final int isuBase;
    private final int base;
    private int clockHz = 1_000_000;

    public SpiMasterDriver(PeripheralBus bus, Core core, int isu) {
        this.bus = Objects.requireNonNull(bus, "bus");
        this.core = Objects.requireNonNull(core, "core");
        this.isuBase = Mt3620Peripherals.ISUS.get(Objects.checkIndex(isu, 5)).baseAddress().orElseThrow();
        this.base = isuBase + IsuBlock.SPI_MASTER_OFFSET;
    }

    /** Chip select, SPI mode 0-3, bit order and SCLK for the following transactions. */
    public DriverResult<Void> configure(SpiChipSelect cs, int mode, SpiBitOrder order, int hz) {
        Objects.requireNonNull(cs, "cs");
        Objects.requireNonNull(order, "order");
        if (mode < 0 || mode > 3) {
            return DriverResult.failure(DriverFailure.BAD_ARGUMENT, "SPI mode must be 0-3, not " + mode);
        }
        if (hz < MIN_CLOCK_HZ || hz > MAX_CLOCK_HZ) {
            return DriverResult.failure(DriverFailure.BAD_ARGUMENT,
                    "SPI clock %d Hz is outside %d-%d".formatted(hz, MIN_CLOCK_HZ, MAX_CLOCK_HZ));
        }
        clockHz = hz;
        int control = bus.read32(core, isuBase + IsuBlock.GLOBAL_CONTROL);
        bus.write32(core, isuBase + IsuBlock.GLOBAL_CONTROL, control & ~IsuBlock.CONTROL_SOFTWARE_RESET);
        bus.write32(core, isuBase + IsuBlock.GLOBAL_CONTROL,
                control | IsuBlock.CONTROL_SOFTWARE_RESET | IsuBlock.CONTROL_SPI_CLOCKS);
        int select = cs == SpiChipSelect.A ? 0 : 1;
        int master = readRegister(SpiMaster.SMMR);
        master &= ~(7 << SpiMaster.SMMR_SELECT_SHIFT | 1 << 28 | SpiMaster.SMMR_CPHA | SpiMaster.SMMR_CPOL
                | SpiMaster.SMMR_LSB_FIRST);
        master |= select << SpiMaster.SMMR_SELECT_SHIFT | SpiMaster.SMMR_MORE_BUFFER;
        master |= (mode & 1) != 0 ? SpiMaster.SMMR_CPHA : 0;
        master |= (mode & 2) != 0 ? SpiMaster.SMMR_CPOL : 0;
        master |= order == SpiBitOrder.LSB_FIRST ? SpiMaster.SMMR_LSB_FIRST : 0;
        writeRegister(SpiMaster.SMMR, master);
        int polarity = readRegister(SpiMaster.CS_POLARITY) | 0xF << 12 | 0xF << 16; // longest CS setup and hold
        writeRegister(SpiMaster.CS_POLARITY, polarity & ~0xFF); // chip selects active low
        return DriverResult.success(null);
    }

    /**
     * Half duplex: sends {@code write} (its first 1-4 bytes as the command, the rest, up to 32, as data), then reads
     * {@code readCount} (0-32) bytes. A read with nothing to send first is allowed.
     */
    public DriverResult<byte[]> writeThenRead(byte[] write, int readCount) {
        int commandBytes = Math.min(MAX_COMMAND_BYTES, write.length);
        int dataBytes = write.length - commandBytes;
        if (dataBytes > MAX_HALF_DUPLEX_BYTES || readCount < 0 || readCount > MAX_HALF_DUPLEX_BYTES
                || (write.length == 0 && readCount == 0)) {
            return DriverResult.failure(DriverFailure.BAD_ARGUMENT,
                    "half duplex moves up to %d command and %d data bytes out and %d in, not %d out and %d in"
                            .formatted(MAX_COMMAND_BYTES, MAX_HALF_DUPLEX_BYTES, MAX_HALF_DUPLEX_BYTES,
                                    write.length, readCount));
        }
        byte[] command = Arrays.copyOf(write, commandBytes);
        byte[] data = Arrays.copyOfRange(write, commandBytes, write.length);
        if (!run(command, data, readCount, false)) {
            return DriverResult.failure(DriverFailure.TIMEOUT, "the SPI master stayed busy");
        }
        byte[] received = new byte[readCount];
        for (int i = 0; i < readCount; i++) {
            received[i] = (byte) (readRegister(SpiMaster.SDIR0 + (i & ~3)) >>> (8 * (i & 3)));
        }
        return DriverResult.success(received);
    }

    /**
     * Full duplex: sends {@code command} (1-4 bytes), then exchanges {@code data} (1-16 bytes) for as many bytes,
     * which it returns.
     */
    public DriverResult<byte[]> transfer(byte[] command, byte[] data) {
        if (command.length < 1 || command.length > MAX_COMMAND_BYTES || data.length < 1
                || data.length > MAX_FULL_DUPLEX_BYTES) {
            return DriverResult.failure(DriverFailure.BAD_ARGUMENT,
                    "full duplex needs a 1-%d byte command and 1-%d data bytes, not %d and %d"
                            .formatted(MAX_COMMAND_BYTES, MAX_FULL_DUPLEX_BYTES, command.length, data.length));
        }
        if (!run(command, data, data.length, true)) {
            return DriverResult.failure(DriverFailure.TIMEOUT, "the SPI master stayed busy");
        }
        byte[] received = new byte[data.length];
        for (int i = 0; i < data.length; i++) {
            int at = SpiMaster.FULL_DUPLEX_RX_OFFSET + i;
            received[i] = (byte) (readRegister(SpiMaster.SDIR0 + (at & ~3)) >>> (8 * (at & 3)));
        }
        return DriverResult.success(received);
    }

    private boolean run(byte[] command, byte[] data, int readCount, boolean fullDuplex) {
        int master = readRegister(SpiMaster.SMMR) & ~(SpiMaster.SMMR_DIVIDER_MASK | SpiMaster.SMMR_FULL_DUPLEX);
        master |= (SpiMaster.SOURCE_CLOCK_HZ / clockHz - 2) << SpiMaster.SMMR_DIVIDER_SHIFT;
        master |= (fullDuplex ? SpiMaster.SMMR_FULL_DUPLEX : 0) | SpiMaster.SMMR_INTERRUPT_ENABLE;
        writeRegister(SpiMaster.SMMR, master);
        int opcode = 0;
        for (byte b : command) {
            opcode = opcode << 8 | (b & 0xFF); // the first byte out is the most significant
        }
        writeRegister(SpiMaster.SOAR, opcode);
        for (int i = 0; i < data.length; i += 4) {
            int word = 0;
            for (int j = 0; j < 4 && i + j < data.length; j++) {
                word |= (data[i + j] & 0xFF) << (8 * j);
            }
            writeRegister(SpiMaster.SDOR0 + i, word);
        }
        writeRegister(SpiMaster.SMMR, readRegister(SpiMaster.SMMR) | SpiMaster.SMMR_MORE_BUFFER);
        writeRegister(SpiMaster.SMBCR, command.length * 8 << SpiMaster.SMBCR_COMMAND_SHIFT
                | data.length * 8 << SpiMaster.SMBCR_MOSI_SHIFT | readCount * 8 << SpiMaster.SMBCR_MISO_SHIFT);
        writeRegister(SpiMaster.STCSR, 0x0010_0000 | SpiMaster.STCSR_START); // 24-bit address size, as the BSP sets it
        for (int i = 0; i < UartDriver.POLL_LIMIT; i++) {
            if ((readRegister(SpiMaster.STCSR) & SpiMaster.STCSR_BUSY) == 0) {
                readRegister(SpiMaster.STATUS); // clears the interrupt status, as the BSP's handler does
                return true;
            }
        }
        return false;
    }

    private int readRegister(int offset) {
        return bus.read32(core, base + offset);
    }

    private void writeRegister(int offset, int value) {
        bus.write32(core, base + offset, value);
    }
}
