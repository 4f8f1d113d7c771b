package io.sphaera.peripherals.flash;

import java.io.IOException;

/** A flash image file that cannot back a device's flash: of the wrong size, or already in use. */
public final class FlashImageException extends IOException {
    public FlashImageException(String message) {
        super(message);
    }
}
