package io.sphaera.peripherals.uart;

import io.sphaera.peripherals.bus.RegisterBlock;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;

/**
 * One ISU's UART (at ISU base + 0x500), at the offsets of MediaTek's M4 driver ({@code hdl_uart.h}): a 16550 with
 * MediaTek's high-speed baud registers. Bytes written to THR go out at once to the {@link SerialLine} (THR is always
 * empty); bytes from the line land in a 16-byte RX FIFO, taken from the line when a driver looks at RBR, LSR or IIR.
 * Used on the device's executor only, so it needs no locking.
 */
public final class Uart implements RegisterBlock {
    /** The UART's clock; every baud divisor counts cycles of it. */
    public static final int CLOCK_HZ = 26_000_000;
    /** RX FIFO depth: the 16550's, matching the trigger levels the BSP offers (1, 6, 12 bytes). */
    public static final int FIFO_DEPTH = 16;

    public static final int RBR = 0x00;
    public static final int THR = 0x00;
    /** Divisor latch low, in place of RBR/THR while LCR.DLAB is set. */
    public static final int DLL = 0x00;
    public static final int IER = 0x04;
    /** Divisor latch high, in place of IER while LCR.DLAB is set. */
    public static final int DLH = 0x04;
    public static final int IIR = 0x08;
    public static final int FCR = 0x08;
    /** Enhanced features, in place of IIR/FCR while LCR is 0xBF. */
    public static final int EFR = 0x08;
    public static final int LCR = 0x0C;
    public static final int MCR = 0x10;
    public static final int LSR = 0x14;
    public static final int MSR = 0x18;
    public static final int SCR = 0x1C;
    /** 0: clock/16, 1: clock/8, 2: clock/4, 3: clock/(SAMPLE_COUNT + 1 + fraction). MediaTek's RATE_STEP. */
    public static final int HIGHSPEED = 0x24;
    /** Clock cycles per bit, less one, in high-speed mode 3. MediaTek's STEP_COUNT. */
    public static final int SAMPLE_COUNT = 0x28;
    /** Where in the bit the line is sampled. MediaTek's SAMPLE_COUNT register. */
    public static final int SAMPLE_POINT = 0x2C;
    public static final int FRACDIV_L = 0x54;
    public static final int FRACDIV_M = 0x58;
    /** FCR read back (FCR itself reads as IIR). */
    public static final int FCR_RO = 0x5C;

    public static final int LCR_DLAB = 1 << 7;
    /** The LCR value that swaps EFR and the XON/XOFF registers in. */
    public static final int LCR_ENHANCED = 0xBF;
    public static final int LSR_DATA_READY = 1;
    public static final int LSR_OVERRUN = 1 << 1;
    public static final int LSR_THR_EMPTY = 1 << 5;
    public static final int LSR_TRANSMITTER_EMPTY = 1 << 6;
    public static final int IER_RX_DATA = 1;
    public static final int IER_THR_EMPTY = 1 << 1;
    public static final int IER_LINE_STATUS = 1 << 2;
    public static final int FCR_FIFO_ENABLE = 1;
    public static final int FCR_CLEAR_RX = 1 << 1;
    public static final int FCR_CLEAR_TX = 1 << 2;
    public static final int MCR_LOOP = 1 << 4;
    public static final int IIR_NONE = 0x01;
    public static final int IIR_LINE_STATUS = 0x06;
    public static final int IIR_RX_DATA = 0x04;
    public static final int IIR_THR_EMPTY = 0x02;

    /** Registers held and read back with no behaviour here: RX level, escape, RX timeout, VFIFO, trigger, extend. */
    private static final Set<Integer> HELD = Set.of(0x20, 0x40, 0x44, 0x48, 0x4C, 0x50, 0x64);
    private static final Set<Integer> REGISTERS = Set.of(RBR, IER, IIR, LCR, MCR, LSR, MSR, SCR, HIGHSPEED,
            SAMPLE_COUNT, SAMPLE_POINT, FRACDIV_L, FRACDIV_M, FCR_RO);

    private final ArrayDeque<Integer> rxFifo = new ArrayDeque<>();
    private final Map<Integer, Integer> held = new HashMap<>();
    private final int[] flowControl = new int[4]; // XON1, XON2, XOFF1, XOFF2
    private SerialLine line;
    private int divisorLow;
    private int divisorHigh;
    private int interruptEnable;
    private int fifoControl;
    private int enhancedFeatures;
    private int lineControl;
    private int modemControl;
    private int scratch;
    private int highSpeed;
    private int sampleCount;
    private int samplePoint;
    private int fractionLow;
    private int fractionHigh;
    private boolean overrun;
    private boolean thrEmptyInterrupt;

    /** Wires the UART's pins to {@code line}; null leaves them unconnected (sent bytes are lost). */
    public void connect(SerialLine line) {
        this.line = line;
    }

    /** What the pins are wired to, if anything. */
    public SerialLine line() {
        return line;
    }

    @Override
    public boolean hasRegister(int offset) {
        return REGISTERS.contains(offset) || HELD.contains(offset);
    }

    @Override
    public int read32(int offset) {
        boolean enhanced = lineControl == LCR_ENHANCED;
        boolean dlab = (lineControl & LCR_DLAB) != 0;
        return switch (offset) {
            case RBR -> dlab ? divisorLow : readRbr();
            case IER -> dlab ? divisorHigh : interruptEnable;
            case IIR -> enhanced ? enhancedFeatures : readIir();
            case LCR -> lineControl;
            case MCR -> enhanced ? flowControl[0] : modemControl;
            case LSR -> enhanced ? flowControl[1] : readLsr();
            case MSR -> enhanced ? flowControl[2] : 0;
            case SCR -> enhanced ? flowControl[3] : scratch;
            case HIGHSPEED -> highSpeed;
            case SAMPLE_COUNT -> sampleCount;
            case SAMPLE_POINT -> samplePoint;
            case FRACDIV_L -> fractionLow;
            case FRACDIV_M -> fractionHigh;
            case FCR_RO -> fifoControl;
            default -> held.getOrDefault(offset, 0);
        };
    }

    @Override
    public void write32(int offset, int value) {
        int v = value & 0xFF;
        boolean enhanced = lineControl == LCR_ENHANCED;
        boolean dlab = (lineControl & LCR_DLAB) != 0;
        switch (offset) {
            case THR -> {
                if (dlab) {
                    divisorLow = v;
                } else {
                    transmit(v);
                }
            }
            case IER -> {
                if (dlab) {
                    divisorHigh = v;
                } else {
                    // enabling the THR-empty interrupt with THR empty raises it, as on a 16550
                    if ((v & IER_THR_EMPTY) != 0 && (interruptEnable & IER_THR_EMPTY) == 0) {
                        thrEmptyInterrupt = true;
                    }
                    interruptEnable = v & 0x0F;
                }
            }
            case FCR -> {
                if (enhanced) {
                    enhancedFeatures = v;
                } else {
                    writeFcr(v);
                }
            }
            case LCR -> lineControl = v;
            case MCR -> {
                if (enhanced) {
                    flowControl[0] = v;
                } else {
                    modemControl = v;
                }
            }
            case LSR -> {
                if (enhanced) {
                    flowControl[1] = v;
                }
            }
            case MSR -> {
                if (enhanced) {
                    flowControl[2] = v;
                }
            }
            case SCR -> {
                if (enhanced) {
                    flowControl[3] = v;
                } else {
                    scratch = v;
                }
            }
            case HIGHSPEED -> highSpeed = v & 3;
            case SAMPLE_COUNT -> sampleCount = v;
            case SAMPLE_POINT -> samplePoint = v;
            case FRACDIV_L -> fractionLow = v;
            case FRACDIV_M -> fractionHigh = v & 3;
            case FCR_RO -> { } // read-only
            default -> held.put(offset, value);
        }
    }

    /** Registers to reset values and the RX FIFO emptied; the wiring to the line stays (it is on the board). */
    @Override
    public void reset() {
        rxFifo.clear();
        held.clear();
        Arrays.fill(flowControl, 0);
        divisorLow = 0;
        divisorHigh = 0;
        interruptEnable = 0;
        fifoControl = 0;
        enhancedFeatures = 0;
        lineControl = 0;
        modemControl = 0;
        scratch = 0;
        highSpeed = 0;
        sampleCount = 0;
        samplePoint = 0;
        fractionLow = 0;
        fractionHigh = 0;
        overrun = false;
        thrEmptyInterrupt = false;
    }

    /**
     * The board puts one byte on the RX pin now. With the FIFO full it is lost and LSR reports an overrun, as on a
     * real UART; a {@link SerialLine} that waits to be asked avoids that.
     */
    public void receive(int data) {
        if (rxFifo.size() >= FIFO_DEPTH) {
            overrun = true;
            return;
        }
        rxFifo.add(data & lineSettings().dataMask());
    }

    /** The line settings the registers give now. */
    public UartLineSettings lineSettings() {
        int dataBits = 5 + (lineControl & 3);
        int stopBits = (lineControl & (1 << 2)) != 0 ? 2 : 1;
        UartParity parity = switch ((lineControl >> 3) & 7) {
            case 1 -> UartParity.ODD;
            case 3 -> UartParity.EVEN;
            case 5 -> UartParity.MARK;
            case 7 -> UartParity.SPACE;
            default -> UartParity.NONE;
        };
        return new UartLineSettings(baudRate(), dataBits, parity, stopBits);
    }

    /** How many bytes wait in the RX FIFO. */
    public int rxLevel() {
        return rxFifo.size();
    }

    /** Whether an enabled interrupt is pending, without the side effects of reading IIR. */
    public boolean interruptPending() {
        return pendingInterrupt() != IIR_NONE;
    }

    private double baudRate() {
        int divisor = (divisorHigh << 8) | divisorLow;
        if (divisor == 0) {
            return 0;
        }
        double cyclesPerBit = switch (highSpeed) {
            case 0 -> 16;
            case 1 -> 8;
            case 2 -> 4;
            // the fraction registers mark which of a frame's ten bits take one cycle more
            default -> sampleCount + 1 + Integer.bitCount(fractionLow | (fractionHigh << 8)) / 10.0;
        };
        return CLOCK_HZ / (divisor * cyclesPerBit);
    }

    private void transmit(int data) {
        UartLineSettings settings = lineSettings();
        int word = data & settings.dataMask();
        thrEmptyInterrupt = true;
        if ((modemControl & MCR_LOOP) != 0) {
            receive(word);
        } else if (line != null) {
            line.transmitted(word, settings);
        }
    }

    private int readRbr() {
        refill();
        Integer data = rxFifo.poll();
        refill();
        return data == null ? 0 : data;
    }

    private int readLsr() {
        refill();
        int status = LSR_THR_EMPTY | LSR_TRANSMITTER_EMPTY;
        if (!rxFifo.isEmpty()) {
            status |= LSR_DATA_READY;
        }
        if (overrun) {
            status |= LSR_OVERRUN;
            overrun = false; // reading LSR clears the error bits
        }
        return status;
    }

    private int readIir() {
        refill();
        int id = pendingInterrupt();
        if (id == IIR_THR_EMPTY) {
            thrEmptyInterrupt = false; // reading IIR acknowledges a THR-empty interrupt
        }
        return id | ((fifoControl & FCR_FIFO_ENABLE) != 0 ? 0xC0 : 0);
    }

    private int pendingInterrupt() {
        if ((interruptEnable & IER_LINE_STATUS) != 0 && overrun) {
            return IIR_LINE_STATUS;
        }
        if ((interruptEnable & IER_RX_DATA) != 0 && !rxFifo.isEmpty()) {
            return IIR_RX_DATA;
        }
        if ((interruptEnable & IER_THR_EMPTY) != 0 && thrEmptyInterrupt) {
            return IIR_THR_EMPTY;
        }
        return IIR_NONE;
    }

    private void writeFcr(int value) {
        if ((value & FCR_CLEAR_RX) != 0) {
            rxFifo.clear();
        }
        // the clear bits act once and are not held
        fifoControl = value & ~(FCR_CLEAR_RX | FCR_CLEAR_TX);
    }

    private void refill() {
        // in loop mode the RX pin is cut off from the line
        if (line == null || (modemControl & MCR_LOOP) != 0) {
            return;
        }
        int mask = lineSettings().dataMask();
        while (rxFifo.size() < FIFO_DEPTH) {
            OptionalInt next = line.nextForChip();
            if (next.isEmpty()) {
                return;
            }
            rxFifo.add(next.getAsInt() & mask);
        }
    }

    @Override
    public String toString() {
        return "UART " + Objects.toString(lineSettings());
    }
}
