package io.sphaera.emulator.os;

import io.sphaera.firmware.manifest.Capabilities;
import io.sphaera.firmware.manifest.PeripheralKind;
import io.sphaera.peripherals.firewall.HardwareFirewall;
import io.sphaera.peripherals.firewall.PeripheralInUseException;
import io.sphaera.peripherals.mt3620.Core;
import io.sphaera.peripherals.mt3620.PeripheralBlock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The peripherals an app's manifest claims, as the firewall sees them: the blocks that hold its GPIOs, and the ISUs,
 * PWM and ADC controllers its Uart, I2cMaster, SpiMaster, Pwm and Adc lists name, which the runtime assigns to the
 * app's core at boot. A block another core holds refuses the app. (One ISU in two roles never gets here: the manifest
 * parser refuses it.)
 *
 * @param controllers per kind other than GPIO, the blocks granted by their manifest names ("ISU2", "PWM-CONTROLLER-0")
 */
record AppPeripherals(Set<Integer> gpios, Set<PeripheralBlock> blocks, Map<PeripheralKind, Set<String>> controllers) {
    /** The kinds whose manifest values are whole blocks; I2S is not modelled for apps yet. */
    private static final List<PeripheralKind> CONTROLLER_KINDS = List.of(PeripheralKind.UART, PeripheralKind.I2C_MASTER,
            PeripheralKind.SPI_MASTER, PeripheralKind.PWM, PeripheralKind.ADC);

    AppPeripherals {
        gpios = Set.copyOf(gpios);
        blocks = Set.copyOf(blocks);
        controllers = Map.copyOf(controllers);
    }

    static AppPeripherals of(Capabilities capabilities) {
        Set<Integer> gpios = new TreeSet<>();
        Set<PeripheralBlock> blocks = new LinkedHashSet<>();
        for (String g : capabilities.granted(PeripheralKind.GPIO)) {
            int gpio = Integer.parseInt(g); // the manifest parser resolved and checked it
            gpios.add(gpio);
            PeripheralBlock.ofGpio(gpio).ifPresent(blocks::add);
        }
        Map<PeripheralKind, Set<String>> controllers = new EnumMap<>(PeripheralKind.class);
        for (PeripheralKind kind : CONTROLLER_KINDS) {
            Set<String> names = new TreeSet<>();
            for (String name : capabilities.granted(kind)) {
                names.add(name);
                PeripheralBlock.named(name).ifPresent(blocks::add);
            }
            controllers.put(kind, names);
        }
        return new AppPeripherals(gpios, blocks, controllers);
    }

    /** The block names the manifest grants for {@code kind} ("ISU0"), empty for none. */
    Set<String> granted(PeripheralKind kind) {
        return controllers.getOrDefault(kind, Set.of());
    }

    /**
     * Gives the app's blocks to its core; none of them if one is held by another ("peripheral already in use"). Under
     * a locked configuration the app starts only if its core holds them all already (a restart): any change waits
     * for a reboot.
     */
    void assignTo(Core core, HardwareFirewall firewall) throws AppLoadException {
        List<PeripheralBlock> missing = new ArrayList<>();
        for (PeripheralBlock b : blocks) {
            var owner = firewall.owner(b);
            if (owner.isPresent() && owner.get() != core) {
                throw new AppLoadException("peripheral already in use: " + b.blockName() + " belongs to " + owner.get());
            }
            if (owner.isEmpty()) {
                missing.add(b);
            }
        }
        if (!missing.isEmpty() && firewall.isLocked()) {
            throw new AppLoadException("the peripheral configuration is locked: " + missing.get(0).blockName()
                    + " can be given to " + core + " only after a reboot");
        }
        try {
            missing.forEach(b -> firewall.assign(b, core));
        } catch (PeripheralInUseException e) {
            throw new AppLoadException("peripheral already in use: " + e.getMessage(), e);
        }
    }
}
