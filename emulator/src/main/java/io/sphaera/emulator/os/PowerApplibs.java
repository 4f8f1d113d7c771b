package io.sphaera.emulator.os;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import io.sphaera.firmware.manifest.PowerControl;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * applibs/powermanagement.h for one app: PowerManagement_ForceSystemReboot and PowerManagement_ForceSystemPowerDown,
 * each granted by its value in the manifest's PowerControls (ForceReboot, ForcePowerDown); without it EACCES, noted in
 * the OS log. On success the call does not return: the app waits until the device, going down, stops it.
 */
final class PowerApplibs {
    private PowerApplibs() {
    }

    /**
     * @param granted  the manifest's PowerControls
     * @param power    the device's power, which the calls act through
     * @param refusals where calls outside the manifest are noted (the OS log)
     */
    static AppApplibs group(Set<PowerControl> granted, DevicePower power, Consumer<String> refusals) {
        Set<PowerControl> grant = Set.copyOf(granted);
        return (descriptors, waits) -> List.of(
                new HostFunction(Applibs.MODULE, "PowerManagement_ForceSystemReboot", FunctionType.of(List.of(), List.of(ValType.I32)),
                        (instance, args) -> {
                            if (!grant.contains(PowerControl.FORCE_REBOOT)) {
                                refusals.accept("PowerManagement_ForceSystemReboot refused: no ForceReboot in the manifest's PowerControls (EACCES)");
                                return Errno.EACCES.asResult();
                            }
                            power.reboot();
                            waits.untilStopped();
                            return new long[] {0};
                        }),
                new HostFunction(Applibs.MODULE, "PowerManagement_ForceSystemPowerDown",
                        FunctionType.of(List.of(ValType.I32), List.of(ValType.I32)),
                        (instance, args) -> {
                            if (!grant.contains(PowerControl.FORCE_POWER_DOWN)) {
                                refusals.accept("PowerManagement_ForceSystemPowerDown refused: no ForcePowerDown in the manifest's PowerControls (EACCES)");
                                return Errno.EACCES.asResult();
                            }
                            power.powerDown(Duration.ofSeconds(args[0] & 0xFFFFFFFFL)); // an unsigned int of seconds
                            waits.untilStopped();
                            return new long[] {0};
                        }));
    }
}
