package io.sphaera.peripherals.pwm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sphaera.peripherals.Mt3620Peripherals;
import io.sphaera.peripherals.gpio.GpioBlock;
import io.sphaera.peripherals.mt3620.Core;
import io.sphaera.peripherals.mt3620.PeripheralBlock;
import org.junit.jupiter.api.Test;

class PwmControllerTest {
    private static final int PWM2 = 0x3803_1000;
    private static final int CHANNEL1 = PwmController.CHANNEL_BASE + PwmController.CHANNEL_STRIDE;

    private final Mt3620Peripherals chip = new Mt3620Peripherals();
    private final PwmController pwm = chip.pwmController(2);

    PwmControllerTest() {
        chip.firewall().assign(PeripheralBlock.PWM_CONTROLLER_2, Core.IO1);
    }

    private int read(int offset) {
        return chip.bus().read32(Core.IO1, PWM2 + offset);
    }

    private void write(int offset, int value) {
        chip.bus().write32(Core.IO1, PWM2 + offset, value);
    }

    @Test
    void registersResetToTheBspDefaults() {
        assertEquals(PwmController.GLOBAL_CONTROL_RESET, read(PwmController.GLOBAL_CONTROL));
        assertEquals(PwmController.CONTROL_RESET, read(CHANNEL1 + PwmController.CONTROL));
        assertFalse(pwm.output(1).running());
    }

    @Test
    void aKickLatchesOnAndOffTimesIntoTheOutput() {
        write(PwmController.GLOBAL_CONTROL, PwmController.CLOCK_XTAL << PwmController.CLOCK_SELECT_SHIFT);
        write(CHANNEL1 + PwmController.PARAM_S0, 750 << PwmController.PARAM_OFF_SHIFT | 250);
        int control = PwmController.CONTROL_POLARITY | PwmController.CONTROL_CLOCK_ENABLE;
        write(CHANNEL1 + PwmController.CONTROL, control);
        assertFalse(pwm.output(1).running(), "nothing runs before a kick");

        write(CHANNEL1 + PwmController.CONTROL, control | PwmController.CONTROL_KICK);
        assertEquals(control, read(CHANNEL1 + PwmController.CONTROL), "the kick bit reads 0");
        PwmOutput output = pwm.output(1);
        assertTrue(output.running());
        assertEquals(0.25, output.highFraction(), 1e-9);
        assertEquals(1000 * 1e9 / 26e6, output.periodNanos(), 1e-6);

        write(CHANNEL1 + PwmController.PARAM_S0, 0);
        assertEquals(0.25, pwm.output(1).highFraction(), 1e-9, "new times wait for the next kick");
    }

    @Test
    void clearPolarityInvertsAndGlobalKickLatchesEnabledChannels() {
        write(CHANNEL1 + PwmController.PARAM_S0, 3 << PwmController.PARAM_OFF_SHIFT | 1);
        write(CHANNEL1 + PwmController.CONTROL,
                PwmController.CONTROL_CLOCK_ENABLE | PwmController.CONTROL_GLOBAL_KICK_ENABLE);
        write(PwmController.GLOBAL_CONTROL, read(PwmController.GLOBAL_CONTROL) | PwmController.GLOBAL_KICK);
        assertEquals(0.75, pwm.output(1).highFraction(), 1e-9);
        assertEquals(0, read(PwmController.GLOBAL_CONTROL) & PwmController.GLOBAL_KICK);
    }

    @Test
    void thePwmSharesItsGroupsWindowWithTheGpioRegisters() {
        chip.bus().write32(Core.IO1, 0x3803_0000 + GpioBlock.OE_SET, 1);
        assertEquals(1, chip.bus().read32(Core.IO1, 0x3803_0000 + GpioBlock.OE));
        assertEquals(PwmController.GLOBAL_CONTROL_RESET, read(PwmController.GLOBAL_CONTROL));
    }
}
