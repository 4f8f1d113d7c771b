package io.sphaera.peripherals.spi;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A 25-series SPI NOR flash after the Winbond W25Q32JV (JEDEC ID EF 40 16, 4 MiB, 256-byte pages, 4 KiB sectors),
 * with the common command set: READ JEDEC ID 0x9F, READ 0x03 (24-bit address, wraps at the end), WRITE ENABLE
 * 0x06, WRITE DISABLE 0x04, READ STATUS 0x05 (bit 0 BUSY, bit 1 WEL), PAGE PROGRAM 0x02 (wraps within the page,
 * can only clear bits), SECTOR ERASE 0x20 and CHIP ERASE 0xC7/0x60. Program and erase need WEL, take effect when
 * chip select goes inactive, finish at once (BUSY never shows) and clear WEL. Erased bytes read 0xFF. Sectors are
 * allocated on first write, so an untouched part costs nothing. Used on the device's executor only.
 */
public final class SpiNorFlash implements SpiTarget {
    public static final int READ_JEDEC_ID = 0x9F;
    public static final int READ = 0x03;
    public static final int WRITE_ENABLE = 0x06;
    public static final int WRITE_DISABLE = 0x04;
    public static final int READ_STATUS = 0x05;
    public static final int PAGE_PROGRAM = 0x02;
    public static final int SECTOR_ERASE = 0x20;
    public static final int CHIP_ERASE = 0xC7;
    public static final int CHIP_ERASE_ALTERNATE = 0x60;
    public static final int STATUS_WRITE_ENABLED = 1 << 1;
    public static final int PAGE_BYTES = 256;
    public static final int SECTOR_BYTES = 4096;
    /** The W25Q32JV's manufacturer, memory type and capacity bytes. */
    public static final int W25Q32_JEDEC_ID = 0xEF4016;

    private final int jedecId;
    private final int sizeBytes;
    private final Map<Integer, byte[]> sectors = new HashMap<>();
    private boolean writeEnabled;
    // the command in progress: its opcode, the bytes that followed, and program data waiting for deselect
    private int opcode = -1;
    private int position;
    private int address;
    private final byte[] pageBuffer = new byte[PAGE_BYTES];
    private int pageBytes;

    /** A part answering {@code jedecId} whose capacity is 2^(its low byte) bytes, as 25-series IDs encode it. */
    public SpiNorFlash(int jedecId) {
        int capacityCode = jedecId & 0xFF;
        if (capacityCode < 0x10 || capacityCode > 0x18) {
            throw new IllegalArgumentException("JEDEC capacity byte 0x%02x is not 64 KiB-16 MiB"
                    .formatted(capacityCode));
        }
        this.jedecId = jedecId & 0xFFFFFF;
        this.sizeBytes = 1 << capacityCode;
    }

    public int jedecId() {
        return jedecId;
    }

    public int sizeBytes() {
        return sizeBytes;
    }

    /** The byte at {@code at}, for the host. */
    public int peek(int at) {
        byte[] sector = sectors.get(at / SECTOR_BYTES);
        return sector == null ? 0xFF : sector[at % SECTOR_BYTES] & 0xFF;
    }

    public boolean isWriteEnabled() {
        return writeEnabled;
    }

    @Override
    public void select() {
        opcode = -1;
        position = 0;
        address = 0;
        pageBytes = 0;
    }

    @Override
    public int exchange(int mosi) {
        if (opcode < 0) {
            opcode = mosi;
            switch (opcode) {
                case WRITE_ENABLE -> writeEnabled = true;
                case WRITE_DISABLE -> writeEnabled = false;
                default -> { }
            }
            return 0xFF;
        }
        int index = position++;
        return switch (opcode) {
            case READ_JEDEC_ID -> index < 3 ? (jedecId >>> (8 * (2 - index))) & 0xFF : 0xFF;
            case READ_STATUS -> writeEnabled ? STATUS_WRITE_ENABLED : 0;
            case READ -> {
                if (index < 3) {
                    address = (address << 8) | mosi;
                    yield 0xFF;
                }
                int at = (address + index - 3) & (sizeBytes - 1);
                yield peek(at);
            }
            case PAGE_PROGRAM -> {
                if (index < 3) {
                    address = (address << 8) | mosi;
                } else {
                    // past a page's worth the part keeps only the last 256 bytes, as its datasheet says
                    pageBuffer[(index - 3) % PAGE_BYTES] = (byte) mosi;
                    pageBytes = Math.min(pageBytes + 1, PAGE_BYTES);
                }
                yield 0xFF;
            }
            case SECTOR_ERASE -> {
                if (index < 3) {
                    address = (address << 8) | mosi;
                }
                yield 0xFF;
            }
            default -> 0xFF;
        };
    }

    @Override
    public void deselect() {
        switch (opcode) {
            case PAGE_PROGRAM -> {
                if (writeEnabled && position >= 3) {
                    program();
                    writeEnabled = false;
                }
            }
            case SECTOR_ERASE -> {
                if (writeEnabled && position >= 3) {
                    sectors.remove((address & (sizeBytes - 1)) / SECTOR_BYTES);
                    writeEnabled = false;
                }
            }
            case CHIP_ERASE, CHIP_ERASE_ALTERNATE -> {
                if (writeEnabled) {
                    sectors.clear();
                    writeEnabled = false;
                }
            }
            default -> { }
        }
        opcode = -1;
    }

    private void program() {
        int at = address & (sizeBytes - 1);
        int pageStart = at & ~(PAGE_BYTES - 1);
        for (int i = 0; i < pageBytes; i++) {
            int target = pageStart + ((at - pageStart + i) % PAGE_BYTES);
            byte[] sector = sectors.computeIfAbsent(target / SECTOR_BYTES, key -> {
                byte[] erased = new byte[SECTOR_BYTES];
                Arrays.fill(erased, (byte) 0xFF);
                return erased;
            });
            sector[target % SECTOR_BYTES] &= pageBuffer[i]; // programming only clears bits
        }
    }
}
