package io.sphaera.pluton.fuse;

/** An e-fuse write that the silicon cannot do: unburning a burned bit, or going past a counter's last bit. */
public final class FuseException extends Exception {
    public FuseException(String message) {
        super(message);
    }
}
