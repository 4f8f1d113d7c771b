package io.sphaera.pluton.boot;

import io.sphaera.firmware.image.ImageKind;
import io.sphaera.pluton.fuse.AntiRollbackCounter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * The system stages of the boot chain, in order, each with the image kind and component it must be, the
 * anti-rollback counter it is held to and the measurement register it extends. The component IDs are fixed for the
 * life of the product line, as the platform's are; name-based so every workspace agrees on them.
 */
public enum BootStage {
    PLUTON_RUNTIME("Pluton runtime", ImageKind.PLUTON_RUNTIME, AntiRollbackCounter.PLUTON_RUNTIME, 0),
    SECURITY_MONITOR("Security monitor", ImageKind.SECURITY_MONITOR, AntiRollbackCounter.SECURITY_MONITOR, 0),
    OS("OS", ImageKind.NORMAL_WORLD_KERNEL, AntiRollbackCounter.OS, 1);

    /** Register 2 measures the high-level app, register 3 the real-time apps. */
    public static final int APPLICATION_REGISTER = 2;
    public static final int REAL_TIME_REGISTER = 3;
    public static final int REGISTERS = 4;

    private final String displayName;
    private final ImageKind kind;
    private final AntiRollbackCounter counter;
    private final int register;

    BootStage(String displayName, ImageKind kind, AntiRollbackCounter counter, int register) {
        this.displayName = displayName;
        this.kind = kind;
        this.counter = counter;
        this.register = register;
    }

    public String displayName() {
        return displayName;
    }

    public ImageKind kind() {
        return kind;
    }

    public AntiRollbackCounter counter() {
        return counter;
    }

    public int register() {
        return register;
    }

    public UUID componentId() {
        return UUID.nameUUIDFromBytes(("sphaera:system-component:" + name()).getBytes(StandardCharsets.UTF_8));
    }

    public static List<BootStage> chain() {
        return List.of(values());
    }
}
