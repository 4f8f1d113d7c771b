package io.sphaera.pluton.storage;

import io.sphaera.firmware.signing.Sha256;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Optional;

/**
 * One record kept so that a power cut at any write leaves either the old or the new value, never a torn one: the
 * region is split in two halves, each write goes to the half not holding the newest valid copy (erase, then program
 * header and payload), and reading takes the valid copy with the higher sequence number. A copy is valid when its
 * magic, length and SHA-256 check out, so a torn erase or program simply leaves the other copy in force.
 */
public final class AtomicRecord {
    private static final int MAGIC = 0x52415053; // "SPAR"
    private static final int HEADER = 4 + 4 + 4 + 32;

    private final FlashRegion region;
    private final long half;

    public AtomicRecord(FlashRegion region) {
        this.region = region;
        long sectors = region.size() / region.sectorSize();
        if (sectors < 2 || sectors % 2 != 0) {
            throw new IllegalArgumentException("an atomic record needs an even number of sectors, at least 2");
        }
        this.half = region.size() / 2;
    }

    /** The largest payload a copy holds. */
    public int capacity() {
        return (int) Math.min(Integer.MAX_VALUE, half - HEADER);
    }

    /** The newest valid payload, or empty when no copy was ever completed. */
    public Optional<byte[]> read() {
        Copy a = copy(0);
        Copy b = copy(half);
        Copy newest = a == null ? b : b == null ? a : Integer.compareUnsigned(a.sequence, b.sequence) >= 0 ? a : b;
        return newest == null ? Optional.empty() : Optional.of(newest.payload);
    }

    /** Replaces the record; when this returns the new payload is what {@link #read()} gives, even after a power cut. */
    public void write(byte[] payload) {
        if (payload.length > capacity()) {
            throw new IllegalArgumentException("record payload of " + payload.length + " bytes exceeds " + capacity());
        }
        Copy a = copy(0);
        Copy b = copy(half);
        long target;
        int sequence;
        if (a == null && b == null) {
            target = 0;
            sequence = 1;
        } else if (b == null || (a != null && Integer.compareUnsigned(a.sequence, b.sequence) >= 0)) {
            target = half;
            sequence = a.sequence + 1;
        } else {
            target = 0;
            sequence = b.sequence + 1;
        }
        ByteBuffer header = ByteBuffer.allocate(HEADER + payload.length).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(MAGIC).putInt(sequence).putInt(payload.length).put(Sha256.of(payload)).put(payload);
        region.erase(target, half);
        region.program(target, header.array());
    }

    private record Copy(int sequence, byte[] payload) {
    }

    private Copy copy(long at) {
        ByteBuffer header = ByteBuffer.wrap(region.read(at, HEADER)).order(ByteOrder.LITTLE_ENDIAN);
        if (header.getInt() != MAGIC) {
            return null;
        }
        int sequence = header.getInt();
        int length = header.getInt();
        if (length < 0 || length > capacity()) {
            return null;
        }
        byte[] digest = new byte[32];
        header.get(digest);
        byte[] payload = region.read(at + HEADER, length);
        return Arrays.equals(digest, Sha256.of(payload)) ? new Copy(sequence, payload) : null;
    }
}
