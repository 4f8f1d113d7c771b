package io.sphaera.peripherals.firewall;

/** The assignment was locked; only a reset of the chip changes it now. */
public final class FirewallLockedException extends IllegalStateException {
    public FirewallLockedException(String attempted) {
        super("cannot " + attempted + ": the hardware firewall is locked and its assignment changes only by a reset");
    }
}
