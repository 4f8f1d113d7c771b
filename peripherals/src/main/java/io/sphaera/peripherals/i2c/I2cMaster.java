package io.sphaera.peripherals.i2c;

import io.sphaera.peripherals.bus.RegisterBlock;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One ISU's I2C master (at ISU base + 0x200), at the offsets and bits of MediaTek's M4 driver ({@code hdl_i2c.h}).
 * A driver sets the target address (ID_CON0), the packets (PACK_CON0: count and read/write per packet) and their
 * byte counts, fills the 8-byte TX FIFO and sets START_EN; the transfer runs to the end at once: the INT_CTRL
 * status bit is set, ACK_VAL tells which packet's address or which byte went unacknowledged, and read bytes wait in
 * the RX FIFO. Only 7-bit addressing. Used on the device's executor only, so it needs no locking.
 */
public final class I2cMaster implements RegisterBlock {
    /** Depth of each FIFO: transfers longer than this take DMA in the BSP, which is not modelled. */
    public static final int FIFO_DEPTH = 8;
    /** The source clock the speed phases count (the BSP's I2C_SOURCE_CLK_40MHZ). */
    public static final int SOURCE_CLOCK_HZ = 40_000_000;
    /** The most packets one transfer has (PACK_CON0 bits 5:4 hold the count less one). */
    public static final int MAX_PACKETS = 3;

    public static final int INT_CTRL = 0x00;
    public static final int PAD_CON0 = 0x40;
    public static final int CNT_VAL_PHL = 0x44;
    public static final int CNT_VAL_PHH = 0x48;
    public static final int CNT_BYTE_VAL_PK0 = 0x54;
    public static final int CNT_BYTE_VAL_PK1 = 0x58;
    /** Not in the BSP (its header repeats PK1's offset for PK2); chosen as the next word. */
    public static final int CNT_BYTE_VAL_PK2 = 0x5C;
    public static final int ID_CON0 = 0x60;
    public static final int PACK_CON0 = 0x68;
    public static final int ACK_VAL = 0x6C;
    public static final int MM_CON0 = 0x70;
    public static final int MM_STATUS = 0x74;
    public static final int FIFO_CON0 = 0x78;
    public static final int FIFO_STATUS = 0x80;
    public static final int FIFO_PTR = 0x84;
    public static final int FIFO_DATA = 0x90;
    public static final int DMA_CON0 = 0xC0;
    public static final int S_CON0 = 0xC4;
    public static final int S_ID_CON0 = 0xC8;

    public static final int INT_MM_STATUS = 1;
    public static final int INT_MM_ENABLE = 1 << 1;
    public static final int INT_MM_MASK = 1 << 2;
    public static final int INT_S_STATUS = 1 << 4;
    public static final int PAD_CLK_SYNC = 1 << 7;
    public static final int PAD_DE_CNT_MASK = 0x1F;
    public static final int CON_START = 1;
    public static final int CON_GMODE = 1 << 14;
    public static final int CON_MASTER_ENABLE = 1 << 15;
    public static final int STATUS_BUS_BUSY = 1;
    public static final int STATUS_ARBITRATION_LOST = 1 << 1;
    public static final int STATUS_START_READY = 1 << 2;
    public static final int FIFO_CLEAR_RX = 1;
    public static final int FIFO_CLEAR_TX = 1 << 1;
    public static final int FIFO_RX_EMPTY = 1;
    public static final int FIFO_RX_FULL = 1 << 1;
    public static final int FIFO_RX_UNDERRUN = 1 << 2;
    public static final int FIFO_RX_OVERFLOW = 1 << 3;
    public static final int FIFO_TX_EMPTY = 1 << 4;
    public static final int FIFO_TX_FULL = 1 << 5;
    public static final int FIFO_TX_UNDERRUN = 1 << 6;
    public static final int FIFO_TX_OVERFLOW = 1 << 7;
    /** ACK_VAL bits 10:8: packet n's address went unacknowledged. */
    public static final int ACK_ID_ERROR_SHIFT = 8;

    private static final Set<Integer> REGISTERS = Set.of(INT_CTRL, PAD_CON0, CNT_VAL_PHL, CNT_VAL_PHH,
            CNT_BYTE_VAL_PK0, CNT_BYTE_VAL_PK1, CNT_BYTE_VAL_PK2, ID_CON0, PACK_CON0, ACK_VAL, MM_CON0, MM_STATUS,
            FIFO_CON0, FIFO_STATUS, FIFO_PTR, FIFO_DATA, DMA_CON0, S_CON0, S_ID_CON0);

    private final Map<Integer, I2cTarget> targets = new HashMap<>();
    private final ArrayDeque<Integer> txFifo = new ArrayDeque<>();
    private final ArrayDeque<Integer> rxFifo = new ArrayDeque<>();
    private final int[] packetBytes = new int[MAX_PACKETS];
    private int interruptControl;
    private int padControl;
    private int phasesLow;
    private int phasesHigh;
    private int targetAddress;
    private int packControl;
    private int ackErrors;
    private int masterControl;
    private int fifoFlags;
    // free-running pointers: FIFO_PTR shows them mod 16, and a FIFO clear zeroes them
    private int rxWrites;
    private int rxReads;
    private int txWrites;
    private int txReads;
    private int dmaControl;
    private int slaveControl;
    private int slaveAddress;
    private boolean clockHeldLow;

    /** Puts {@code target} on this bus. */
    public void attach(I2cTarget target) {
        Objects.requireNonNull(target, "target");
        int address = target.address();
        if (address < 0 || address > 0x7F) {
            throw new IllegalArgumentException("I2C address 0x%x is not a 7-bit address".formatted(address));
        }
        if (targets.putIfAbsent(address, target) != null) {
            throw new IllegalArgumentException("I2C address 0x%02x already has a target".formatted(address));
        }
    }

    /** The target at {@code address}, or null. */
    public I2cTarget target(int address) {
        return targets.get(address);
    }

    /**
     * Has a device on the board hold SCL low (a stuck bus) or let go: while held, MM_STATUS shows the bus busy and
     * not ready, and a started transfer loses arbitration.
     */
    public void holdClockLow(boolean held) {
        clockHeldLow = held;
    }

    /**
     * The SCL frequency the phase registers give: one SCL period is the four phases plus one cycle each, plus the
     * cycles the BSP takes off phase 1 for clock sync (2) and the de-glitch count (DE_CNT + 4), at 40 MHz.
     */
    public int busSpeedHz() {
        int cycles = (phasesLow & 0xFF) + ((phasesLow >> 8) & 0xFF) + (phasesHigh & 0xFF)
                + ((phasesHigh >> 8) & 0xFF) + 4;
        if ((padControl & PAD_CLK_SYNC) != 0) {
            cycles += 2;
        }
        if ((padControl & PAD_DE_CNT_MASK) != 0) {
            cycles += (padControl & PAD_DE_CNT_MASK) + 4;
        }
        return Math.round((float) SOURCE_CLOCK_HZ / cycles);
    }

    /** Whether the master's interrupt is enabled and its status bit set. */
    public boolean interruptPending() {
        return (interruptControl & INT_MM_ENABLE) != 0 && (interruptControl & INT_MM_STATUS) != 0;
    }

    @Override
    public boolean hasRegister(int offset) {
        return REGISTERS.contains(offset);
    }

    @Override
    public int read32(int offset) {
        return switch (offset) {
            case INT_CTRL -> interruptControl;
            case PAD_CON0 -> padControl;
            case CNT_VAL_PHL -> phasesLow;
            case CNT_VAL_PHH -> phasesHigh;
            case CNT_BYTE_VAL_PK0 -> packetBytes[0];
            case CNT_BYTE_VAL_PK1 -> packetBytes[1];
            case CNT_BYTE_VAL_PK2 -> packetBytes[2];
            case ID_CON0 -> targetAddress;
            case PACK_CON0 -> packControl;
            case ACK_VAL -> ackErrors;
            case MM_CON0 -> masterControl;
            case MM_STATUS -> clockHeldLow ? STATUS_BUS_BUSY : STATUS_START_READY;
            case FIFO_CON0 -> 0;
            case FIFO_STATUS -> fifoStatus();
            case FIFO_PTR -> (rxReads & 0xF) | (rxWrites & 0xF) << 4 | (txReads & 0xF) << 8 | (txWrites & 0xF) << 12;
            case FIFO_DATA -> popRx();
            case DMA_CON0 -> dmaControl;
            case S_CON0 -> slaveControl;
            case S_ID_CON0 -> slaveAddress;
            default -> throw new IllegalArgumentException("no I2C register at 0x" + Integer.toHexString(offset));
        };
    }

    @Override
    public void write32(int offset, int value) {
        switch (offset) {
            case INT_CTRL -> {
                // status bits clear when written as 1; enable and mask bits take the value written
                int status = INT_MM_STATUS | INT_S_STATUS;
                interruptControl = (interruptControl & status & ~value) | (value & ~status & 0x77);
            }
            case PAD_CON0 -> padControl = value & 0xFF;
            case CNT_VAL_PHL -> phasesLow = value & 0xFFFF;
            case CNT_VAL_PHH -> phasesHigh = value & 0xFFFF;
            case CNT_BYTE_VAL_PK0 -> packetBytes[0] = value & 0xFFFF;
            case CNT_BYTE_VAL_PK1 -> packetBytes[1] = value & 0xFFFF;
            case CNT_BYTE_VAL_PK2 -> packetBytes[2] = value & 0xFFFF;
            case ID_CON0 -> targetAddress = value & 0x7F;
            case PACK_CON0 -> packControl = value & 0x37;
            case ACK_VAL, MM_STATUS, FIFO_STATUS, FIFO_PTR -> { } // read-only
            case MM_CON0 -> {
                masterControl = value & (CON_START | CON_GMODE | CON_MASTER_ENABLE);
                if ((masterControl & CON_START) != 0) {
                    runTransfer();
                }
            }
            case FIFO_CON0 -> clearFifos(value);
            case FIFO_DATA -> pushTx(value & 0xFF);
            case DMA_CON0 -> dmaControl = value & 0x3F;
            case S_CON0 -> slaveControl = value & 0xFFFF;
            case S_ID_CON0 -> slaveAddress = value & 0x7F;
            default -> throw new IllegalArgumentException("no I2C register at 0x" + Integer.toHexString(offset));
        }
    }

    /** Registers and FIFOs to reset values; the targets stay on the bus (they are on the board). */
    @Override
    public void reset() {
        txFifo.clear();
        rxFifo.clear();
        Arrays.fill(packetBytes, 0);
        interruptControl = 0;
        padControl = 0;
        phasesLow = 0;
        phasesHigh = 0;
        targetAddress = 0;
        packControl = 0;
        ackErrors = 0;
        masterControl = 0;
        fifoFlags = 0;
        rxWrites = 0;
        rxReads = 0;
        txWrites = 0;
        txReads = 0;
        dmaControl = 0;
        slaveControl = 0;
        slaveAddress = 0;
    }

    private void runTransfer() {
        masterControl &= ~CON_START; // START_EN reads 0 once the transfer is done, which is at once here
        if ((masterControl & CON_MASTER_ENABLE) == 0) {
            return;
        }
        ackErrors = 0;
        if (clockHeldLow) {
            interruptControl |= INT_MM_STATUS;
            return; // MM_STATUS shows the lost arbitration through BUS_BUSY without START_READY
        }
        int packets = Math.min(((packControl >> 4) & 3) + 1, MAX_PACKETS);
        I2cTarget target = targets.get(targetAddress);
        for (int packet = 0; packet < packets; packet++) {
            if (target == null) {
                // nobody acknowledges the address: the master stops at this packet
                ackErrors |= 1 << (ACK_ID_ERROR_SHIFT + packet);
                break;
            }
            int count = packetBytes[packet];
            if ((packControl & (1 << packet)) != 0) {
                byte[] data = target.read(count);
                for (int i = 0; i < count; i++) {
                    pushRx(i < data.length ? data[i] & 0xFF : 0xFF);
                }
            } else {
                byte[] data = new byte[count];
                for (int i = 0; i < count; i++) {
                    data[i] = (byte) popTx();
                }
                target.write(data);
            }
        }
        interruptControl |= INT_MM_STATUS;
    }

    private int fifoStatus() {
        int status = fifoFlags;
        status |= rxFifo.isEmpty() ? FIFO_RX_EMPTY : 0;
        status |= rxFifo.size() >= FIFO_DEPTH ? FIFO_RX_FULL : 0;
        status |= txFifo.isEmpty() ? FIFO_TX_EMPTY : 0;
        status |= txFifo.size() >= FIFO_DEPTH ? FIFO_TX_FULL : 0;
        return status;
    }

    private void clearFifos(int value) {
        if ((value & FIFO_CLEAR_RX) != 0) {
            rxFifo.clear();
            rxReads = 0;
            rxWrites = 0;
            fifoFlags &= ~(FIFO_RX_OVERFLOW | FIFO_RX_UNDERRUN);
        }
        if ((value & FIFO_CLEAR_TX) != 0) {
            txFifo.clear();
            txReads = 0;
            txWrites = 0;
            fifoFlags &= ~(FIFO_TX_OVERFLOW | FIFO_TX_UNDERRUN);
        }
    }

    private void pushTx(int data) {
        if (txFifo.size() >= FIFO_DEPTH) {
            fifoFlags |= FIFO_TX_OVERFLOW;
            return;
        }
        txFifo.add(data);
        txWrites++;
    }

    private int popTx() {
        Integer data = txFifo.poll();
        if (data == null) {
            fifoFlags |= FIFO_TX_UNDERRUN;
            return 0xFF; // an empty FIFO sends a released (high) SDA
        }
        txReads++;
        return data;
    }

    private void pushRx(int data) {
        if (rxFifo.size() >= FIFO_DEPTH) {
            fifoFlags |= FIFO_RX_OVERFLOW;
            return;
        }
        rxFifo.add(data);
        rxWrites++;
    }

    private int popRx() {
        Integer data = rxFifo.poll();
        if (data == null) {
            fifoFlags |= FIFO_RX_UNDERRUN;
            return 0;
        }
        rxReads++;
        return data;
    }
}
