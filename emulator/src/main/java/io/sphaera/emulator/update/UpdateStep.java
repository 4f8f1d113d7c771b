package io.sphaera.emulator.update;

/**
 * Where an update stands, as the journal keeps it. Each step names what a power-up finds to do: a download resumes
 * once the network is back, a staged or half-installed update is installed at once, an installed one waits to be
 * committed, a rollback under way is finished.
 */
public enum UpdateStep {
    /** Nothing under way. */
    IDLE,
    /** Images of the target are being downloaded into staging. */
    DOWNLOADING,
    /** Every image is downloaded and verified; the old images are being kept for rollback. */
    STAGED,
    /** The new images are being written into their slots. */
    INSTALLING,
    /** The new images are in place and have started; not committed until they have run for a while. */
    INSTALLED,
    /** The new images failed: the kept ones are being written back. */
    ROLLING_BACK
}
