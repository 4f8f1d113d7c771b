package io.sphaera.emulator.update;

import io.sphaera.firmware.update.TargetImage;
import java.util.HexFormat;
import java.util.UUID;

/**
 * One image of an update target: what the manifest says of it, the app slot it goes to, and, when it must be
 * downloaded, where it lies in staging and how many of its bytes are there (a resumed download asks for the rest).
 *
 * @param slot       the app slot that will hold it
 * @param inPlace    the slot holds exactly this image already: nothing to download or write
 * @param offset     its first byte in the staging partition (sector-aligned)
 * @param downloaded how many of its bytes staging holds
 */
public record StagedImage(UUID imageId, UUID componentId, String kind, String version, long length, String sha256, int slot,
                          boolean inPlace, long offset, long downloaded) {
    static StagedImage of(TargetImage t, int slot, boolean inPlace, long offset) {
        return new StagedImage(t.imageId(), t.componentId(), t.kind(), t.version(), t.length(), t.sha256Hex(), slot, inPlace,
                offset, inPlace ? t.length() : 0);
    }

    StagedImage withDownloaded(long bytes) {
        return new StagedImage(imageId, componentId, kind, version, length, sha256, slot, inPlace, offset, bytes);
    }

    boolean complete() {
        return downloaded == length;
    }

    byte[] sha256Bytes() {
        return HexFormat.of().parseHex(sha256);
    }
}
