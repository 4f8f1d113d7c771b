package io.sphaera.peripherals.flash;

import java.util.Arrays;

/**
 * One 4 KiB page of flash content. A page starts open, changeable by the one flash that made it, and is sealed when
 * it enters a {@link PagePool}; a sealed page never changes again, so that devices holding the same bytes can hold
 * the same object, and a write to it makes a copy (copy-on-write). Equality is by content.
 */
final class Page {
    static final int SIZE = 4096;

    /** The one page every erased sector of every flash refers to. */
    static final Page ERASED = erasedPage();

    private final byte[] bytes;
    private boolean sealed;
    private int hash; // computed once sealed, when the pool first asks

    private Page(byte[] bytes) {
        if (bytes.length != SIZE) {
            throw new IllegalArgumentException("a page holds " + SIZE + " bytes, not " + bytes.length);
        }
        this.bytes = bytes;
    }

    /** An open page over {@code bytes}, which the caller hands over and must not touch again. */
    static Page of(byte[] bytes) {
        return new Page(bytes);
    }

    /** An open page with the same content, for a flash to change. */
    Page openCopy() {
        return new Page(bytes.clone());
    }

    boolean isErased() {
        return this == ERASED || Arrays.equals(bytes, ERASED.bytes);
    }

    byte at(int index) {
        return bytes[index];
    }

    void digestInto(java.security.MessageDigest digest, int from, int length) {
        digest.update(bytes, from, length);
    }

    void copyTo(int from, byte[] dst, int dstOffset, int length) {
        System.arraycopy(bytes, from, dst, dstOffset, length);
    }

    /** Whether {@code data[dataOffset..+length)} equals this page's bytes from {@code from}. */
    boolean holds(int from, byte[] data, int dataOffset, int length) {
        return Arrays.equals(bytes, from, from + length, data, dataOffset, dataOffset + length);
    }

    void write(int from, byte[] data, int dataOffset, int length) {
        requireOpen();
        System.arraycopy(data, dataOffset, bytes, from, length);
    }

    void erase(int from, int length) {
        requireOpen();
        Arrays.fill(bytes, from, from + length, (byte) 0xFF);
    }

    /** Fixes the content for good; called by the pool as the page becomes shareable. */
    void seal() {
        sealed = true;
    }

    private void requireOpen() {
        if (sealed) {
            throw new IllegalStateException("a sealed page is shared and cannot change");
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Page page && page.hashCode() == hashCode() && Arrays.equals(page.bytes, bytes);
    }

    @Override
    public int hashCode() {
        if (hash == 0) {
            hash = Arrays.hashCode(bytes);
        }
        return hash;
    }

    private static Page erasedPage() {
        byte[] bytes = new byte[SIZE];
        Arrays.fill(bytes, (byte) 0xFF);
        Page page = new Page(bytes);
        page.seal();
        return page;
    }
}
