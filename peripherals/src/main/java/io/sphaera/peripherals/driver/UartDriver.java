package io.sphaera.peripherals.driver;

import io.sphaera.peripherals.Mt3620Peripherals;
import io.sphaera.peripherals.bus.PeripheralBus;
import io.sphaera.peripherals.isu.IsuBlock;
import io.sphaera.peripherals.mt3620.Core;
import io.sphaera.peripherals.uart.Uart;
import io.sphaera.peripherals.uart.UartParity;
import java.io.ByteArrayOutputStream;
import java.util.Objects;

/**
 * Drives one ISU's UART as MediaTek's {@code hdl_uart.c} does: clocks on, FIFOs reset with a 12-byte RX trigger,
 * the high-speed baud divisors (mode 3, with the fractional bits), then the frame format; bytes go out when LSR
 * shows THR empty and come in while LSR shows data ready. Used on the device's executor only.
 */
public final class UartDriver {
    public static final int MIN_BAUD = 300;
    /** The BSP's MAX_UART_BAUD. */
    public static final int MAX_BAUD = 3 * 1024 * 1024;
    /** How many times a register is polled before the driver gives up. */
    static final int POLL_LIMIT = 1000;

    private static final int FCR_NORMAL = Uart.FCR_FIFO_ENABLE | Uart.FCR_CLEAR_RX | Uart.FCR_CLEAR_TX | (2 << 6);
    // FRACDIV bits for 0-10 tenths of a cycle, as the BSP spreads them over a frame's ten bits
    private static final int[] FRACTION_LOW = {0x00, 0x10, 0x44, 0x92, 0x59, 0xab, 0xb7, 0xdf, 0xff, 0xff, 0xff};
    private static final int[] FRACTION_HIGH = {0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x03};

    private final PeripheralBus bus;
    private final Core core;
    private final int isuBase;
    private final int base;

    public UartDriver(PeripheralBus bus, Core core, int isu) {
        this.bus = Objects.requireNonNull(bus, "bus");
        this.core = Objects.requireNonNull(core, "core");
        this.isuBase = Mt3620Peripherals.ISUS.get(Objects.checkIndex(isu, 5)).baseAddress().orElseThrow();
        this.base = isuBase + IsuBlock.UART_OFFSET;
    }

    /** Sets the line up: {@code dataBits} 5-8, {@code stopBits} 1 or 2. */
    public DriverResult<Void> configure(int baudRate, int dataBits, UartParity parity, int stopBits) {
        Objects.requireNonNull(parity, "parity");
        if (baudRate < MIN_BAUD || baudRate > MAX_BAUD) {
            return DriverResult.failure(DriverFailure.BAD_ARGUMENT,
                    "baud rate %d is outside %d-%d".formatted(baudRate, MIN_BAUD, MAX_BAUD));
        }
        if (dataBits < 5 || dataBits > 8) {
            return DriverResult.failure(DriverFailure.BAD_ARGUMENT, "data bits must be 5-8, not " + dataBits);
        }
        if (stopBits < 1 || stopBits > 2) {
            return DriverResult.failure(DriverFailure.BAD_ARGUMENT, "stop bits must be 1 or 2, not " + stopBits);
        }
        bus.write32(core, isuBase + IsuBlock.GLOBAL_CONTROL,
                bus.read32(core, isuBase + IsuBlock.GLOBAL_CONTROL) | IsuBlock.CONTROL_UART_CLOCKS);
        writeRegister(Uart.FCR, FCR_NORMAL);
        writeRegister(Uart.MCR, 0);
        writeRegister(Uart.IER, 0);
        setBaudRate(baudRate);
        int parityBits = switch (parity) {
            case NONE -> 0;
            case ODD -> 1;
            case EVEN -> 3;
            case MARK -> 5;
            case SPACE -> 7;
        };
        int lcr = readRegister(Uart.LCR) & ~0x3F;
        writeRegister(Uart.LCR, lcr | (dataBits - 5) | (stopBits == 2 ? 1 << 2 : 0) | parityBits << 3);
        return DriverResult.success(null);
    }

    /** Sends {@code data}, each byte once THR is empty; gives how many were sent. */
    public DriverResult<Integer> write(byte[] data) {
        for (int i = 0; i < data.length; i++) {
            if (!pollThrEmpty()) {
                return DriverResult.failure(DriverFailure.TIMEOUT, "THR stayed full after %d bytes".formatted(i));
            }
            writeRegister(Uart.THR, data[i] & 0xFF);
        }
        return DriverResult.success(data.length);
    }

    /** Takes up to {@code maxBytes} received bytes; none waiting gives an empty array. */
    public DriverResult<byte[]> read(int maxBytes) {
        if (maxBytes < 0) {
            return DriverResult.failure(DriverFailure.BAD_ARGUMENT, "cannot read a negative count");
        }
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        while (received.size() < maxBytes && (readRegister(Uart.LSR) & Uart.LSR_DATA_READY) != 0) {
            received.write(readRegister(Uart.RBR));
        }
        return DriverResult.success(received.toByteArray());
    }

    private void setBaudRate(int baudRate) {
        writeRegister(Uart.FRACDIV_L, 0);
        writeRegister(Uart.FRACDIV_M, 0);
        writeRegister(Uart.HIGHSPEED, 3);
        int lcr = readRegister(Uart.LCR);
        writeRegister(Uart.LCR, lcr | Uart.LCR_DLAB);
        int cycles = Uart.CLOCK_HZ / baudRate;
        int divisor = (cycles >> 8) + 1;
        int sampleCount = cycles / divisor - 1;
        int samplePoint = sampleCount == 3 ? 0 : (sampleCount + 1) / 2 - 2;
        // tenths of a cycle per bit left over, rounded as the BSP rounds them
        long hundredths = (long) Uart.CLOCK_HZ * 10 / baudRate * 10 / divisor - (sampleCount + 1) * 100L;
        int fraction = (int) Math.max(0, Math.min(10, (hundredths * 10 + 55) / 100));
        writeRegister(Uart.DLL, divisor & 0xFF);
        writeRegister(Uart.DLH, (divisor >> 8) & 0xFF);
        writeRegister(Uart.SAMPLE_COUNT, sampleCount);
        writeRegister(Uart.SAMPLE_POINT, samplePoint);
        writeRegister(Uart.FRACDIV_M, FRACTION_HIGH[fraction]);
        writeRegister(Uart.FRACDIV_L, FRACTION_LOW[fraction]);
        writeRegister(Uart.LCR, lcr);
    }

    private boolean pollThrEmpty() {
        for (int i = 0; i < POLL_LIMIT; i++) {
            if ((readRegister(Uart.LSR) & Uart.LSR_THR_EMPTY) != 0) {
                return true;
            }
        }
        return false;
    }

    private int readRegister(int offset) {
        return bus.read32(core, base + offset);
    }

    private void writeRegister(int offset, int value) {
        bus.write32(core, base + offset, value);
    }
}
