package io.sphaera.emulator.os;

import io.sphaera.firmware.manifest.Capabilities;
import io.sphaera.firmware.manifest.PeripheralKind;
import io.sphaera.peripherals.firewall.HardwareFirewall;
import io.sphaera.peripherals.firewall.PeripheralInUseException;
import io.sphaera.peripherals.mt3620.Core;
import io.sphaera.peripherals.mt3620.PeripheralBlock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The peripherals an app's manifest claims, as the firewall sees them: the blocks that hold its GPIOs (so far), which
 * the runtime assigns to the app's core at boot. A block another core holds refuses the app.
 */
record AppPeripherals(Set<Integer> gpios, Set<PeripheralBlock> blocks) {
    AppPeripherals {
        gpios = Set.copyOf(gpios);
        blocks = Set.copyOf(blocks);
    }

    static AppPeripherals of(Capabilities capabilities) {
        Set<Integer> gpios = new TreeSet<>();
        Set<PeripheralBlock> blocks = new LinkedHashSet<>();
        for (String g : capabilities.granted(PeripheralKind.GPIO)) {
            int gpio = Integer.parseInt(g); // the manifest parser resolved and checked it
            gpios.add(gpio);
            PeripheralBlock.ofGpio(gpio).ifPresent(blocks::add);
        }
        return new AppPeripherals(gpios, blocks);
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
