package io.sphaera.peripherals.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sphaera.peripherals.Mt3620Peripherals;
import io.sphaera.peripherals.mt3620.Core;
import io.sphaera.peripherals.mt3620.PeripheralBlock;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

class SpiMasterTest {
    private static final int SPI1 = 0x3808_0300;

    /** Records MOSI and answers each byte with its complement. */
    private static final class Echo implements SpiTarget {
        final ByteArrayOutputStream seen = new ByteArrayOutputStream();
        int selections;

        @Override
        public void select() {
            selections++;
        }

        @Override
        public int exchange(int mosi) {
            seen.write(mosi);
            return ~mosi & 0xFF;
        }

        @Override
        public void deselect() {
        }
    }

    private final Mt3620Peripherals chip = new Mt3620Peripherals();
    private final SpiMaster master = chip.isu(1).spiMaster();
    private final Echo target = new Echo();

    SpiMasterTest() {
        chip.firewall().assign(PeripheralBlock.ISU1, Core.A7);
        master.attach(SpiChipSelect.B, target);
    }

    private int read(int offset) {
        return chip.bus().read32(Core.A7, SPI1 + offset);
    }

    private void write(int offset, int value) {
        chip.bus().write32(Core.A7, SPI1 + offset, value);
    }

    private void run(int master, int command, int commandBytes, int mosiBytes, int misoBytes) {
        write(SpiMaster.SMMR, master | 1 << SpiMaster.SMMR_SELECT_SHIFT | SpiMaster.SMMR_MORE_BUFFER);
        write(SpiMaster.SOAR, command);
        write(SpiMaster.SMBCR, commandBytes * 8 << SpiMaster.SMBCR_COMMAND_SHIFT
                | mosiBytes * 8 << SpiMaster.SMBCR_MOSI_SHIFT | misoBytes * 8 << SpiMaster.SMBCR_MISO_SHIFT);
        write(SpiMaster.STCSR, SpiMaster.STCSR_START);
    }

    @Test
    void halfDuplexSendsCommandMsbFirstThenDataThenReads() {
        write(SpiMaster.SDOR0, 0x44332211);
        run(0, 0x0A0B0C, 3, 2, 3);
        assertEquals(1, target.selections);
        // command bytes, two data bytes, then three zero bytes clocked while reading
        assertEquals("0a0b0c11220000" + "00", hex(target.seen.toByteArray()));
        assertEquals(0xFFFFFF, read(SpiMaster.SDIR0));
        assertEquals(0, read(SpiMaster.STCSR) & SpiMaster.STCSR_BUSY);
        assertEquals(SpiMaster.STATUS_DONE, read(SpiMaster.STATUS));
        assertEquals(0, read(SpiMaster.STATUS), "reading the status clears it");
    }

    @Test
    void fullDuplexDataComesBackFromByteSixteen() {
        write(SpiMaster.SDOR0, 0x04030201);
        run(SpiMaster.SMMR_FULL_DUPLEX, 0x9F, 1, 4, 4);
        assertEquals("9f01020304", hex(target.seen.toByteArray()));
        assertEquals(0xFBFCFDFE, read(SpiMaster.SDIR0 + 16));
        assertEquals(0, read(SpiMaster.SDIR0));
    }

    @Test
    void lsbFirstReversesEachByteOnTheWire() {
        run(SpiMaster.SMMR_LSB_FIRST, 0x01, 1, 0, 1);
        assertEquals("80" + "00", hex(target.seen.toByteArray()));
        assertEquals(0xFF, read(SpiMaster.SDIR0) & 0xFF);
    }

    @Test
    void nobodyOnTheChipSelectReadsAllOnes() {
        write(SpiMaster.SMMR, 0);
        write(SpiMaster.SMBCR, 2 * 8 << SpiMaster.SMBCR_MISO_SHIFT);
        write(SpiMaster.STCSR, SpiMaster.STCSR_START);
        assertEquals(0xFFFF, read(SpiMaster.SDIR0));
        assertEquals(0, target.selections);
    }

    @Test
    void anUnsupportedModeOrActiveHighSelectGetsNoAnswer() {
        run(SpiMaster.SMMR_CPHA, 0x9F, 1, 0, 1); // mode 1
        write(SpiMaster.CS_POLARITY, 2); // CS B active high
        run(0, 0x9F, 1, 0, 1);
        assertEquals(0, target.selections);
        assertEquals(0xFF, read(SpiMaster.SDIR0) & 0xFF);
    }

    @Test
    void theClockAndModeComeFromSmmr() {
        write(SpiMaster.SMMR, 78 << SpiMaster.SMMR_DIVIDER_SHIFT | SpiMaster.SMMR_CPOL | SpiMaster.SMMR_CPHA);
        assertEquals(1_000_000, master.clockHz());
        assertEquals(3, master.mode());
        assertEquals(SpiChipSelect.A, master.chipSelect());
    }

    private static String hex(byte[] bytes) {
        StringBuilder text = new StringBuilder();
        for (byte b : bytes) {
            text.append("%02x".formatted(b & 0xFF));
        }
        return text.toString();
    }
}
