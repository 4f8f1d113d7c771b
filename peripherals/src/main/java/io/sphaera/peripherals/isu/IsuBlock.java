package io.sphaera.peripherals.isu;

import io.sphaera.peripherals.bus.RegisterAccessRefused;
import io.sphaera.peripherals.bus.RegisterBlock;
import io.sphaera.peripherals.i2c.I2cMaster;
import io.sphaera.peripherals.spi.SpiMaster;
import io.sphaera.peripherals.uart.Uart;
import java.util.Objects;
import java.util.Optional;

/**
 * The register window of one ISU, laid out as MediaTek's OS-HAL addresses it: global control at +0x000 (the
 * "CG base": software reset bit 0, I2C clock bit 8, SPI clocks 0x1E00, UART clocks 0x6000) with the pad enable at
 * +0x0A0, the I2C master at +0x200, the SPI master at +0x300, the SPI slave at +0x400 (not modelled) and the UART
 * at +0x500.
 *
 * <p>The ISU serves one role at a time. The OS may {@linkplain #assignRole assign} it; otherwise the first write to
 * one function's registers assigns it. From then on any access to another function's registers is refused, which
 * the bus reports as a bus fault. A chip reset frees the role. The clock bits are held but gate nothing. Used on
 * the device's executor only, so it needs no locking.
 */
public final class IsuBlock implements RegisterBlock {
    public static final int GLOBAL_CONTROL = 0x000;
    public static final int PAD_ENABLE = 0x0A0;
    public static final int I2C_OFFSET = 0x200;
    public static final int SPI_MASTER_OFFSET = 0x300;
    public static final int SPI_SLAVE_OFFSET = 0x400;
    public static final int UART_OFFSET = 0x500;
    /** Each function's register range. */
    public static final int FUNCTION_SIZE = 0x100;

    public static final int CONTROL_SOFTWARE_RESET = 1;
    public static final int CONTROL_I2C_CLOCK = 1 << 8;
    public static final int CONTROL_SPI_CLOCKS = 0x1E00;
    public static final int CONTROL_UART_CLOCKS = 0x6000;

    private final int index;
    private final Uart uart = new Uart();
    private final I2cMaster i2c = new I2cMaster();
    private final SpiMaster spi = new SpiMaster();
    private int globalControl;
    private int padEnable;
    private IsuRole role;

    public IsuBlock(int index) {
        this.index = Objects.checkIndex(index, 5);
    }

    /** Which ISU this is, 0-4. */
    public int index() {
        return index;
    }

    public Uart uart() {
        return uart;
    }

    public I2cMaster i2cMaster() {
        return i2c;
    }

    public SpiMaster spiMaster() {
        return spi;
    }

    /** The role the ISU serves, if it has one yet. */
    public Optional<IsuRole> role() {
        return Optional.ofNullable(role);
    }

    /**
     * Puts the ISU in {@code requested}; asking again for the role it has changes nothing.
     *
     * @throws IsuRoleConflictException when it already serves another role
     */
    public void assignRole(IsuRole requested) {
        Objects.requireNonNull(requested, "requested");
        if (role != null && role != requested) {
            throw new IsuRoleConflictException(index, role, requested);
        }
        role = requested;
    }

    /** Frees the role (the OS does this when the app holding the ISU goes). */
    public void releaseRole() {
        role = null;
    }

    @Override
    public boolean hasRegister(int offset) {
        if (offset == GLOBAL_CONTROL || offset == PAD_ENABLE) {
            return true;
        }
        IsuRole function = functionAt(offset);
        if (function == null) {
            return false;
        }
        // another role's registers "exist" so that touching them faults instead of reading 0
        return (role != null && role != function) || registersOf(function).hasRegister(offset - startOf(function));
    }

    @Override
    public int read32(int offset) {
        if (offset == GLOBAL_CONTROL) {
            return globalControl;
        }
        if (offset == PAD_ENABLE) {
            return padEnable;
        }
        IsuRole function = functionAt(offset);
        refuseUnlessMine(function);
        return registersOf(function).read32(offset - startOf(function));
    }

    @Override
    public void write32(int offset, int value) {
        if (offset == GLOBAL_CONTROL) {
            globalControl = value;
            return;
        }
        if (offset == PAD_ENABLE) {
            padEnable = value;
            return;
        }
        IsuRole function = functionAt(offset);
        refuseUnlessMine(function);
        role = function; // the first write to a function claims the ISU for it
        registersOf(function).write32(offset - startOf(function), value);
    }

    /** A chip reset: every function's registers to reset values and the role freed. */
    @Override
    public void reset() {
        uart.reset();
        i2c.reset();
        spi.reset();
        globalControl = 0;
        padEnable = 0;
        role = null;
    }

    private void refuseUnlessMine(IsuRole function) {
        if (role != null && role != function) {
            throw new RegisterAccessRefused("ISU%d is in use as %s; its %s registers are refused"
                    .formatted(index, role, function));
        }
    }

    private static IsuRole functionAt(int offset) {
        return switch (offset / FUNCTION_SIZE) {
            case I2C_OFFSET / FUNCTION_SIZE -> IsuRole.I2C_MASTER;
            case SPI_MASTER_OFFSET / FUNCTION_SIZE -> IsuRole.SPI_MASTER;
            case UART_OFFSET / FUNCTION_SIZE -> IsuRole.UART;
            default -> null;
        };
    }

    private static int startOf(IsuRole function) {
        return switch (function) {
            case I2C_MASTER -> I2C_OFFSET;
            case SPI_MASTER -> SPI_MASTER_OFFSET;
            case UART -> UART_OFFSET;
        };
    }

    private RegisterBlock registersOf(IsuRole function) {
        return switch (function) {
            case I2C_MASTER -> i2c;
            case SPI_MASTER -> spi;
            case UART -> uart;
        };
    }
}
