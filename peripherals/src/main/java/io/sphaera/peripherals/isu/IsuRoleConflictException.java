package io.sphaera.peripherals.isu;

/** An ISU already serving one role was asked to serve another; its role is unchanged. */
public final class IsuRoleConflictException extends IllegalStateException {
    private final int isu;
    private final IsuRole current;
    private final IsuRole requested;

    public IsuRoleConflictException(int isu, IsuRole current, IsuRole requested) {
        super("ISU%d is in use as %s and cannot also be %s".formatted(isu, current, requested));
        this.isu = isu;
        this.current = current;
        this.requested = requested;
    }

    public int isu() {
        return isu;
    }

    public IsuRole current() {
        return current;
    }

    public IsuRole requested() {
        return requested;
    }
}
