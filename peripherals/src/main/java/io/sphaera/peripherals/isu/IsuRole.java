package io.sphaera.peripherals.isu;

/** What an ISU's pins serve: exactly one of these at a time. */
public enum IsuRole {
    UART("UART"),
    I2C_MASTER("I2C master"),
    SPI_MASTER("SPI master");

    private final String label;

    IsuRole(String label) {
        this.label = label;
    }

    @Override
    public String toString() {
        return label;
    }
}
