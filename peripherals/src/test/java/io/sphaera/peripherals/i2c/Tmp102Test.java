package io.sphaera.peripherals.i2c;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class Tmp102Test {
    private final Tmp102 sensor = new Tmp102(Tmp102.DEFAULT_ADDRESS, 25.0);

    private int readRegister(int pointer) {
        sensor.write(new byte[] {(byte) pointer});
        byte[] bytes = sensor.read(2);
        return (bytes[0] & 0xFF) << 8 | (bytes[1] & 0xFF);
    }

    @Test
    void temperatureIsTwelveBitsLeftJustified() {
        assertEquals(0x1900, readRegister(Tmp102.TEMPERATURE)); // 25 degC = 400 counts
        sensor.setTemperature(-25);
        assertEquals(0xE700, readRegister(Tmp102.TEMPERATURE)); // the datasheet's -25 degC example
        sensor.setTemperature(0.0625);
        assertEquals(0x0010, readRegister(Tmp102.TEMPERATURE));
    }

    @Test
    void configurationPowersOnAsTheDatasheetSays() {
        assertEquals(Tmp102.POWER_ON_CONFIGURATION, readRegister(Tmp102.CONFIGURATION));
        assertEquals(0x4B00, readRegister(Tmp102.T_LOW));
        assertEquals(0x5000, readRegister(Tmp102.T_HIGH));
    }

    @Test
    void extendedModeShowsThirteenBitsAndSetsBitZero() {
        sensor.write(new byte[] {Tmp102.CONFIGURATION, 0x60, (byte) 0xB0});
        sensor.setTemperature(130);
        assertEquals((2080 << 3) | 1, readRegister(Tmp102.TEMPERATURE));
    }

    @Test
    void shutdownFreezesTheReadingUntilAOneShot() {
        sensor.write(new byte[] {Tmp102.CONFIGURATION, 0x61, (byte) 0xA0});
        sensor.setTemperature(30);
        assertEquals(0x1900, readRegister(Tmp102.TEMPERATURE));
        sensor.write(new byte[] {Tmp102.CONFIGURATION, (byte) 0xE1, (byte) 0xA0});
        assertEquals(0x1E00, readRegister(Tmp102.TEMPERATURE));
    }

    @Test
    void theAlertBitFollowsTheLimitsInComparatorMode() {
        int alert = 1 << 5;
        assertEquals(alert, readRegister(Tmp102.CONFIGURATION) & alert, "no alert reads 1 with POL = 0");
        sensor.setTemperature(81);
        assertEquals(0, readRegister(Tmp102.CONFIGURATION) & alert);
        sensor.setTemperature(76); // above T_LOW: still active
        assertEquals(0, readRegister(Tmp102.CONFIGURATION) & alert);
        sensor.setTemperature(70);
        assertEquals(alert, readRegister(Tmp102.CONFIGURATION) & alert);
    }

    @Test
    void aLongReadRepeatsTheRegister() {
        sensor.write(new byte[] {Tmp102.TEMPERATURE});
        assertArrayEquals(new byte[] {0x19, 0x00, 0x19}, sensor.read(3));
    }

    @Test
    void onlyTheFourAddressPinOptionsExist() {
        assertThrows(IllegalArgumentException.class, () -> new Tmp102(0x40, 20));
    }
}
