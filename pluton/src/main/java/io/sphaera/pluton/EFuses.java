package io.sphaera.pluton;

import io.sphaera.pluton.fuse.AntiRollbackCounter;
import io.sphaera.pluton.fuse.FuseException;
import io.sphaera.pluton.fuse.ManufacturingState;
import io.sphaera.pluton.storage.FlashRegion;
import java.util.Arrays;
import java.util.Optional;

/**
 * One-time-programmable e-fuses, modelled on a flash region that is never erased: a burned fuse is a cleared bit.
 * Values are stored complemented so that an unburned field reads as zeros. Multi-byte values (the root key hash,
 * the hardware unique key) are followed by a commit byte burned last, so a power cut while burning leaves the value
 * unset rather than half-set, and burning the same value again completes it.
 *
 * <pre>
 * 0x000  manufacturing state: bit 0 Module1Complete, bit 1 DeviceComplete
 * 0x010  root key hash (SHA-256 of the root key's DER), 0x030 its commit byte
 * 0x040  hardware unique key (seals the identity key), 0x060 its commit byte
 * 0x080  anti-rollback counters, 16 bytes apart, 64 bits each
 * </pre>
 */
final class EFuses {
    private static final int STATE = 0x000;
    private static final int ROOT_HASH = 0x010;
    private static final int ROOT_HASH_COMMIT = 0x030;
    private static final int HUK = 0x040;
    private static final int HUK_COMMIT = 0x060;
    private static final int COUNTERS = 0x080;
    private static final int COUNTER_STRIDE = 16;
    private static final int COMMITTED = 0xA5;
    /** Bytes this layout uses. */
    static final int SIZE = COUNTERS + COUNTER_STRIDE * AntiRollbackCounter.values().length;

    private final FlashRegion region;

    EFuses(FlashRegion region) {
        if (region.size() < SIZE) {
            throw new IllegalArgumentException("the fuse region holds " + region.size() + " bytes, fewer than " + SIZE);
        }
        this.region = region;
    }

    ManufacturingState manufacturingState() {
        int bits = value(STATE, 1)[0];
        if ((bits & 2) != 0) {
            return ManufacturingState.DEVICE_COMPLETE;
        }
        return (bits & 1) != 0 ? ManufacturingState.MODULE1_COMPLETE : ManufacturingState.BLANK;
    }

    /** Moves the state forward; asking for the current state again is a no-op, going back is refused. */
    void advanceManufacturingState(ManufacturingState target) throws FuseException {
        ManufacturingState now = manufacturingState();
        if (target.ordinal() < now.ordinal()) {
            throw new FuseException("the manufacturing state moves forward only: it is " + now.platformName()
                    + ", and cannot become " + target.platformName());
        }
        int bits = switch (target) {
            case BLANK -> 0;
            case MODULE1_COMPLETE -> 1;
            case DEVICE_COMPLETE -> 3;
        };
        burn(STATE, new byte[] {(byte) (value(STATE, 1)[0] | bits)});
    }

    Optional<byte[]> rootKeyHash() {
        return committed(ROOT_HASH, 32, ROOT_HASH_COMMIT);
    }

    void burnRootKeyHash(byte[] sha256) throws FuseException {
        burnCommitted(ROOT_HASH, sha256, ROOT_HASH_COMMIT, "root key hash");
    }

    /** Readable by Pluton only: nothing outside this package's owner hands it out. */
    Optional<byte[]> hardwareUniqueKey() {
        return committed(HUK, 32, HUK_COMMIT);
    }

    void burnHardwareUniqueKey(byte[] key) throws FuseException {
        burnCommitted(HUK, key, HUK_COMMIT, "hardware unique key");
    }

    int counter(AntiRollbackCounter counter) {
        byte[] bits = value(COUNTERS + COUNTER_STRIDE * counter.ordinal(), AntiRollbackCounter.MAX / 8);
        int n = 0;
        for (byte b : bits) {
            n += Integer.bitCount(b & 0xFF);
        }
        return n;
    }

    /** Raises a counter to at least {@code value}, one fuse bit per step; never lowers it. */
    void raiseCounter(AntiRollbackCounter counter, long value) throws FuseException {
        if (value > AntiRollbackCounter.MAX) {
            throw new FuseException("counter " + counter + " has " + AntiRollbackCounter.MAX + " fuses; it cannot reach " + value);
        }
        int offset = COUNTERS + COUNTER_STRIDE * counter.ordinal();
        for (int n = counter(counter); n < value; n++) {
            byte[] one = new byte[AntiRollbackCounter.MAX / 8];
            one[n / 8] = (byte) (1 << (n % 8));
            byte[] now = value(offset, one.length);
            for (int i = 0; i < one.length; i++) {
                one[i] |= now[i];
            }
            burn(offset, one);
        }
    }

    private Optional<byte[]> committed(int at, int length, int commitAt) {
        if ((value(commitAt, 1)[0] & 0xFF) != COMMITTED) {
            return Optional.empty();
        }
        return Optional.of(value(at, length));
    }

    private void burnCommitted(int at, byte[] value, int commitAt, String what) throws FuseException {
        Optional<byte[]> existing = committed(at, value.length, commitAt);
        if (existing.isPresent()) {
            if (Arrays.equals(existing.get(), value)) {
                return;
            }
            throw new FuseException("the " + what + " is already burned with another value");
        }
        burn(at, value);
        burn(commitAt, new byte[] {(byte) COMMITTED});
    }

    /** The field's value: the complement of the flash bytes, so unburned reads 0. */
    private byte[] value(int at, int length) {
        byte[] raw = region.read(at, length);
        for (int i = 0; i < raw.length; i++) {
            raw[i] = (byte) ~raw[i];
        }
        return raw;
    }

    /** Burns the 1 bits of {@code value}; fails, burning nothing, if a bit already burned would have to be 0. */
    private void burn(int at, byte[] value) throws FuseException {
        byte[] now = value(at, value.length);
        for (int i = 0; i < value.length; i++) {
            if ((now[i] & ~value[i]) != 0) {
                throw new FuseException(String.format("fuse byte 0x%03X has bits burned (0x%02X) that the new value 0x%02X"
                        + " clears: a burned fuse cannot be unburned", at + i, now[i] & 0xFF, value[i] & 0xFF));
            }
        }
        if (!Arrays.equals(now, value)) {
            byte[] raw = value.clone();
            for (int i = 0; i < raw.length; i++) {
                raw[i] = (byte) ~raw[i];
            }
            region.program(at, raw);
        }
    }
}
