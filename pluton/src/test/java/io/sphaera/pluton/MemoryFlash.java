package io.sphaera.pluton;

import io.sphaera.pluton.storage.FlashRegion;
import java.util.Arrays;

/**
 * A NOR region in memory for Pluton's tests (pluton may not use the peripherals module's flash): erase to 0xFF,
 * program only clears bits, and a power cut that can be scheduled before write N or in the middle of it.
 */
public final class MemoryFlash implements FlashRegion {
    /** The power went: thrown from the write it interrupted. */
    public static final class PowerCut extends RuntimeException {
        public PowerCut(long write) {
            super("power cut at write " + write);
        }
    }

    private final byte[] bytes;
    private final int sector;
    private long writes;
    private long cutAt = -1;
    private int tearAfter = -1;

    public MemoryFlash(int size, int sector) {
        this.bytes = new byte[size];
        this.sector = sector;
        Arrays.fill(bytes, (byte) 0xFF);
    }

    /** Cut the power before write {@code index} (0-based, counted from now on), or tear it after {@code bytes} bytes. */
    public void cutAt(long index, int tearAfterBytes) {
        this.cutAt = writes + index;
        this.tearAfter = tearAfterBytes;
    }

    public void powerRestored() {
        cutAt = -1;
    }

    public long writes() {
        return writes;
    }

    @Override
    public long size() {
        return bytes.length;
    }

    @Override
    public int sectorSize() {
        return sector;
    }

    @Override
    public byte[] read(long offset, int length) {
        return Arrays.copyOfRange(bytes, (int) offset, (int) offset + length);
    }

    @Override
    public void program(long offset, byte[] data) {
        int n = gate(data.length);
        for (int i = 0; i < n; i++) {
            int at = (int) offset + i;
            if ((~bytes[at] & data[i]) != 0) {
                throw new IllegalStateException("programming cannot set bits at " + at);
            }
            bytes[at] &= data[i];
        }
        finish(n, data.length);
    }

    @Override
    public void erase(long offset, long length) {
        if (offset % sector != 0 || length % sector != 0) {
            throw new IllegalArgumentException("unaligned erase");
        }
        int n = gate((int) length);
        Arrays.fill(bytes, (int) offset, (int) offset + n, (byte) 0xFF);
        finish(n, (int) length);
    }

    private int gate(int length) {
        if (writes == cutAt && tearAfter <= 0) {
            throw new PowerCut(writes);
        }
        return writes == cutAt ? Math.min(tearAfter, length) : length;
    }

    private void finish(int applied, int length) {
        // A torn write applied only part of itself; either way the power is gone after it.
        long index = writes++;
        if (index == cutAt) {
            throw new PowerCut(index);
        }
    }
}
