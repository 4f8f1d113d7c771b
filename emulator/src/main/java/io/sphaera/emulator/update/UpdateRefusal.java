package io.sphaera.emulator.update;

/** Why the device will not take what a manifest names: reported to the service as a failed update. */
final class UpdateRefusal extends Exception {
    UpdateRefusal(String message) {
        super(message);
    }
}
