/** ADC controller 0 (eight 12-bit channels on GPIO41-48) at register level, with the board's channel voltages. */
package io.sphaera.peripherals.adc;
