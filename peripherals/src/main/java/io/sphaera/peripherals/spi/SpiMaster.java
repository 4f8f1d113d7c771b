package io.sphaera.peripherals.spi;

import io.sphaera.peripherals.bus.RegisterBlock;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One ISU's SPI master (at ISU base + 0x300), at the offsets and bits of MediaTek's M4 driver ({@code hdl_spim.h}),
 * in its FIFO ("more buffer") mode. A driver puts a 0-4 byte command in SOAR, up to 32 bytes of data in SDOR0-7,
 * the bit counts of command, MOSI data and MISO data in SMBCR, and sets STCSR.START; the transaction runs at once:
 *
 * <ul>
 *   <li>half duplex (SMMR bit 10 clear): the command and MOSI data go out, then the MISO bytes come in (MOSI low)
 *       and land in SDIR0-7 from byte 0;</li>
 *   <li>full duplex (bit 10 set): the command goes out, then the data bytes go out while as many come in, landing
 *       in SDIR4-7 (byte 16 on), where the BSP reads them; MISO during the command is dropped.</li>
 * </ul>
 *
 * A command's bytes go out from the most significant of its low {@code n} bytes down (SOAR = 0x03001000 with a
 * 4-byte command sends 03 00 10 00). The status register's bit 0 is set when a transaction ends and reading it
 * clears it. Used on the device's executor only, so it needs no locking.
 */
public final class SpiMaster implements RegisterBlock {
    /** Bytes of SDOR and of SDIR. */
    public static final int BUFFER_BYTES = 32;
    /** The clock the divider divides: SCLK = 80 MHz / (divider + 2). */
    public static final int SOURCE_CLOCK_HZ = 80_000_000;

    public static final int STCSR = 0x00;
    public static final int SOAR = 0x04;
    public static final int SDOR0 = 0x08;
    public static final int SMMR = 0x28;
    public static final int SMBCR = 0x2C;
    public static final int QUAD_CONTROL = 0x30;
    public static final int STATUS = 0x34;
    public static final int CS_POLARITY = 0x38;
    public static final int SDIR0 = 0x48;

    public static final int STCSR_START = 1 << 8;
    public static final int STCSR_BUSY = 1 << 16;
    public static final int SMMR_MORE_BUFFER = 1 << 2;
    public static final int SMMR_LSB_FIRST = 1 << 3;
    public static final int SMMR_CPOL = 1 << 4;
    public static final int SMMR_CPHA = 1 << 5;
    public static final int SMMR_INTERRUPT_ENABLE = 1 << 9;
    public static final int SMMR_FULL_DUPLEX = 1 << 10;
    public static final int SMMR_DIVIDER_SHIFT = 16;
    public static final int SMMR_DIVIDER_MASK = 0xFFF << SMMR_DIVIDER_SHIFT;
    public static final int SMMR_SELECT_SHIFT = 29;
    public static final int SMBCR_MOSI_SHIFT = 0;
    public static final int SMBCR_MISO_SHIFT = 12;
    public static final int SMBCR_COMMAND_SHIFT = 24;
    public static final int STATUS_DONE = 1;
    /** Where full-duplex MISO data starts in SDIR. */
    public static final int FULL_DUPLEX_RX_OFFSET = 16;

    private static final Set<Integer> SCALARS = Set.of(STCSR, SOAR, SMMR, SMBCR, QUAD_CONTROL, STATUS, CS_POLARITY);

    private final Map<SpiChipSelect, SpiTarget> targets = new EnumMap<>(SpiChipSelect.class);
    private final byte[] txBuffer = new byte[BUFFER_BYTES];
    private final byte[] rxBuffer = new byte[BUFFER_BYTES];
    private int control;
    private int command;
    private int master;
    private int bitCounts;
    private int quadControl;
    private int status;
    private int csPolarity;
    private int transactions;

    /** Wires {@code target} to chip select {@code cs}. */
    public void attach(SpiChipSelect cs, SpiTarget target) {
        Objects.requireNonNull(target, "target");
        if (targets.putIfAbsent(Objects.requireNonNull(cs, "cs"), target) != null) {
            throw new IllegalArgumentException("SPI chip select " + cs + " already has a target");
        }
    }

    /** The target on {@code cs}, or null. */
    public SpiTarget target(SpiChipSelect cs) {
        return targets.get(cs);
    }

    /** The SCLK frequency SMMR's divider gives. */
    public int clockHz() {
        return SOURCE_CLOCK_HZ / (((master & SMMR_DIVIDER_MASK) >>> SMMR_DIVIDER_SHIFT) + 2);
    }

    /** The SPI mode (CPOL * 2 + CPHA) SMMR sets. */
    public int mode() {
        return ((master & SMMR_CPOL) != 0 ? 2 : 0) + ((master & SMMR_CPHA) != 0 ? 1 : 0);
    }

    public SpiBitOrder bitOrder() {
        return (master & SMMR_LSB_FIRST) != 0 ? SpiBitOrder.LSB_FIRST : SpiBitOrder.MSB_FIRST;
    }

    /** The chip select SMMR picks. */
    public SpiChipSelect chipSelect() {
        return ((master >>> SMMR_SELECT_SHIFT) & 1) == 0 ? SpiChipSelect.A : SpiChipSelect.B;
    }

    /** How many transactions have run since reset. */
    public int transactions() {
        return transactions;
    }

    /** Whether the end of a transaction is pending as an interrupt. */
    public boolean interruptPending() {
        return (master & SMMR_INTERRUPT_ENABLE) != 0 && (status & STATUS_DONE) != 0;
    }

    @Override
    public boolean hasRegister(int offset) {
        return SCALARS.contains(offset) || isData(offset, SDOR0) || isData(offset, SDIR0);
    }

    @Override
    public int read32(int offset) {
        if (isData(offset, SDOR0)) {
            return word(txBuffer, offset - SDOR0);
        }
        if (isData(offset, SDIR0)) {
            return word(rxBuffer, offset - SDIR0);
        }
        return switch (offset) {
            case STCSR -> control; // BUSY never shows: a transaction ends within the write that starts it
            case SOAR -> command;
            case SMMR -> master;
            case SMBCR -> bitCounts;
            case QUAD_CONTROL -> quadControl;
            case STATUS -> {
                int value = status;
                status = 0; // reading clears the interrupt status
                yield value;
            }
            case CS_POLARITY -> csPolarity;
            default -> throw new IllegalArgumentException("no SPI register at 0x" + Integer.toHexString(offset));
        };
    }

    @Override
    public void write32(int offset, int value) {
        if (isData(offset, SDOR0)) {
            int at = offset - SDOR0;
            for (int i = 0; i < 4; i++) {
                txBuffer[at + i] = (byte) (value >>> (8 * i));
            }
            return;
        }
        if (isData(offset, SDIR0)) {
            return; // read-only
        }
        switch (offset) {
            case STCSR -> {
                control = value & ~(STCSR_START | STCSR_BUSY);
                if ((value & STCSR_START) != 0) {
                    runTransaction();
                }
            }
            case SOAR -> command = value;
            case SMMR -> master = value;
            case SMBCR -> bitCounts = value;
            case QUAD_CONTROL -> quadControl = value;
            case STATUS -> { } // read-only
            case CS_POLARITY -> csPolarity = value;
            default -> throw new IllegalArgumentException("no SPI register at 0x" + Integer.toHexString(offset));
        }
    }

    /** Registers and buffers to reset values; the targets stay wired (they are on the board). */
    @Override
    public void reset() {
        Arrays.fill(txBuffer, (byte) 0);
        Arrays.fill(rxBuffer, (byte) 0);
        control = 0;
        command = 0;
        master = 0;
        bitCounts = 0;
        quadControl = 0;
        status = 0;
        csPolarity = 0;
        transactions = 0;
    }

    private void runTransaction() {
        int commandBytes = Math.min(((bitCounts >>> SMBCR_COMMAND_SHIFT) & 0x3F) / 8, 4);
        int mosiBytes = Math.min(((bitCounts >>> SMBCR_MOSI_SHIFT) & 0x1FF) / 8, BUFFER_BYTES);
        int misoBytes = Math.min(((bitCounts >>> SMBCR_MISO_SHIFT) & 0x1FF) / 8, BUFFER_BYTES);
        boolean fullDuplex = (master & SMMR_FULL_DUPLEX) != 0;
        SpiChipSelect cs = chipSelect();
        SpiTarget target = targets.get(cs);
        int csBit = cs == SpiChipSelect.A ? 1 : 2;
        // every target here is active-low: with the line set active-high it is never selected, and an unsupported
        // mode makes it sample garbage, which this model treats as a target that does not answer
        boolean answers = target != null && (csPolarity & csBit) == 0 && target.supportsMode(mode());
        Wire wire = new Wire(answers ? target : null, bitOrder());
        Arrays.fill(rxBuffer, (byte) 0);
        wire.begin();
        for (int i = commandBytes - 1; i >= 0; i--) {
            wire.exchange((command >>> (8 * i)) & 0xFF);
        }
        if (fullDuplex) {
            int bytes = Math.min(Math.max(mosiBytes, misoBytes), BUFFER_BYTES - FULL_DUPLEX_RX_OFFSET);
            for (int i = 0; i < bytes; i++) {
                rxBuffer[FULL_DUPLEX_RX_OFFSET + i] = (byte) wire.exchange(txBuffer[i] & 0xFF);
            }
        } else {
            for (int i = 0; i < mosiBytes; i++) {
                wire.exchange(txBuffer[i] & 0xFF);
            }
            for (int i = 0; i < misoBytes; i++) {
                rxBuffer[i] = (byte) wire.exchange(0x00);
            }
        }
        wire.end();
        transactions++;
        status |= STATUS_DONE;
    }

    private static boolean isData(int offset, int base) {
        return offset >= base && offset < base + BUFFER_BYTES && (offset & 3) == 0;
    }

    private static int word(byte[] buffer, int at) {
        return (buffer[at] & 0xFF) | (buffer[at + 1] & 0xFF) << 8 | (buffer[at + 2] & 0xFF) << 16
                | (buffer[at + 3] & 0xFF) << 24;
    }

    /** The bus as one transaction sees it: bytes are bit-reversed on the way when the master sends LSB first. */
    private record Wire(SpiTarget target, SpiBitOrder order) {
        void begin() {
            if (target != null) {
                target.select();
            }
        }

        int exchange(int mosi) {
            if (target == null) {
                return 0xFF; // nobody drives MISO; it floats high
            }
            return flip(target.exchange(flip(mosi)) & 0xFF);
        }

        void end() {
            if (target != null) {
                target.deselect();
            }
        }

        private int flip(int data) {
            return order == SpiBitOrder.LSB_FIRST ? Integer.reverse(data) >>> 24 : data;
        }
    }
}
