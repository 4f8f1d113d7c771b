package io.sphaera.peripherals.adc;

import io.sphaera.peripherals.bus.RegisterBlock;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * ADC-CONTROLLER-0 at 0x38000000, at the offsets and bits of MediaTek's M4 driver ({@code hdl_adc.h}): software
 * reset (+0x000 bit 0), the state machine (+0x100: bit 0 FSM_EN, bit 8 periodic mode, bits 23:16 the channel map),
 * the period (+0x104) and a 32-word sample FIFO (+0x200 RBR, +0x214 LSR data ready, +0x2D4 read/write pointers).
 * Each sample word has the channel in bits 3:0 and the 12-bit reading in bits 15:4, against a 2.5 V reference.
 *
 * <p>Setting FSM_EN converts every channel in the map once, lowest first, into the FIFO. In periodic mode the
 * converter keeps going; with no clock here it converts a fresh round whenever the FIFO is empty and a driver looks
 * at it (as if the period had passed meanwhile), or when the device clock calls {@link #convertRound()}. Writing the
 * reset bit as 0 empties the FIFO and stops the state machine. The board sets each channel's voltage. Used on the
 * device's executor only, so it needs no locking.
 */
public final class AdcController implements RegisterBlock {
    public static final int CHANNELS = 8;
    public static final int BITS = 12;
    public static final double REFERENCE_VOLTS = 2.5;
    public static final int FIFO_DEPTH = 32;

    public static final int CONTROL = 0x000;
    public static final int FSM = 0x100;
    public static final int PERIOD = 0x104;
    public static final int FSM_OPTIONS = 0x108;
    public static final int ANALOG = 0x10C;
    public static final int RBR = 0x200;
    public static final int INTERRUPT_ENABLE = 0x204;
    public static final int LSR = 0x214;
    public static final int DMA_ENABLE = 0x24C;
    public static final int RX_TIMEOUT = 0x254;
    public static final int RX_TRIGGER_LEVEL = 0x260;
    public static final int RX_POINTERS = 0x2D4;

    public static final int CONTROL_SOFTWARE_RESET = 1;
    public static final int FSM_ENABLE = 1;
    public static final int FSM_PERIODIC = 1 << 8;
    public static final int FSM_CHANNEL_MAP_SHIFT = 16;
    public static final int LSR_DATA_READY = 1;
    public static final int POINTER_WRITE_SHIFT = 5;
    public static final int SAMPLE_CHANNEL_MASK = 0xF;
    public static final int SAMPLE_VALUE_SHIFT = 4;

    private static final Set<Integer> HELD = Set.of(PERIOD, FSM_OPTIONS, ANALOG, INTERRUPT_ENABLE, DMA_ENABLE,
            RX_TIMEOUT, RX_TRIGGER_LEVEL);

    private final double[] volts = new double[CHANNELS];
    private final ArrayDeque<Integer> fifo = new ArrayDeque<>();
    private final Map<Integer, Integer> held = new HashMap<>();
    private int control;
    private int fsm;
    private int reads;
    private int writes;

    /** The board puts {@code newVolts} on channel {@code channel}'s pin. */
    public void setVolts(int channel, double newVolts) {
        Objects.checkIndex(channel, CHANNELS);
        if (!Double.isFinite(newVolts)) {
            throw new IllegalArgumentException("voltage must be a finite number");
        }
        volts[channel] = newVolts;
    }

    public double volts(int channel) {
        return volts[Objects.checkIndex(channel, CHANNELS)];
    }

    /** The 12-bit reading {@code channel}'s voltage gives: volts / 2.5 * 4096, held within 0-4095. */
    public int reading(int channel) {
        double scaled = Math.floor(volts(channel) / REFERENCE_VOLTS * (1 << BITS));
        return (int) Math.max(0, Math.min((1 << BITS) - 1, scaled));
    }

    /** One conversion of every mapped channel into the FIFO, when the state machine is on. */
    public void convertRound() {
        if ((fsm & FSM_ENABLE) == 0) {
            return;
        }
        int map = (fsm >>> FSM_CHANNEL_MAP_SHIFT) & 0xFF;
        for (int channel = 0; channel < CHANNELS; channel++) {
            if ((map & (1 << channel)) != 0 && fifo.size() < FIFO_DEPTH) {
                fifo.add(reading(channel) << SAMPLE_VALUE_SHIFT | channel);
                writes++;
            }
        }
    }

    @Override
    public boolean hasRegister(int offset) {
        return offset == CONTROL || offset == FSM || offset == RBR || offset == LSR || offset == RX_POINTERS
                || HELD.contains(offset);
    }

    @Override
    public int read32(int offset) {
        return switch (offset) {
            case CONTROL -> control;
            case FSM -> fsm;
            case RBR -> {
                keepPeriodicFifoFed();
                Integer sample = fifo.poll();
                if (sample == null) {
                    yield 0;
                }
                reads++;
                yield sample;
            }
            case LSR -> {
                keepPeriodicFifoFed();
                yield fifo.isEmpty() ? 0 : LSR_DATA_READY;
            }
            case RX_POINTERS -> {
                keepPeriodicFifoFed();
                yield (reads % FIFO_DEPTH) | (writes % FIFO_DEPTH) << POINTER_WRITE_SHIFT;
            }
            default -> held.getOrDefault(offset, 0);
        };
    }

    @Override
    public void write32(int offset, int value) {
        switch (offset) {
            case CONTROL -> {
                control = value;
                if ((value & CONTROL_SOFTWARE_RESET) == 0) {
                    clearFifo();
                    fsm &= ~FSM_ENABLE;
                }
            }
            case FSM -> {
                boolean starting = (value & FSM_ENABLE) != 0 && (fsm & FSM_ENABLE) == 0;
                fsm = value;
                if (starting) {
                    convertRound();
                }
            }
            case RBR, LSR, RX_POINTERS -> { } // read-only
            default -> held.put(offset, value);
        }
    }

    /** Registers and FIFO to reset values; the voltages stay (they are on the board). */
    @Override
    public void reset() {
        clearFifo();
        held.clear();
        control = 0;
        fsm = 0;
    }

    private void keepPeriodicFifoFed() {
        if (fifo.isEmpty() && (fsm & FSM_PERIODIC) != 0) {
            convertRound();
        }
    }

    private void clearFifo() {
        fifo.clear();
        reads = 0;
        writes = 0;
    }
}
