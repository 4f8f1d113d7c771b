package io.sphaera.pluton.boot;

import java.util.EnumMap;
import java.util.Map;

/**
 * Which slot is in force for each system stage; the other is the rollback image. Kept in an atomic record, so a
 * power cut while switching leaves the old or the new selection.
 */
public record BootSelection(Map<BootStage, Slot> active) {
    public BootSelection {
        active = Map.copyOf(active);
    }

    public static BootSelection allA() {
        Map<BootStage, Slot> m = new EnumMap<>(BootStage.class);
        for (BootStage s : BootStage.values()) {
            m.put(s, Slot.A);
        }
        return new BootSelection(m);
    }

    public Slot slotOf(BootStage stage) {
        return active.getOrDefault(stage, Slot.A);
    }

    public byte[] encode() {
        byte[] out = new byte[BootStage.values().length];
        for (BootStage s : BootStage.values()) {
            out[s.ordinal()] = (byte) slotOf(s).ordinal();
        }
        return out;
    }

    /** Reads {@link #encode()}'s bytes; anything unreadable means the factory default, all A. */
    public static BootSelection decode(byte[] bytes) {
        if (bytes.length != BootStage.values().length) {
            return allA();
        }
        Map<BootStage, Slot> m = new EnumMap<>(BootStage.class);
        for (BootStage s : BootStage.values()) {
            m.put(s, bytes[s.ordinal()] == 1 ? Slot.B : Slot.A);
        }
        return new BootSelection(m);
    }
}
