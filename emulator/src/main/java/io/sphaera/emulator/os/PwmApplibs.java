package io.sphaera.emulator.os;

import io.sphaera.firmware.manifest.PeripheralKind;
import io.sphaera.peripherals.Mt3620Peripherals;
import io.sphaera.peripherals.bus.PeripheralBus;
import io.sphaera.peripherals.driver.DriverResult;
import io.sphaera.peripherals.driver.PwmDriver;
import io.sphaera.peripherals.mt3620.Core;
import io.sphaera.peripherals.pwm.PwmController;
import io.sphaera.peripherals.pwm.PwmPolarity;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * applibs/pwm.h for one high-level app: PWM_Open of a controller (0-2, MT3620_PWM_CONTROLLERn) its manifest's Pwm
 * list names, and PWM_Apply through the chip's PWM driver as the A7. Another controller is ENODEV, one outside the
 * manifest EACCES (noted), one the app has open EBUSY; PWM_Apply on a descriptor that is not an open controller is
 * EBADF, a channel other than 0-3 ENODEV, a state the hardware cannot do (no period, a duty longer than the period,
 * a period the PWM clocks cannot count, an unknown polarity) EINVAL, as pwm.h says.
 */
final class PwmApplibs {
    private record OpenPwm(int controller, PwmDriver driver) {
    }

    private PwmApplibs() {
    }

    /**
     * @param granted  the block names of the manifest's Pwm list ("PWM-CONTROLLER-2")
     * @param refusals the OS log
     */
    static AppApplibs group(Set<String> granted, PeripheralBus bus, Consumer<String> refusals) {
        PeripheralGrant grant = new PeripheralGrant(PeripheralKind.PWM.capability(), granted, refusals);
        return (descriptors, waits) -> List.of(
                PeripheralGrant.function("PWM_Open", 1, (instance, args) -> {
                    int controller = (int) args[0];
                    if (controller < 0 || controller >= Mt3620Peripherals.PWM_CONTROLLERS.size()) {
                        return -Errno.ENODEV.value();
                    }
                    var block = Mt3620Peripherals.PWM_CONTROLLERS.get(controller);
                    int allowed = grant.check("PWM_Open", block.blockName());
                    if (allowed < 0) {
                        return allowed;
                    }
                    if (descriptors.any(o -> o instanceof OpenPwm p && p.controller() == controller)) {
                        return -Errno.EBUSY.value();
                    }
                    // Reading the controller's global control asks the firewall whether the A7 holds the block.
                    int base = block.baseAddress().orElseThrow() + PwmController.WINDOW_OFFSET;
                    int reachable = grant.access(() -> {
                        bus.read32(Core.A7, base + PwmController.GLOBAL_CONTROL);
                        return 0;
                    });
                    return reachable < 0 ? reachable
                            : descriptors.add(new OpenPwm(controller, new PwmDriver(bus, Core.A7, controller)));
                }),
                // (fd, channel, period_nsec, dutyCycle_nsec, polarity, enabled): the header passes PwmState's fields.
                PeripheralGrant.onDescriptor("PWM_Apply", 6, descriptors, OpenPwm.class, (instance, args, pwm) -> {
                    long channel = args[1] & 0xFFFFFFFFL;
                    if (channel >= PwmController.CHANNELS) {
                        return -Errno.ENODEV.value();
                    }
                    long period = args[2] & 0xFFFFFFFFL;
                    long duty = args[3] & 0xFFFFFFFFL;
                    int polarity = (int) args[4];
                    if (polarity != 0 && polarity != 1) {
                        return -Errno.EINVAL.value();
                    }
                    PwmPolarity p = polarity == 0 ? PwmPolarity.NORMAL : PwmPolarity.INVERSED;
                    boolean enabled = args[5] != 0;
                    return grant.access(() -> {
                        DriverResult<Void> r = pwm.driver().apply((int) channel, period, duty, p, enabled);
                        return r instanceof DriverResult.Failure<Void> f ? PeripheralGrant.errno(f) : 0;
                    });
                }));
    }
}
