package io.sphaera.firmware.image;

/** Bytes that are not a well-formed image package; the message says what is wrong and at which offset. */
public final class ImagePackageFormatException extends Exception {
    public ImagePackageFormatException(String message) {
        super(message);
    }
}
