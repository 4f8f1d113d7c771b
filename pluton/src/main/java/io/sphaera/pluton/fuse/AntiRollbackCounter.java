package io.sphaera.pluton.fuse;

/**
 * The monotonic counters anti-rollback compares security versions with, one per thing that can be rolled back.
 * Each is a row of 64 e-fuse bits burned one by one (a thermometer code), so it can only go up, and raising it by one
 * is a single bit write that a power cut cannot tear.
 */
public enum AntiRollbackCounter {
    PLUTON_RUNTIME,
    SECURITY_MONITOR,
    OS,
    TRUSTED_KEY_STORE;

    /** The highest value a counter reaches: one fuse bit per step. */
    public static final int MAX = 64;
}
