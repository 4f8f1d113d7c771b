package io.sphaera.pluton.evidence;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * The signed evidence's bytes (big-endian): magic "SPEV", u16 version 1, u32 body length, the body, then a raw
 * 64-byte ECDSA P-256/SHA-256 signature over everything before it. The body: 64-byte device ID, u8 nonce length and
 * nonce (8..64), u8 register count (1..8) and 32 bytes each, the 32-byte event-log digest, u8-length-prefixed OS
 * version, u16 image count (at most 64) and per image u16 type, component ID, image ID (16 bytes each, big-endian),
 * u8-length-prefixed version, u32 security version. Every length is checked before use; nothing may follow.
 */
public final class EvidenceCodec {
    static final int MAGIC = 0x53504556; // "SPEV"
    static final int VERSION = 1;
    static final int HEADER = 10;
    public static final int SIGNATURE = 64;
    private static final int MAX_REGISTERS = 8;
    private static final int MAX_IMAGES = 64;

    private EvidenceCodec() {
    }

    /** The bytes to sign: header and body. */
    public static byte[] encode(AttestationEvidence e) {
        if (e.nonce().length < AttestationEvidence.MIN_NONCE || e.nonce().length > AttestationEvidence.MAX_NONCE) {
            throw new IllegalArgumentException("a nonce has " + AttestationEvidence.MIN_NONCE + " to "
                    + AttestationEvidence.MAX_NONCE + " bytes, not " + e.nonce().length);
        }
        ByteBuffer body = ByteBuffer.allocate(8192);
        body.put(HexFormat.of().parseHex(e.deviceId()));
        body.put((byte) e.nonce().length).put(e.nonce());
        body.put((byte) e.measurements().size());
        e.measurements().forEach(body::put);
        body.put(e.eventLogDigest());
        text(body, e.osVersion());
        body.putShort((short) e.images().size());
        for (ImageClaim c : e.images()) {
            body.putShort((short) c.kindCode());
            body.putLong(c.componentId().getMostSignificantBits()).putLong(c.componentId().getLeastSignificantBits());
            body.putLong(c.imageId().getMostSignificantBits()).putLong(c.imageId().getLeastSignificantBits());
            text(body, c.version());
            body.putInt((int) c.securityVersion());
        }
        body.flip();
        ByteBuffer out = ByteBuffer.allocate(HEADER + body.remaining());
        out.putInt(MAGIC).putShort((short) VERSION).putInt(body.remaining()).put(body);
        return out.array();
    }

    /** Reads the signed part (without the signature). */
    static AttestationEvidence decode(byte[] signedPart) throws EvidenceException {
        try {
            ByteBuffer in = ByteBuffer.wrap(signedPart);
            if (in.getInt() != MAGIC) {
                throw new EvidenceException("not attestation evidence (bad magic)");
            }
            int version = in.getShort() & 0xFFFF;
            if (version != VERSION) {
                throw new EvidenceException("evidence version " + version + " is not supported");
            }
            int length = in.getInt();
            if (length != in.remaining()) {
                throw new EvidenceException("evidence body length " + length + " does not match the " + in.remaining() + " bytes present");
            }
            byte[] id = bytes(in, 64);
            int nonceLength = in.get() & 0xFF;
            if (nonceLength < AttestationEvidence.MIN_NONCE || nonceLength > AttestationEvidence.MAX_NONCE) {
                throw new EvidenceException("nonce length " + nonceLength + " is outside 8..64");
            }
            byte[] nonce = bytes(in, nonceLength);
            int registers = in.get() & 0xFF;
            if (registers < 1 || registers > MAX_REGISTERS) {
                throw new EvidenceException("register count " + registers + " is outside 1.." + MAX_REGISTERS);
            }
            List<byte[]> measurements = new ArrayList<>();
            for (int i = 0; i < registers; i++) {
                measurements.add(bytes(in, 32));
            }
            byte[] eventLog = bytes(in, 32);
            String os = text(in);
            int images = in.getShort() & 0xFFFF;
            if (images > MAX_IMAGES) {
                throw new EvidenceException("image count " + images + " exceeds " + MAX_IMAGES);
            }
            List<ImageClaim> claims = new ArrayList<>();
            for (int i = 0; i < images; i++) {
                int kind = in.getShort() & 0xFFFF;
                UUID component = new UUID(in.getLong(), in.getLong());
                UUID image = new UUID(in.getLong(), in.getLong());
                String v = text(in);
                long sv = in.getInt() & 0xFFFFFFFFL;
                claims.add(new ImageClaim(kind, component, image, v, sv));
            }
            if (in.hasRemaining()) {
                throw new EvidenceException(in.remaining() + " bytes follow the evidence body");
            }
            return new AttestationEvidence(HexFormat.of().formatHex(id), nonce, measurements, eventLog, os, claims);
        } catch (BufferUnderflowException e) {
            throw new EvidenceException("the evidence is truncated");
        }
    }

    private static byte[] bytes(ByteBuffer in, int n) {
        byte[] out = new byte[n];
        in.get(out);
        return out;
    }

    private static void text(ByteBuffer out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > 255) {
            throw new IllegalArgumentException("evidence text over 255 bytes: " + s);
        }
        out.put((byte) b.length).put(b);
    }

    private static String text(ByteBuffer in) throws EvidenceException {
        int n = in.get() & 0xFF;
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes(in, n))).toString();
        } catch (CharacterCodingException e) {
            throw new EvidenceException("evidence text is not valid UTF-8");
        }
    }
}
