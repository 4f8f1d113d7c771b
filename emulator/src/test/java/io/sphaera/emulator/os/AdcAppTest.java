package io.sphaera.emulator.os;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A C app's ADC calls sample the board's voltages through the driver, within its manifest. */
class AdcAppTest {
    @Test
    void aVoltageOnTheBoardReadsAsItsTwelveBitSampleAndEveryOtherCallFailsWithThePlatformsErrno() throws Exception {
        PeripheralApps rdb = new PeripheralApps("adc");
        rdb.board.setAdcVolts(2, 1.0);
        assertEquals(AppOutcome.exited(0), rdb.run());
        assertEquals(List.of(
                "open controller 0: 3",
                "open controller 0 again: EBUSY",
                "open controller 1: ENODEV",
                "bits: 12",
                "bits of channel 8: ENODEV",
                "reference 2.5 V: 0",
                "reference 1.8 V: 0",
                "reference 3.3 V: EINVAL",
                "reference 0 V: EINVAL",
                "poll channel 0: 0",
                "channel 0: 2048", // the RDB's 1.25 V: half the 2.5 V reference
                "poll channel 2: 0",
                "channel 2: 1638", // 1.0 V / 2.5 V * 4096, rounded down
                "poll channel 9: ENODEV",
                "poll into NULL: EFAULT",
                "poll fd 99: EBADF",
                "poll a PWM: EBADF"), rdb.log.lines());
        assertEquals(List.of(), rdb.refusals);
    }

    @Test
    void withoutAdcInTheManifestTheControllerIsRefusedAndNoted() throws Exception {
        PeripheralApps rdb = new PeripheralApps("i2c"); // its manifest grants I2C and a UART, no ADC
        var adc = AdcApplibs.group(rdb.peripherals.granted(io.sphaera.firmware.manifest.PeripheralKind.ADC),
                rdb.chip.bus(), rdb.refusals::add);
        var open = adc.functions(new AppDescriptors(), null).get(0);
        assertEquals(-Errno.EACCES.value(), (int) open.handle().apply(null, new long[] {0})[0]);
        assertEquals(List.of("ADC_Open ADC-CONTROLLER-0 refused: not in the manifest's Adc capability (EACCES)"),
                rdb.refusals);
    }
}
