/** An ISU's SPI master at register level, the targets on its chip selects, and a 25-series SPI NOR flash. */
package io.sphaera.peripherals.spi;
