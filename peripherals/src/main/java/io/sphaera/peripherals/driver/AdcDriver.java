package io.sphaera.peripherals.driver;

import io.sphaera.peripherals.adc.AdcController;
import io.sphaera.peripherals.bus.PeripheralBus;
import io.sphaera.peripherals.mt3620.Core;
import io.sphaera.peripherals.mt3620.PeripheralBlock;
import java.util.Objects;

/**
 * Drives ADC controller 0 as MediaTek's {@code mhal_adc.c} does for a one-shot read in direct FIFO mode: reset,
 * analog defaults (2.5 V reference), one-time mode with one sample per channel and the one channel mapped, the
 * RX-full interrupt and trigger level, FSM on; then it polls the FIFO pointers, reads the sample word, checks its
 * channel number and turns the FSM off. Used on the device's executor only.
 */
public final class AdcDriver {
    // the BSP's analog defaults: 6 ns comparator delay, 80 uA preamp on, 8-step dithering on, 2.5 V reference
    private static final int ANALOG_DEFAULTS = 1 | 1 << 2 | 1 << 4 | 1 << 6 | 2 << 8 | 1 << 31;
    private static final int INIT_TIME = 20;
    private static final int CHANNEL_STABLE_TIME = 8;

    private final PeripheralBus bus;
    private final Core core;
    private final int base;

    public AdcDriver(PeripheralBus bus, Core core) {
        this.bus = Objects.requireNonNull(bus, "bus");
        this.core = Objects.requireNonNull(core, "core");
        this.base = PeripheralBlock.ADC_CONTROLLER_0.baseAddress().orElseThrow();
    }

    /** The voltage a 12-bit sample stands for. */
    public static double volts(int sample) {
        return sample * AdcController.REFERENCE_VOLTS / (1 << AdcController.BITS);
    }

    /** One 12-bit sample of channel {@code channel} (0-7). */
    public DriverResult<Integer> poll(int channel) {
        if (channel < 0 || channel >= AdcController.CHANNELS) {
            return DriverResult.failure(DriverFailure.BAD_ARGUMENT, "ADC channel must be 0-7, not " + channel);
        }
        writeRegister(AdcController.CONTROL, readRegister(AdcController.CONTROL) & ~AdcController.CONTROL_SOFTWARE_RESET);
        writeRegister(AdcController.CONTROL, readRegister(AdcController.CONTROL) | AdcController.CONTROL_SOFTWARE_RESET);
        writeRegister(AdcController.ANALOG, ANALOG_DEFAULTS);
        writeRegister(AdcController.FSM, (1 << channel) << AdcController.FSM_CHANNEL_MAP_SHIFT
                | INIT_TIME << 9 | CHANNEL_STABLE_TIME << 4);
        writeRegister(AdcController.PERIOD, 0);
        writeRegister(AdcController.INTERRUPT_ENABLE, 1); // RX full
        writeRegister(AdcController.RX_TRIGGER_LEVEL, 1 << 2);
        writeRegister(AdcController.FSM, readRegister(AdcController.FSM) | AdcController.FSM_ENABLE);
        try {
            for (int i = 0; i < UartDriver.POLL_LIMIT; i++) {
                int pointers = readRegister(AdcController.RX_POINTERS);
                int readPointer = pointers & 0x1F;
                int writePointer = (pointers >> AdcController.POINTER_WRITE_SHIFT) & 0x1F;
                if (readPointer != writePointer) {
                    int sample = readRegister(AdcController.RBR);
                    int sampled = sample & AdcController.SAMPLE_CHANNEL_MASK;
                    if (sampled != channel) {
                        return DriverResult.failure(DriverFailure.FIFO_ERROR,
                                "asked for channel %d, the FIFO gave channel %d".formatted(channel, sampled));
                    }
                    return DriverResult.success((sample >>> AdcController.SAMPLE_VALUE_SHIFT) & 0xFFF);
                }
            }
            return DriverResult.failure(DriverFailure.TIMEOUT, "no sample arrived");
        } finally {
            writeRegister(AdcController.FSM, readRegister(AdcController.FSM) & ~AdcController.FSM_ENABLE);
        }
    }

    private int readRegister(int offset) {
        return bus.read32(core, base + offset);
    }

    private void writeRegister(int offset, int value) {
        bus.write32(core, base + offset, value);
    }
}
