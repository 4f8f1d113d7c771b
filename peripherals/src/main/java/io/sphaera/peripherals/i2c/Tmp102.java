package io.sphaera.peripherals.i2c;

/**
 * A Texas Instruments TMP102 digital temperature sensor (datasheet SBOS397): a pointer register picks one of four
 * 16-bit registers, sent MSB first. Temperature (pointer 0, read-only) holds a 12-bit two's complement count of
 * 0.0625 degC in bits 15:4, or 13 bits in 15:3 with bit 0 set in extended mode (EM). Configuration (1) powers on as
 * 0x60A0: 12-bit resolution, 4 Hz, comparator mode, alert active low. T_LOW (2) and T_HIGH (3) power on as 75 and 80
 * degC. A write's first byte sets the pointer, the next two (if any) write that register; a read returns the
 * pointed register, repeating its two bytes. In shutdown mode (SD) the temperature register holds its last
 * conversion until a one-shot (OS) write converts once. Conversions happen at once. The host sets the temperature.
 * Used on the device's executor only.
 */
public final class Tmp102 implements I2cTarget {
    /** The address with ADD0 tied to ground. */
    public static final int DEFAULT_ADDRESS = 0x48;
    public static final int TEMPERATURE = 0;
    public static final int CONFIGURATION = 1;
    public static final int T_LOW = 2;
    public static final int T_HIGH = 3;
    public static final int POWER_ON_CONFIGURATION = 0x60A0;
    /** The degrees one count stands for. */
    public static final double RESOLUTION = 0.0625;

    private static final int CONFIG_SHUTDOWN = 1 << 8;
    private static final int CONFIG_THERMOSTAT_INTERRUPT = 1 << 9;
    private static final int CONFIG_POLARITY = 1 << 10;
    private static final int CONFIG_ONE_SHOT = 1 << 15;
    private static final int CONFIG_ALERT = 1 << 5;
    private static final int CONFIG_EXTENDED = 1 << 4;
    private static final int CONFIG_READ_ONLY = 0x6000 | CONFIG_ALERT; // resolution bits and AL
    private static final double LOWEST = -55;
    private static final double HIGHEST = 150;

    private final int address;
    private double ambientCelsius;
    private int pointer;
    private int configuration = POWER_ON_CONFIGURATION;
    private int lowLimit = 75 * 256;
    private int highLimit = 80 * 256;
    private int convertedCount;
    private boolean alertActive;

    public Tmp102(int address, double celsius) {
        if (address < 0x48 || address > 0x4B) {
            throw new IllegalArgumentException("a TMP102 answers 0x48-0x4B, not 0x%02x".formatted(address));
        }
        this.address = address;
        setTemperature(celsius);
    }

    @Override
    public int address() {
        return address;
    }

    /** The host sets the temperature around the sensor; out-of-range values are clamped to -55..150 degC. */
    public void setTemperature(double celsius) {
        if (Double.isNaN(celsius)) {
            throw new IllegalArgumentException("temperature is not a number");
        }
        ambientCelsius = Math.max(LOWEST, Math.min(HIGHEST, celsius));
        if ((configuration & CONFIG_SHUTDOWN) == 0) {
            convert();
        }
    }

    /** The temperature around the sensor. */
    public double temperature() {
        return ambientCelsius;
    }

    /** The temperature register's value now. */
    public int temperatureRegister() {
        if ((configuration & CONFIG_EXTENDED) != 0) {
            return ((convertedCount & 0x1FFF) << 3) | 1;
        }
        // 12-bit mode cannot show 128 degC or more: the count saturates
        return (Math.min(convertedCount, 0x7FF) & 0xFFF) << 4;
    }

    @Override
    public void write(byte[] data) {
        if (data.length == 0) {
            return;
        }
        pointer = data[0] & 3;
        if (data.length >= 3) {
            writeRegister(((data[1] & 0xFF) << 8) | (data[2] & 0xFF));
        }
    }

    @Override
    public byte[] read(int count) {
        int value = register(pointer);
        byte[] bytes = new byte[count];
        for (int i = 0; i < count; i++) {
            bytes[i] = (byte) (i % 2 == 0 ? value >> 8 : value);
        }
        return bytes;
    }

    private int register(int which) {
        return switch (which) {
            case TEMPERATURE -> temperatureRegister();
            case CONFIGURATION -> configuration & ~CONFIG_ALERT
                    | (alertActive == ((configuration & CONFIG_POLARITY) != 0) ? CONFIG_ALERT : 0);
            case T_LOW -> lowLimit;
            default -> highLimit;
        };
    }

    private void writeRegister(int value) {
        switch (pointer) {
            case TEMPERATURE -> { } // read-only
            case CONFIGURATION -> {
                configuration = (configuration & CONFIG_READ_ONLY) | (value & ~CONFIG_READ_ONLY & ~CONFIG_ONE_SHOT);
                if ((configuration & CONFIG_SHUTDOWN) == 0 || (value & CONFIG_ONE_SHOT) != 0) {
                    convert();
                }
            }
            case T_LOW -> lowLimit = value;
            default -> highLimit = value;
        }
    }

    private void convert() {
        convertedCount = (int) Math.round(ambientCelsius / RESOLUTION);
        double high = limitCelsius(highLimit);
        double low = limitCelsius(lowLimit);
        if ((configuration & CONFIG_THERMOSTAT_INTERRUPT) == 0) {
            // comparator mode: active from T_HIGH until the temperature falls below T_LOW
            if (ambientCelsius >= high) {
                alertActive = true;
            } else if (ambientCelsius < low) {
                alertActive = false;
            }
        } else {
            alertActive = ambientCelsius >= high || ambientCelsius < low;
        }
    }

    private double limitCelsius(int register) {
        boolean extended = (configuration & CONFIG_EXTENDED) != 0;
        int count = extended ? ((short) register) >> 3 : ((short) register) >> 4;
        return count * RESOLUTION;
    }
}
