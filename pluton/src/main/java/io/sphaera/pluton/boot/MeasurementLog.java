package io.sphaera.pluton.boot;

import io.sphaera.firmware.signing.Sha256;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * Measured boot: registers that start at zero on every boot and can only be extended (M = SHA-256(M || digest)),
 * and the event log that says what went into each, so a verifier can replay the log and compare.
 */
public final class MeasurementLog {
    private final byte[][] registers = new byte[BootStage.REGISTERS][32];
    private final List<MeasurementEvent> events = new ArrayList<>();

    public void extend(MeasurementEvent event) {
        MessageDigest sha256 = Sha256.newDigest();
        sha256.update(registers[event.register()]);
        sha256.update(event.digest());
        registers[event.register()] = sha256.digest();
        events.add(event);
    }

    public List<byte[]> registers() {
        List<byte[]> copy = new ArrayList<>();
        for (byte[] r : registers) {
            copy.add(r.clone());
        }
        return copy;
    }

    public List<MeasurementEvent> events() {
        return List.copyOf(events);
    }

    /** SHA-256 over the events in order, each encoded field by field. */
    public byte[] eventLogDigest() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            for (MeasurementEvent e : events) {
                out.writeByte(e.register());
                out.writeUTF(e.stage());
                out.writeShort(e.kindCode());
                out.writeLong(e.componentId().getMostSignificantBits());
                out.writeLong(e.componentId().getLeastSignificantBits());
                out.writeLong(e.imageId().getMostSignificantBits());
                out.writeLong(e.imageId().getLeastSignificantBits());
                out.writeUTF(e.version());
                out.writeLong(e.securityVersion());
                out.write(e.digest());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Sha256.of(bytes.toByteArray());
    }
}
