package io.sphaera.pluton.boot;

/** What the boot chain decided about one image in one slot. */
public enum Verdict {
    /** Verified, measured and run. */
    BOOTED,
    /** Checked and refused: it never ran. */
    REFUSED,
    /** The slot holds no image. */
    EMPTY
}
