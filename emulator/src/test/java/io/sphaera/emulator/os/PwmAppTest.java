package io.sphaera.emulator.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sphaera.peripherals.mt3620.Core;
import io.sphaera.peripherals.mt3620.PeripheralBlock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A C app's PWM calls drive the controller's channels through the driver, within its manifest: LED 1 dims. */
class PwmAppTest {
    @Test
    void theLedsBrightnessFollowsTheDutyCycleAndEveryOtherCallFailsWithThePlatformsErrno() throws Exception {
        PeripheralApps rdb = new PeripheralApps("pwm");
        assertEquals(AppOutcome.exited(0), rdb.run());
        assertEquals(List.of(
                "open controller 2: 3",
                "open controller 2 again: EBUSY",
                "open controller 0: EACCES",
                "open controller 3: ENODEV",
                "red at a quarter: 0",
                "green at three quarters: 0",
                "blue on: 0",
                "blue off: 0",
                "channel 4: ENODEV",
                "duty longer than the period: EINVAL",
                "no period: EINVAL",
                "polarity 5: EINVAL",
                "no state: EINVAL",
                "fd 99: EBADF",
                "PWM on an ADC: EBADF"), rdb.log.lines());
        // The LEDs are lit while their pins are low, as the board sees them.
        assertEquals(0.25, rdb.board.led("LED1_RED").brightness(), 1e-9);
        assertEquals(0.75, rdb.board.led("LED1_GREEN").brightness(), 1e-9);
        assertEquals(0.0, rdb.board.led("LED1_BLUE").brightness(), 1e-9, "stopped: its pin is not driven");
        assertEquals(List.of("PWM_Open PWM-CONTROLLER-0 refused: not in the manifest's Pwm capability (EACCES)"),
                rdb.refusals);
    }

    @Test
    void aControllerAnotherCoreHoldsRefusesTheApp() throws Exception {
        PeripheralApps rdb = new PeripheralApps("pwm", false);
        rdb.chip.firewall().assign(PeripheralBlock.PWM_CONTROLLER_2, Core.IO0);
        AppLoadException e = org.junit.jupiter.api.Assertions.assertThrows(AppLoadException.class,
                () -> rdb.peripherals.assignTo(Core.A7, rdb.chip.firewall()));
        assertTrue(e.getMessage().startsWith("peripheral already in use: PWM-CONTROLLER-2"), e.getMessage());
        assertTrue(rdb.chip.firewall().owner(PeripheralBlock.ADC_CONTROLLER_0).isEmpty(), "nothing was assigned");
    }
}
