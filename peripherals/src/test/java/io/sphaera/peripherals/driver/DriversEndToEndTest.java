package io.sphaera.peripherals.driver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sphaera.peripherals.Mt3620Peripherals;
import io.sphaera.peripherals.board.Board;
import io.sphaera.peripherals.board.BoardDescription;
import io.sphaera.peripherals.bus.BusFault;
import io.sphaera.peripherals.i2c.Tmp102;
import io.sphaera.peripherals.isu.IsuRole;
import io.sphaera.peripherals.mt3620.Core;
import io.sphaera.peripherals.mt3620.PeripheralBlock;
import io.sphaera.peripherals.pwm.PwmPolarity;
import io.sphaera.peripherals.spi.SpiBitOrder;
import io.sphaera.peripherals.spi.SpiChipSelect;
import io.sphaera.peripherals.spi.SpiNorFlash;
import io.sphaera.peripherals.uart.UartLineSettings;
import io.sphaera.peripherals.uart.UartParity;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Each driver against the reference board's devices, through the bus as a real-time core. */
class DriversEndToEndTest {
    private final Mt3620Peripherals chip = new Mt3620Peripherals();
    private final Board board = Board.attach(BoardDescription.mt3620Rdb(), chip);

    @Test
    void i2cWritesTheTmp102PointerThenReadsTheTemperature() {
        chip.firewall().assign(PeripheralBlock.ISU2, Core.IO0);
        I2cMasterDriver i2c = new I2cMasterDriver(chip.bus(), Core.IO0, 2);
        board.setTemperature("TEMPERATURE_SENSOR", 26.5);

        assertEquals(1, i2c.write(Tmp102.DEFAULT_ADDRESS, new byte[] {Tmp102.TEMPERATURE}).orElseThrow());
        byte[] raw = i2c.read(Tmp102.DEFAULT_ADDRESS, 2).orElseThrow();
        assertEquals(26.5, (((raw[0] << 8) | (raw[1] & 0xFF)) >> 4) * Tmp102.RESOLUTION);

        board.setTemperature("TEMPERATURE_SENSOR", -10.25);
        raw = i2c.writeThenRead(Tmp102.DEFAULT_ADDRESS, new byte[] {Tmp102.TEMPERATURE}, 2).orElseThrow();
        assertEquals(-10.25, (((raw[0] << 8) | (raw[1] & 0xFF)) >> 4) * Tmp102.RESOLUTION);
        assertEquals(100_000, chip.isu(2).i2cMaster().busSpeedHz());
        assertEquals(IsuRole.I2C_MASTER, chip.isu(2).role().orElseThrow());
    }

    @Test
    void i2cReportsNoAckBusyAndBadArguments() {
        chip.firewall().assign(PeripheralBlock.ISU2, Core.IO0);
        I2cMasterDriver i2c = new I2cMasterDriver(chip.bus(), Core.IO0, 2);
        assertEquals(DriverFailure.NO_ACK, i2c.read(0x50, 1).failureOrNull());
        assertEquals(DriverFailure.BAD_ARGUMENT, i2c.read(0x80, 1).failureOrNull());
        assertEquals(DriverFailure.BAD_ARGUMENT, i2c.write(0x48, new byte[9]).failureOrNull());
        assertEquals(DriverFailure.BAD_ARGUMENT, i2c.setBusSpeed(123).failureOrNull());
        chip.isu(2).i2cMaster().holdClockLow(true);
        assertEquals(DriverFailure.BUS_BUSY, i2c.read(0x48, 2).failureOrNull());
    }

    @Test
    void i2cSetsTheBusSpeedItIsGiven() {
        chip.firewall().assign(PeripheralBlock.ISU2, Core.IO0);
        I2cMasterDriver i2c = new I2cMasterDriver(chip.bus(), Core.IO0, 2);
        for (int hz : new int[] {50_000, 200_000, 400_000, 1_000_000}) {
            i2c.setBusSpeed(hz).orElseThrow();
            i2c.read(0x48, 2).orElseThrow();
            assertEquals(hz, chip.isu(2).i2cMaster().busSpeedHz());
        }
    }

    @Test
    void spiReadsTheJedecIdAndProgramsAPage() {
        chip.firewall().assign(PeripheralBlock.ISU1, Core.IO1);
        SpiMasterDriver spi = new SpiMasterDriver(chip.bus(), Core.IO1, 1);
        spi.configure(SpiChipSelect.A, 0, SpiBitOrder.MSB_FIRST, 8_000_000).orElseThrow();
        assertArrayEquals(new byte[] {(byte) 0xEF, 0x40, 0x16},
                spi.writeThenRead(new byte[] {(byte) SpiNorFlash.READ_JEDEC_ID}, 3).orElseThrow());
        assertEquals(8_000_000, chip.isu(1).spiMaster().clockHz());

        spi.writeThenRead(new byte[] {SpiNorFlash.WRITE_ENABLE}, 0).orElseThrow();
        byte[] program = {SpiNorFlash.PAGE_PROGRAM, 0, 1, 0, 'h', 'i', '!'};
        spi.writeThenRead(program, 0).orElseThrow();
        assertArrayEquals("hi!".getBytes(StandardCharsets.US_ASCII),
                spi.writeThenRead(new byte[] {SpiNorFlash.READ, 0, 1, 0}, 3).orElseThrow());
        // full duplex: the status byte comes back while a dummy byte goes out
        assertArrayEquals(new byte[] {0}, spi.transfer(new byte[] {SpiNorFlash.READ_STATUS}, new byte[1])
                .orElseThrow());
    }

    @Test
    void spiRefusesWhatTheBspCannotDo() {
        chip.firewall().assign(PeripheralBlock.ISU1, Core.IO1);
        SpiMasterDriver spi = new SpiMasterDriver(chip.bus(), Core.IO1, 1);
        assertEquals(DriverFailure.BAD_ARGUMENT, spi.writeThenRead(new byte[1], 33).failureOrNull());
        assertEquals(DriverFailure.BAD_ARGUMENT, spi.transfer(new byte[1], new byte[17]).failureOrNull());
        assertEquals(DriverFailure.BAD_ARGUMENT,
                spi.configure(SpiChipSelect.B, 4, SpiBitOrder.MSB_FIRST, 1_000_000).failureOrNull());
        assertEquals(DriverFailure.BAD_ARGUMENT,
                spi.configure(SpiChipSelect.B, 0, SpiBitOrder.MSB_FIRST, 50_000_000).failureOrNull());
    }

    @Test
    void uartLoopbackBytesComeBackWithTheLineSettings() {
        chip.firewall().assign(PeripheralBlock.ISU0, Core.IO0);
        UartDriver uart = new UartDriver(chip.bus(), Core.IO0, 0);
        uart.configure(115_200, 8, UartParity.NONE, 1).orElseThrow();
        UartLineSettings settings = chip.isu(0).uart().lineSettings();
        assertTrue(settings.matchesBaud(115_200), settings.toString());
        assertEquals(115_248, settings.baudRate(), 1);

        byte[] message = "round trip".getBytes(StandardCharsets.US_ASCII);
        assertEquals(message.length, uart.write(message).orElseThrow());
        assertArrayEquals(message, uart.read(64).orElseThrow());
        assertEquals(0, uart.read(64).orElseThrow().length);
    }

    @Test
    void uartBaudRatesAcrossTheRangeMatch() {
        chip.firewall().assign(PeripheralBlock.ISU0, Core.IO0);
        UartDriver uart = new UartDriver(chip.bus(), Core.IO0, 0);
        for (int baud : new int[] {300, 9600, 57_600, 921_600, 3_000_000}) {
            uart.configure(baud, 7, UartParity.ODD, 2).orElseThrow();
            UartLineSettings settings = chip.isu(0).uart().lineSettings();
            assertTrue(settings.matchesBaud(baud), baud + " gave " + settings);
            assertEquals(UartParity.ODD, settings.parity());
            assertEquals(7, settings.dataBits());
        }
        assertEquals(DriverFailure.BAD_ARGUMENT, uart.configure(100, 8, UartParity.NONE, 1).failureOrNull());
    }

    @Test
    void pwmDutyShowsAsLedBrightness() {
        chip.firewall().assign(PeripheralBlock.PWM_CONTROLLER_2, Core.IO1);
        PwmDriver pwm = new PwmDriver(chip.bus(), Core.IO1, 2);
        // LED1 green is GPIO 9: controller 2, channel 1; active low, so 25% high is 75% lit
        pwm.apply(1, 1_000_000, 250_000, PwmPolarity.NORMAL, true).orElseThrow();
        assertEquals(0.75, board.led("LED1_GREEN").brightness(), 1e-3);
        pwm.apply(1, 1_000_000, 250_000, PwmPolarity.INVERSED, true).orElseThrow();
        assertEquals(0.25, board.led("LED1_GREEN").brightness(), 1e-3);
        pwm.apply(1, 1_000_000, 0, PwmPolarity.NORMAL, false).orElseThrow();
        assertEquals(0.0, board.led("LED1_GREEN").brightness(), "stopped, the floating GPIO leaves it dark");
        assertEquals(DriverFailure.BAD_ARGUMENT, pwm.apply(1, 100, 200, PwmPolarity.NORMAL, true).failureOrNull());
    }

    @Test
    void pwmRefusesAPeriodNeedingAnotherClockWhileASiblingRuns() {
        chip.firewall().assign(PeripheralBlock.PWM_CONTROLLER_2, Core.IO1);
        PwmDriver pwm = new PwmDriver(chip.bus(), Core.IO1, 2);
        pwm.apply(0, 1_000_000, 500_000, PwmPolarity.NORMAL, true).orElseThrow();
        assertEquals(DriverFailure.BAD_ARGUMENT,
                pwm.apply(2, 20_000_000, 1_500_000, PwmPolarity.NORMAL, true).failureOrNull());
        pwm.apply(0, 1_000_000, 0, PwmPolarity.NORMAL, false).orElseThrow();
        pwm.apply(2, 20_000_000, 1_500_000, PwmPolarity.NORMAL, true).orElseThrow();
        assertEquals(20_000_000, chip.pwmController(2).output(2).periodNanos(), 1_000);
    }

    @Test
    void adcReadsTheBoardsVoltageAsTwelveBits() {
        chip.firewall().assign(PeripheralBlock.ADC_CONTROLLER_0, Core.IO0);
        AdcDriver adc = new AdcDriver(chip.bus(), Core.IO0);
        assertEquals(2048, adc.poll(0).orElseThrow());
        board.setAdcVolts(5, 1.8);
        int sample = adc.poll(5).orElseThrow();
        assertEquals((int) (1.8 / 2.5 * 4096), sample);
        assertEquals(1.8, AdcDriver.volts(sample), 2.5 / 4096);
        assertEquals(DriverFailure.BAD_ARGUMENT, adc.poll(8).failureOrNull());
    }

    @Test
    void theFirewallKeepsAnotherCoresDriverOut() {
        chip.firewall().assign(PeripheralBlock.ISU2, Core.IO0);
        I2cMasterDriver intruder = new I2cMasterDriver(chip.bus(), Core.IO1, 2);
        assertThrows(BusFault.class, () -> intruder.read(0x48, 2));
        assertThrows(BusFault.class, () -> new AdcDriver(chip.bus(), Core.A7).poll(0));
    }

    @Test
    void aSecondRoleOnAnIsuFaults() {
        chip.firewall().assign(PeripheralBlock.ISU2, Core.IO0);
        new I2cMasterDriver(chip.bus(), Core.IO0, 2).read(0x48, 2).orElseThrow();
        UartDriver uart = new UartDriver(chip.bus(), Core.IO0, 2);
        BusFault fault = assertThrows(BusFault.class, () -> uart.configure(9600, 8, UartParity.NONE, 1));
        assertTrue(fault.reason().contains("in use as I2C master"), fault.reason());
    }
}
