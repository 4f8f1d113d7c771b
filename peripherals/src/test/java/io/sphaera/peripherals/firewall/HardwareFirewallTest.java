package io.sphaera.peripherals.firewall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sphaera.peripherals.mt3620.Core;
import io.sphaera.peripherals.mt3620.PeripheralBlock;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HardwareFirewallTest {
    private final HardwareFirewall firewall = new HardwareFirewall();

    @Test
    void aBlockHeldByAnotherCoreIsRefusedNamingItsHolder() {
        firewall.assign(PeripheralBlock.PWM_CONTROLLER_2, Core.A7);

        PeripheralInUseException refused = assertThrows(PeripheralInUseException.class,
                () -> firewall.assign(PeripheralBlock.PWM_CONTROLLER_2, Core.IO0));

        assertEquals(Core.A7, refused.holder());
        assertEquals(Core.IO0, refused.requester());
        assertEquals(PeripheralBlock.PWM_CONTROLLER_2, refused.block());
        assertEquals("peripheral PWM-CONTROLLER-2 (GPIO 8-11) requested by IO0 is already in use by A7",
                refused.getMessage());
        assertEquals(Optional.of(Core.A7), firewall.owner(PeripheralBlock.PWM_CONTROLLER_2));
    }

    @Test
    void assigningABlockToItsOwnerAgainChangesNothing() {
        firewall.assign(PeripheralBlock.ISU1, Core.IO1);
        firewall.assign(PeripheralBlock.ISU1, Core.IO1);

        assertEquals(Optional.of(Core.IO1), firewall.owner(PeripheralBlock.ISU1));
        assertEquals(Set.of(PeripheralBlock.ISU1), firewall.blocksOf(Core.IO1));
    }

    @Test
    void onlyTheOwnerIsGrantedAccess() {
        firewall.assign(PeripheralBlock.GPIO_12_15, Core.IO0);

        assertEquals(AccessDecision.grant(), firewall.check(Core.IO0, PeripheralBlock.GPIO_12_15));
        AccessDecision other = firewall.check(Core.A7, PeripheralBlock.GPIO_12_15);
        assertFalse(other.granted());
        assertEquals("peripheral GPIO12-15 is in use by IO0", other.reason());
        AccessDecision free = firewall.check(Core.IO0, PeripheralBlock.GPIO_16_19);
        assertFalse(free.granted());
        assertEquals("peripheral GPIO16-19 is assigned to no core", free.reason());
    }

    @Test
    void aReleasedBlockMayGoToAnotherCore() {
        firewall.assign(PeripheralBlock.ADC_CONTROLLER_0, Core.IO0);
        firewall.release(PeripheralBlock.ADC_CONTROLLER_0);
        firewall.release(PeripheralBlock.ADC_CONTROLLER_0);

        assertFalse(firewall.check(Core.IO0, PeripheralBlock.ADC_CONTROLLER_0).granted());
        firewall.assign(PeripheralBlock.ADC_CONTROLLER_0, Core.IO1);
        assertTrue(firewall.check(Core.IO1, PeripheralBlock.ADC_CONTROLLER_0).granted());
    }

    @Test
    void afterTheLockTheAssignmentCannotChange() {
        firewall.assign(PeripheralBlock.ISU0, Core.A7);
        firewall.lock();
        firewall.lock();

        assertTrue(firewall.isLocked());
        FirewallLockedException assign = assertThrows(FirewallLockedException.class,
                () -> firewall.assign(PeripheralBlock.ISU2, Core.IO0));
        assertTrue(assign.getMessage().contains("changes only by a reset"), assign.getMessage());
        assertThrows(FirewallLockedException.class, () -> firewall.assign(PeripheralBlock.ISU0, Core.A7));
        assertThrows(FirewallLockedException.class, () -> firewall.release(PeripheralBlock.ISU0));

        assertEquals(Optional.of(Core.A7), firewall.owner(PeripheralBlock.ISU0));
        assertEquals(Optional.empty(), firewall.owner(PeripheralBlock.ISU2));
        assertTrue(firewall.check(Core.A7, PeripheralBlock.ISU0).granted());
    }

    @Test
    void resetFreesEveryBlockAndUnlocks() {
        firewall.assign(PeripheralBlock.ISU0, Core.A7);
        firewall.assign(PeripheralBlock.I2S0, Core.IO1);
        firewall.lock();

        firewall.reset();

        assertFalse(firewall.isLocked());
        assertEquals(Optional.empty(), firewall.owner(PeripheralBlock.ISU0));
        assertEquals(Set.of(), firewall.blocksOf(Core.IO1));
        assertFalse(firewall.check(Core.A7, PeripheralBlock.ISU0).granted());
        firewall.assign(PeripheralBlock.ISU0, Core.IO0);
        assertEquals(Optional.of(Core.IO0), firewall.owner(PeripheralBlock.ISU0));
    }
}
