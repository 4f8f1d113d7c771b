package io.sphaera.pluton.boot;

/** The two banks each system image has: the one in force and the one kept to roll back to. */
public enum Slot {
    A, B;

    public Slot other() {
        return this == A ? B : A;
    }
}
