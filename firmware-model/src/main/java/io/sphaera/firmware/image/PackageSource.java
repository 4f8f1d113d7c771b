package io.sphaera.firmware.image;

import java.security.MessageDigest;
import java.util.Objects;

/**
 * Where a package's bytes are: an array, or a flash slot read in place. Parsing reads only the small structural
 * parts; verification streams the signed bytes into the digest, which a flash-backed source does straight from its
 * pages, so booting a 2 MiB image neither copies nor allocates 2 MiB.
 */
public interface PackageSource {
    int size();

    /** Copies {@code length} bytes from {@code offset}. */
    void read(int offset, byte[] dst, int dstOffset, int length);

    /** Feeds {@code length} bytes from {@code offset} to the digest. */
    default void digest(MessageDigest digest, int offset, int length) {
        byte[] chunk = new byte[Math.min(length, 64 * 1024)];
        for (int done = 0; done < length; ) {
            int n = Math.min(chunk.length, length - done);
            read(offset + done, chunk, 0, n);
            digest.update(chunk, 0, n);
            done += n;
        }
    }

    default byte[] read(int offset, int length) {
        byte[] out = new byte[length];
        read(offset, out, 0, length);
        return out;
    }

    /** The array itself, not a copy: the caller must not change it afterwards. */
    static PackageSource of(byte[] bytes) {
        Objects.requireNonNull(bytes);
        return new PackageSource() {
            @Override
            public int size() {
                return bytes.length;
            }

            @Override
            public void read(int offset, byte[] dst, int dstOffset, int length) {
                System.arraycopy(bytes, offset, dst, dstOffset, length);
            }

            @Override
            public void digest(MessageDigest digest, int offset, int length) {
                digest.update(bytes, offset, length);
            }
        };
    }
}
