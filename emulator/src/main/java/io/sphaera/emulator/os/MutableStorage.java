package io.sphaera.emulator.os;

import io.sphaera.peripherals.flash.FlashPartition;
import io.sphaera.peripherals.flash.FlashProgramException;
import io.sphaera.peripherals.flash.NorFlash;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;

/**
 * The apps' mutable files in the device's "mutable-storage" flash partition: fixed slots of {@link #SLOT_SECTORS}
 * sectors, each holding one app's file as a 64-byte header then the data. The header is magic "SPMS", the app's
 * component ID, the length, a sequence number (which slot was written last) and a SHA-256 over all of those and the
 * data, so a file is found again after a reboot, only by its own app, and a slot torn by a power cut or corrupted
 * reads as no file at all, never as garbage. A write erases the slot, programs the data, then the header last: a cut
 * anywhere in it leaves either the old file (cut before the erase) or none. When every slot is taken, a new app gets
 * the slot written longest ago: the platform deletes an app's storage with the app, so that one belongs to an app no
 * longer installed (the device runs one high-level app at a time).
 */
public final class MutableStorage {
    /** The platform's largest mutable file (MutableStorage's SizeKB is at most 64). */
    public static final int MAX_FILE_BYTES = 64 * 1024;
    static final int HEADER = 64;
    /** A header and the largest file, in whole sectors: 17 of 4 KiB, so 3 slots in the 256 KiB partition. */
    static final int SLOT_SECTORS = (HEADER + MAX_FILE_BYTES + NorFlash.SECTOR_SIZE - 1) / NorFlash.SECTOR_SIZE;
    static final int SLOT_BYTES = SLOT_SECTORS * NorFlash.SECTOR_SIZE;
    private static final int MAGIC = 0x53504D53; // "SPMS"
    private static final int HASHED_HEADER = 4 + 16 + 4 + 8;

    /** A slot's file as its header says, found valid. */
    private record Record(int slot, UUID app, int length, long sequence) {
    }

    private final FlashPartition partition;
    private final int slots;

    public MutableStorage(FlashPartition partition) {
        this.partition = partition;
        this.slots = (int) (partition.size() / SLOT_BYTES);
        if (slots < 1) {
            throw new IllegalArgumentException(partition + " is smaller than one mutable file's slot (" + SLOT_BYTES + " bytes)");
        }
    }

    /** How many apps' files fit. */
    public int slots() {
        return slots;
    }

    /** The app's file, if it has one that is whole. */
    public Optional<byte[]> read(UUID app) {
        return find(app).map(r -> partition.read(base(r.slot()) + HEADER, r.length()));
    }

    /**
     * Replaces the app's file (creating it) with {@code data[0..length)}: the whole file is on flash when this returns.
     *
     * @throws FlashProgramException                        if the flash would not take it (it was erased first, so
     *                                                      only a broken flash model gets here)
     * @throws io.sphaera.peripherals.flash.PowerLossException if the power went during the write
     */
    public void write(UUID app, byte[] data, int length) {
        if (length < 0 || length > MAX_FILE_BYTES || length > data.length) {
            throw new IllegalArgumentException("a mutable file holds 0 to " + MAX_FILE_BYTES + " bytes, not " + length);
        }
        Record[] records = records();
        int slot = slotFor(app, records);
        long sequence = 1 + Arrays.stream(records).filter(java.util.Objects::nonNull).mapToLong(Record::sequence).max().orElse(0);
        long base = base(slot);
        partition.erase(base, SLOT_BYTES);
        partition.program(base + HEADER, data, 0, length);
        byte[] header = header(app, length, sequence, data);
        partition.program(base, header, 0, header.length);
    }

    /** Deletes the app's file; false if it had none. */
    public boolean delete(UUID app) {
        Optional<Record> r = find(app);
        r.ifPresent(found -> partition.erase(base(found.slot()), SLOT_BYTES)); // the header's sector goes first
        return r.isPresent();
    }

    private Optional<Record> find(UUID app) {
        Record found = null;
        for (Record r : records()) {
            if (r != null && r.app().equals(app) && (found == null || r.sequence() > found.sequence())) {
                found = r;
            }
        }
        return Optional.ofNullable(found);
    }

    /** The app's own slot, else a free one, else the one written longest ago. */
    private int slotFor(UUID app, Record[] records) {
        int free = -1;
        int oldest = 0;
        for (int i = 0; i < slots; i++) {
            Record r = records[i];
            if (r != null && r.app().equals(app)) {
                return i;
            }
            if (r == null && free < 0) {
                free = i;
            }
            if (r != null && records[oldest] != null && r.sequence() < records[oldest].sequence()) {
                oldest = i;
            }
        }
        return free >= 0 ? free : oldest;
    }

    /** Each slot's record, null where the slot holds none that is whole. */
    private Record[] records() {
        Record[] records = new Record[slots];
        for (int i = 0; i < slots; i++) {
            records[i] = record(i);
        }
        return records;
    }

    private Record record(int slot) {
        long base = base(slot);
        byte[] header = partition.read(base, HEADER);
        ByteBuffer b = ByteBuffer.wrap(header);
        if (b.getInt() != MAGIC) {
            return null;
        }
        UUID app = new UUID(b.getLong(), b.getLong());
        int length = b.getInt();
        long sequence = b.getLong();
        if (length < 0 || length > MAX_FILE_BYTES) {
            return null;
        }
        MessageDigest sha = sha256();
        sha.update(header, 0, HASHED_HEADER);
        partition.digest(sha, base + HEADER, length);
        byte[] expected = Arrays.copyOfRange(header, HASHED_HEADER, HASHED_HEADER + 32);
        return MessageDigest.isEqual(sha.digest(), expected) ? new Record(slot, app, length, sequence) : null;
    }

    private static byte[] header(UUID app, int length, long sequence, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(HEADER);
        b.putInt(MAGIC).putLong(app.getMostSignificantBits()).putLong(app.getLeastSignificantBits()).putInt(length).putLong(sequence);
        MessageDigest sha = sha256();
        sha.update(b.array(), 0, HASHED_HEADER);
        sha.update(data, 0, length);
        b.put(sha.digest());
        return b.array();
    }

    private static long base(int slot) {
        return (long) slot * SLOT_BYTES;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
