package io.sphaera.emulator.os;

import com.dylibso.chicory.wasm.types.ValType;
import io.sphaera.firmware.manifest.PeripheralKind;
import io.sphaera.peripherals.adc.AdcController;
import io.sphaera.peripherals.bus.PeripheralBus;
import io.sphaera.peripherals.driver.AdcDriver;
import io.sphaera.peripherals.driver.DriverResult;
import io.sphaera.peripherals.mt3620.Core;
import io.sphaera.peripherals.mt3620.PeripheralBlock;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * applibs/adc.h for one high-level app: ADC_Open of controller 0 (the MT3620's one) when its manifest's Adc list names
 * it, and one-shot samples through the chip's ADC driver as the A7. Another controller is ENODEV, one outside the
 * manifest EACCES (noted), one the app has open EBUSY; a descriptor that is not an open ADC is EBADF, a channel other
 * than 0-7 ENODEV (as pwm.h says for a channel), a reference voltage outside the MT3620's 1.8-2.5 V EINVAL. Samples
 * are 12 bits. The model's board feeds the reference 2.5 V whatever the app sets, so a sample is always volts / 2.5 V
 * * 4096; an app that sets 2.5 V (as the platform's sample does) reads what the board puts on the pin.
 */
final class AdcApplibs {
    static final float MIN_REFERENCE_VOLTS = 1.8f;
    static final float MAX_REFERENCE_VOLTS = 2.5f;

    private record OpenAdc(AdcDriver driver) {
    }

    private AdcApplibs() {
    }

    /**
     * @param granted  the block names of the manifest's Adc list ("ADC-CONTROLLER-0")
     * @param refusals the OS log
     */
    static AppApplibs group(Set<String> granted, PeripheralBus bus, Consumer<String> refusals) {
        PeripheralGrant grant = new PeripheralGrant(PeripheralKind.ADC.capability(), granted, refusals);
        return (descriptors, waits) -> List.of(
                PeripheralGrant.function("ADC_Open", 1, (instance, args) -> {
                    if (args[0] != 0) {
                        return -Errno.ENODEV.value();
                    }
                    PeripheralBlock block = PeripheralBlock.ADC_CONTROLLER_0;
                    int allowed = grant.check("ADC_Open", block.blockName());
                    if (allowed < 0) {
                        return allowed;
                    }
                    if (descriptors.any(o -> o instanceof OpenAdc)) {
                        return -Errno.EBUSY.value();
                    }
                    // Reading the controller's control register asks the firewall whether the A7 holds the block.
                    int reachable = grant.access(() -> {
                        bus.read32(Core.A7, block.baseAddress().orElseThrow() + AdcController.CONTROL);
                        return 0;
                    });
                    return reachable < 0 ? reachable : descriptors.add(new OpenAdc(new AdcDriver(bus, Core.A7)));
                }),
                PeripheralGrant.function("ADC_GetSampleBitCount", 2, (instance, args) -> {
                    int checked = check(descriptors, args);
                    return checked < 0 ? checked : AdcController.BITS;
                }),
                // (fd, channel, referenceVoltage as a float)
                PeripheralGrant.function("ADC_SetReferenceVoltage", List.of(ValType.I32, ValType.I32, ValType.F32),
                        (instance, args) -> {
                            int checked = check(descriptors, args);
                            if (checked < 0) {
                                return checked;
                            }
                            float volts = Float.intBitsToFloat((int) args[2]);
                            // NaN fails both comparisons, so it is refused too.
                            if (!(volts >= MIN_REFERENCE_VOLTS && volts <= MAX_REFERENCE_VOLTS)) {
                                return -Errno.EINVAL.value();
                            }
                            return 0;
                        }),
                PeripheralGrant.function("ADC_Poll", 2, (instance, args) -> {
                    int checked = check(descriptors, args);
                    if (checked < 0) {
                        return checked;
                    }
                    OpenAdc adc = descriptors.get((int) args[0], OpenAdc.class).orElseThrow();
                    return grant.access(() -> {
                        DriverResult<Integer> r = adc.driver().poll((int) args[1]);
                        return r instanceof DriverResult.Failure<Integer> f ? PeripheralGrant.errno(f) : r.orElseThrow();
                    });
                }));
    }

    /** 0 when args[0] is an open ADC and args[1] one of its channels; else EBADF or ENODEV negated. */
    private static int check(AppDescriptors descriptors, long[] args) {
        if (descriptors.get((int) args[0], OpenAdc.class).isEmpty()) {
            return -Errno.EBADF.value();
        }
        long channel = args[1] & 0xFFFFFFFFL;
        return channel < AdcController.CHANNELS ? 0 : -Errno.ENODEV.value();
    }
}
