/** An ISU's I2C master at register level, the targets on its bus, and a TI TMP102 temperature sensor. */
package io.sphaera.peripherals.i2c;
