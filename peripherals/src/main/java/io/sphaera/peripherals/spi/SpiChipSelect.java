package io.sphaera.peripherals.spi;

/** The two chip-select lines of an ISU's SPI master (SMMR rs_slave_sel 0 and 1; applibs' CS A and CS B). */
public enum SpiChipSelect {
    A,
    B
}
