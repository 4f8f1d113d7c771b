package io.sphaera.peripherals.bus;

/**
 * Thrown by a register model that refuses an access it can see but will not serve (an ISU's UART registers while
 * the ISU is an I2C master). The bus turns it into a {@link BusFault} for the core that made the access, so the
 * model need not know who is asking.
 */
public final class RegisterAccessRefused extends RuntimeException {
    public RegisterAccessRefused(String reason) {
        super(reason);
    }
}
