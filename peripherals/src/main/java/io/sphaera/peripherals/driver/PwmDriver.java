package io.sphaera.peripherals.driver;

import io.sphaera.peripherals.Mt3620Peripherals;
import io.sphaera.peripherals.bus.PeripheralBus;
import io.sphaera.peripherals.mt3620.Core;
import io.sphaera.peripherals.pwm.PwmController;
import io.sphaera.peripherals.pwm.PwmPolarity;
import java.util.Objects;

/**
 * Drives one PWM controller as MediaTek's {@code mhal_pwm.c} does: on and off times in ticks of the group's clock
 * into PARAM_S0 and S1, stay cycles 1 and replay mode, the polarity and clock enable bits, then a kick; to stop,
 * an on time of 0 is kicked in and the clock turned off. The tick clock is per controller: the driver picks the
 * fastest (26 MHz, 2 MHz, 32.7 kHz) whose 16-bit counters hold the period, and refuses a period that needs another
 * clock while a sibling channel runs. Used on the device's executor only.
 */
public final class PwmDriver {
    private static final int[] CLOCK_HZ = {26_000_000, 2_000_000, 32_700};
    private static final int[] CLOCK_SELECT = {PwmController.CLOCK_XTAL, PwmController.CLOCK_2M,
            PwmController.CLOCK_32K};
    private static final int MAX_TICKS = 0xFFFF;

    private final PeripheralBus bus;
    private final Core core;
    private final int base;

    public PwmDriver(PeripheralBus bus, Core core, int controller) {
        this.bus = Objects.requireNonNull(bus, "bus");
        this.core = Objects.requireNonNull(core, "core");
        this.base = Mt3620Peripherals.PWM_CONTROLLERS.get(Objects.checkIndex(controller, 3)).baseAddress()
                .orElseThrow() + PwmController.WINDOW_OFFSET;
    }

    /** Sets channel {@code channel} (0-3) to a period and duty time in nanoseconds, or stops it. */
    public DriverResult<Void> apply(int channel, long periodNanos, long dutyNanos, PwmPolarity polarity,
            boolean enabled) {
        Objects.requireNonNull(polarity, "polarity");
        if (channel < 0 || channel >= PwmController.CHANNELS) {
            return DriverResult.failure(DriverFailure.BAD_ARGUMENT, "PWM channel must be 0-3, not " + channel);
        }
        if (periodNanos <= 0 || dutyNanos < 0 || dutyNanos > periodNanos) {
            return DriverResult.failure(DriverFailure.BAD_ARGUMENT,
                    "need 0 <= duty <= period and period > 0, not duty %d ns, period %d ns"
                            .formatted(dutyNanos, periodNanos));
        }
        int choice = -1;
        for (int i = 0; i < CLOCK_HZ.length && choice < 0; i++) {
            if (ticks(periodNanos, CLOCK_HZ[i]) <= MAX_TICKS) {
                choice = i;
            }
        }
        if (choice < 0 || ticks(periodNanos, CLOCK_HZ[choice]) < 2) {
            return DriverResult.failure(DriverFailure.BAD_ARGUMENT,
                    "period %d ns is outside what the PWM clocks can count".formatted(periodNanos));
        }
        int global = readRegister(PwmController.GLOBAL_CONTROL);
        int currentSelect = (global & PwmController.CLOCK_SELECT_MASK) >> PwmController.CLOCK_SELECT_SHIFT;
        if (currentSelect != CLOCK_SELECT[choice]) {
            for (int other = 0; other < PwmController.CHANNELS; other++) {
                if (other != channel && (readRegister(control(other)) & PwmController.CONTROL_CLOCK_ENABLE) != 0) {
                    return DriverResult.failure(DriverFailure.BAD_ARGUMENT,
                            "period %d ns needs a %d Hz tick, but channel %d runs on the current one"
                                    .formatted(periodNanos, CLOCK_HZ[choice], other));
                }
            }
            writeRegister(PwmController.GLOBAL_CONTROL, global & ~PwmController.CLOCK_SELECT_MASK
                    | CLOCK_SELECT[choice] << PwmController.CLOCK_SELECT_SHIFT);
        }
        int total = (int) ticks(periodNanos, CLOCK_HZ[choice]);
        int on = enabled ? (int) Math.min(total, Math.round((double) dutyNanos * CLOCK_HZ[choice] / 1e9)) : 0;
        int off = total - on;
        if (off == 1) { // as the BSP does: an off time of one tick is folded into the on time
            off = 0;
            on += 1;
        }
        int param = off << PwmController.PARAM_OFF_SHIFT | on;
        writeRegister(param(channel, PwmController.PARAM_S0), param);
        writeRegister(param(channel, PwmController.PARAM_S1), param);
        int ctrl = readRegister(control(channel));
        ctrl &= ~(0xFFF << PwmController.CONTROL_S0_STAY_SHIFT | 0xFFF << PwmController.CONTROL_S1_STAY_SHIFT
                | PwmController.CONTROL_POLARITY | PwmController.CONTROL_GLOBAL_KICK_ENABLE);
        ctrl |= 1 << PwmController.CONTROL_S0_STAY_SHIFT | 1 << PwmController.CONTROL_S1_STAY_SHIFT
                | PwmController.CONTROL_REPLAY;
        ctrl |= polarity == PwmPolarity.NORMAL ? PwmController.CONTROL_POLARITY : 0;
        if (enabled) {
            writeRegister(control(channel), ctrl | PwmController.CONTROL_CLOCK_ENABLE | PwmController.CONTROL_KICK);
        } else {
            writeRegister(control(channel), ctrl | PwmController.CONTROL_KICK);
            writeRegister(control(channel), ctrl & ~PwmController.CONTROL_CLOCK_ENABLE);
        }
        return DriverResult.success(null);
    }

    private static long ticks(long nanos, int clockHz) {
        return Math.round(nanos * (double) clockHz / 1e9);
    }

    private static int control(int channel) {
        return PwmController.CHANNEL_BASE + channel * PwmController.CHANNEL_STRIDE + PwmController.CONTROL;
    }

    private static int param(int channel, int which) {
        return PwmController.CHANNEL_BASE + channel * PwmController.CHANNEL_STRIDE + which;
    }

    private int readRegister(int offset) {
        return bus.read32(core, base + offset);
    }

    private void writeRegister(int offset, int value) {
        bus.write32(core, base + offset, value);
    }
}
