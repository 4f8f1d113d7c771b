package io.sphaera.peripherals.pwm;

import io.sphaera.peripherals.bus.RegisterBlock;
import java.util.Objects;

/**
 * One PWM controller: four channels, channel n on the n-th pin of its GPIO group, at the offsets of MediaTek's M4
 * driver ({@code hdl_pwm.h}), relative to the controller's base, which is its GPIO group's window + 0x1000:
 * GLO_CTRL +0x000 (bit 0 global kick, bits 2:1 tick clock 32.7 kHz / 2 MHz / 26 MHz), and per channel n at
 * +0x100 + 0x10n: CTRL (bit 0 kick, 1 replay, 2 polarity, 4 clock enable, 5 global-kick enable, 19:8 S0 stay
 * cycles, 31:20 S1 stay cycles), PARAM_S0 and PARAM_S1 (bits 15:0 on time, 31:16 off time, in ticks).
 *
 * <p>A kick (the channel's CTRL bit 0, or GLO_CTRL bit 0 for channels with global kick enabled) latches the
 * channel's parameters into its output; kick bits read back 0. A channel with its clock enabled and a latched
 * waveform drives its pin: high during the on time with the polarity bit set (the BSP's default), low with it clear.
 * In replay mode the output alternates S0 and S1 for their stay cycles; otherwise it repeats S0. Reset values are
 * the BSP's defaults (GLO_CTRL 0xE400, CTRL 0x04). Used on the device's executor only, so it needs no locking.
 */
public final class PwmController implements RegisterBlock {
    public static final int CHANNELS = 4;
    /** Where the controller's registers start in its GPIO group's window. */
    public static final int WINDOW_OFFSET = 0x1000;
    /** The span of the controller's registers. */
    public static final int SIZE = 0x200;
    public static final int GLOBAL_CONTROL = 0x000;
    public static final int CHANNEL_BASE = 0x100;
    public static final int CHANNEL_STRIDE = 0x10;
    public static final int CONTROL = 0x0;
    public static final int PARAM_S0 = 0x4;
    public static final int PARAM_S1 = 0x8;
    public static final int GLOBAL_CONTROL_RESET = 0xE400;
    public static final int CONTROL_RESET = 0x04;

    public static final int GLOBAL_KICK = 1;
    public static final int CLOCK_SELECT_SHIFT = 1;
    public static final int CLOCK_SELECT_MASK = 3 << CLOCK_SELECT_SHIFT;
    public static final int CLOCK_32K = 0;
    public static final int CLOCK_2M = 1;
    public static final int CLOCK_XTAL = 2;
    public static final int CONTROL_KICK = 1;
    public static final int CONTROL_REPLAY = 1 << 1;
    public static final int CONTROL_POLARITY = 1 << 2;
    public static final int CONTROL_IO = 1 << 3;
    public static final int CONTROL_CLOCK_ENABLE = 1 << 4;
    public static final int CONTROL_GLOBAL_KICK_ENABLE = 1 << 5;
    public static final int CONTROL_S0_STAY_SHIFT = 8;
    public static final int CONTROL_S1_STAY_SHIFT = 20;
    public static final int PARAM_OFF_SHIFT = 16;

    private static final int[] CLOCK_HZ = {32_700, 2_000_000, 26_000_000};

    /** One channel's registers, and the copy of them its last kick latched into the output. */
    private static final class Channel {
        int control = CONTROL_RESET;
        int paramS0;
        int paramS1;
        boolean latched;
        int latchedControl;
        int latchedS0;
        int latchedS1;
        int latchedClock;

        void kick(int clock) {
            latched = true;
            latchedControl = control;
            latchedS0 = paramS0;
            latchedS1 = paramS1;
            latchedClock = clock;
        }
    }

    private final int index;
    private final Channel[] channels = new Channel[CHANNELS];
    private int globalControl = GLOBAL_CONTROL_RESET;

    public PwmController(int index) {
        this.index = Objects.checkIndex(index, 3);
        for (int i = 0; i < CHANNELS; i++) {
            channels[i] = new Channel();
        }
    }

    /** Which controller this is, 0-2. */
    public int index() {
        return index;
    }

    /** The tick clock GLO_CTRL selects, in Hz, or 0 for the unused fourth setting. */
    public int clockHz() {
        int select = (globalControl & CLOCK_SELECT_MASK) >> CLOCK_SELECT_SHIFT;
        return select < CLOCK_HZ.length ? CLOCK_HZ[select] : 0;
    }

    /** What channel {@code channel} puts on its pin now. */
    public PwmOutput output(int channel) {
        Channel c = channels[Objects.checkIndex(channel, CHANNELS)];
        if (!c.latched || (c.control & CONTROL_CLOCK_ENABLE) == 0 || c.latchedClock == 0) {
            return PwmOutput.STOPPED;
        }
        int on0 = c.latchedS0 & 0xFFFF;
        int off0 = c.latchedS0 >>> PARAM_OFF_SHIFT;
        int on1 = c.latchedS1 & 0xFFFF;
        int off1 = c.latchedS1 >>> PARAM_OFF_SHIFT;
        double onTicks = on0;
        double allTicks = on0 + off0;
        if ((c.latchedControl & CONTROL_REPLAY) != 0) {
            int stay0 = Math.max(1, (c.latchedControl >>> CONTROL_S0_STAY_SHIFT) & 0xFFF);
            int stay1 = Math.max(1, (c.latchedControl >>> CONTROL_S1_STAY_SHIFT) & 0xFFF);
            onTicks = (double) on0 * stay0 + (double) on1 * stay1;
            allTicks = (double) (on0 + off0) * stay0 + (double) (on1 + off1) * stay1;
        }
        double onFraction = allTicks == 0 ? 0 : onTicks / allTicks;
        boolean onIsHigh = (c.latchedControl & CONTROL_POLARITY) != 0;
        double periodNanos = (on0 + off0) * 1e9 / c.latchedClock;
        return new PwmOutput(true, periodNanos, onIsHigh ? onFraction : 1 - onFraction);
    }

    @Override
    public boolean hasRegister(int offset) {
        if (offset == GLOBAL_CONTROL) {
            return true;
        }
        int relative = offset - CHANNEL_BASE;
        return relative >= 0 && relative < CHANNELS * CHANNEL_STRIDE && (relative % CHANNEL_STRIDE) <= PARAM_S1;
    }

    @Override
    public int read32(int offset) {
        if (offset == GLOBAL_CONTROL) {
            return globalControl;
        }
        Channel c = channelAt(offset);
        return switch ((offset - CHANNEL_BASE) % CHANNEL_STRIDE) {
            case CONTROL -> c.control;
            case PARAM_S0 -> c.paramS0;
            default -> c.paramS1;
        };
    }

    @Override
    public void write32(int offset, int value) {
        if (offset == GLOBAL_CONTROL) {
            globalControl = value & ~GLOBAL_KICK;
            if ((value & GLOBAL_KICK) != 0) {
                for (Channel c : channels) {
                    if ((c.control & CONTROL_GLOBAL_KICK_ENABLE) != 0) {
                        c.kick(clockHz());
                    }
                }
            }
            return;
        }
        Channel c = channelAt(offset);
        switch ((offset - CHANNEL_BASE) % CHANNEL_STRIDE) {
            case CONTROL -> {
                c.control = value & ~CONTROL_KICK;
                if ((value & CONTROL_KICK) != 0) {
                    c.kick(clockHz());
                }
            }
            case PARAM_S0 -> c.paramS0 = value;
            default -> c.paramS1 = value;
        }
    }

    @Override
    public void reset() {
        globalControl = GLOBAL_CONTROL_RESET;
        for (int i = 0; i < CHANNELS; i++) {
            channels[i] = new Channel();
        }
    }

    private Channel channelAt(int offset) {
        return channels[(offset - CHANNEL_BASE) / CHANNEL_STRIDE];
    }
}
