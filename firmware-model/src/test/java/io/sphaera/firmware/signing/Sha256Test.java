package io.sphaera.firmware.signing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class Sha256Test {
    @Test
    void matchesTheFips180KnownAnswer() {
        byte[] abc = "abc".getBytes(StandardCharsets.US_ASCII);
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                HexFormat.of().formatHex(Sha256.of(abc)));
    }

    @Test
    void aSliceHashesOnlyTheBytesItNames() {
        byte[] framed = "--abc--".getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals(Sha256.of("abc".getBytes(StandardCharsets.US_ASCII)), Sha256.of(framed, 2, 3));
    }

    @Test
    void eachDigestStartsFresh() {
        Sha256.newDigest().update((byte) 1);
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                HexFormat.of().formatHex(Sha256.newDigest().digest()));
    }
}
