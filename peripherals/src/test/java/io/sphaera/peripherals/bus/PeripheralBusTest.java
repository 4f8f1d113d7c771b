package io.sphaera.peripherals.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.sphaera.peripherals.firewall.HardwareFirewall;
import io.sphaera.peripherals.mt3620.Core;
import io.sphaera.peripherals.mt3620.IoCoreBlock;
import io.sphaera.peripherals.mt3620.PeripheralBlock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class PeripheralBusTest {
    private static final int ISU0 = 0x3807_0000;
    private static final int GROUP2 = 0x3803_0000;

    private final HardwareFirewall firewall = new HardwareFirewall();
    private final PeripheralBus bus = new PeripheralBus(firewall);
    private final Logger busLog = (Logger) LoggerFactory.getLogger(PeripheralBus.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    /** Two registers, at +0x0 and +0x8, that remember what was written. */
    private static final class TwoRegisters implements RegisterBlock {
        final Map<Integer, Integer> values = new HashMap<>();
        int resets;

        @Override
        public int read32(int offset) {
            return values.getOrDefault(offset, 0);
        }

        @Override
        public void write32(int offset, int value) {
            values.put(offset, value);
        }

        @Override
        public void reset() {
            values.clear();
            resets++;
        }

        @Override
        public boolean hasRegister(int offset) {
            return offset == 0x0 || offset == 0x8;
        }
    }

    @BeforeEach
    void listen() {
        logged.start();
        busLog.addAppender(logged);
    }

    @AfterEach
    void stopListening() {
        busLog.detachAppender(logged);
    }

    @Test
    void theOwnerReachesTheRegistersOfItsBlock() {
        TwoRegisters registers = new TwoRegisters();
        bus.attach(PeripheralBlock.PWM_CONTROLLER_2, registers);
        firewall.assign(PeripheralBlock.PWM_CONTROLLER_2, Core.IO0);

        bus.write32(Core.IO0, GROUP2 + 8, 0xCAFE);

        assertEquals(0xCAFE, bus.read32(Core.IO0, GROUP2 + 8));
        assertEquals(Map.of(8, 0xCAFE), registers.values);
    }

    @Test
    void anAccessFromACoreThatDoesNotOwnTheBlockIsABusFaultNamingCoreAndAddress() {
        TwoRegisters registers = new TwoRegisters();
        bus.attach(PeripheralBlock.PWM_CONTROLLER_2, registers);
        firewall.assign(PeripheralBlock.PWM_CONTROLLER_2, Core.IO0);

        BusFault read = assertThrows(BusFault.class, () -> bus.read32(Core.IO1, GROUP2 + 8));
        BusFault write = assertThrows(BusFault.class, () -> bus.write32(Core.A7, GROUP2, 1));

        assertEquals(Core.IO1, read.core());
        assertEquals(GROUP2 + 8, read.address());
        assertEquals("peripheral PWM-CONTROLLER-2 is in use by IO0", read.reason());
        assertEquals("bus fault: IO1 at 0x38030008: peripheral PWM-CONTROLLER-2 is in use by IO0",
                read.getMessage());
        assertEquals(Core.A7, write.core());
        assertTrue(write.getMessage().contains("A7 at 0x38030000"), write.getMessage());
        assertEquals(Map.of(), registers.values);
    }

    @Test
    void aBlockNobodyHoldsIsABusFaultForEveryCore() {
        for (Core core : Core.values()) {
            BusFault fault = assertThrows(BusFault.class, () -> bus.read32(core, ISU0 + 0x500));
            assertEquals("peripheral ISU0 is assigned to no core", fault.reason());
        }
        assertEquals(List.of(), logged.list);
    }

    @Test
    void anUnmodelledRegisterInAKnownWindowReadsZeroIgnoresWritesAndIsLoggedOncePerAddress() {
        firewall.assign(PeripheralBlock.ISU0, Core.IO0);
        TwoRegisters registers = new TwoRegisters();
        bus.attach(PeripheralBlock.PWM_CONTROLLER_2, registers);
        firewall.assign(PeripheralBlock.PWM_CONTROLLER_2, Core.IO0);

        bus.write32(Core.IO0, ISU0 + 0x500, 0x41);
        assertEquals(0, bus.read32(Core.IO0, ISU0 + 0x500));
        assertEquals(0, bus.read32(Core.IO0, ISU0 + 0x500));
        assertEquals(0, bus.read32(Core.IO0, ISU0 + 0x514));
        assertEquals(0, bus.read32(Core.IO0, GROUP2 + 4));
        bus.write32(Core.IO0, GROUP2 + 4, 7);
        assertEquals(Map.of(), registers.values);

        List<String> messages = logged.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertEquals(3, messages.size(), messages.toString());
        assertEquals("IO0 write of 0x00000041 at 0x38070500 (ISU0 +0x500): register not modelled; "
                + "reads 0, writes are ignored", messages.get(0));
        assertTrue(messages.get(1).contains("read at 0x38070514 (ISU0 +0x514)"), messages.get(1));
        assertTrue(messages.get(2).contains("at 0x38030004 (PWM-CONTROLLER-2 +0x4)"), messages.get(2));
        assertTrue(logged.list.stream().allMatch(event -> event.getLevel() == Level.WARN));
    }

    @Test
    void anAddressInNoWindowIsABusFault() {
        for (int address : new int[] {0x380F_0000, 0x37FF_FFFC, 0x2107_0000, 0x0, 0xE000_ED08}) {
            BusFault fault = assertThrows(BusFault.class, () -> bus.read32(Core.IO0, address));
            assertEquals(address, fault.address());
            assertEquals("no peripheral answers at this address", fault.reason());
        }
        assertThrows(BusFault.class, () -> bus.write32(Core.A7, 0x6000_0000, 1));
        assertEquals(List.of(), logged.list);
    }

    @Test
    void aMisalignedAccessIsABusFault() {
        firewall.assign(PeripheralBlock.ISU0, Core.IO0);
        BusFault fault = assertThrows(BusFault.class, () -> bus.read32(Core.IO0, ISU0 + 2));
        assertEquals("a 32-bit access must be word-aligned", fault.reason());
    }

    @Test
    void eachIoCoreHasItsOwnPrivateBlocksAndTheA7HasNone() {
        TwoRegisters io0 = new TwoRegisters();
        TwoRegisters io1 = new TwoRegisters();
        bus.attach(Core.IO0, IoCoreBlock.GENERAL_PURPOSE_TIMER, io0);
        bus.attach(Core.IO1, IoCoreBlock.GENERAL_PURPOSE_TIMER, io1);
        int gpt = IoCoreBlock.GENERAL_PURPOSE_TIMER.baseAddress();

        bus.write32(Core.IO0, gpt, 10);
        bus.write32(Core.IO1, gpt, 20);

        assertEquals(10, bus.read32(Core.IO0, gpt));
        assertEquals(20, bus.read32(Core.IO1, gpt));
        BusFault a7 = assertThrows(BusFault.class, () -> bus.read32(Core.A7, gpt));
        assertEquals("no peripheral answers at this address", a7.reason());
        assertThrows(IllegalArgumentException.class,
                () -> bus.attach(Core.A7, IoCoreBlock.GENERAL_PURPOSE_TIMER, new TwoRegisters()));
    }

    @Test
    void aPrivateBlockWithNoModelReadsZeroWithoutAnyFirewallGrant() {
        int clockControl = IoCoreBlock.RESET_GENERATION_UNIT.baseAddress() + 0x0C;
        bus.write32(Core.IO1, clockControl, 0x200);
        assertEquals(0, bus.read32(Core.IO1, clockControl));
        assertEquals(1, logged.list.size());
    }

    @Test
    void gpio80sChosenWindowTakesAModel() {
        TwoRegisters registers = new TwoRegisters();
        bus.attach(PeripheralBlock.GPIO_80, registers);
        firewall.assign(PeripheralBlock.GPIO_80, Core.IO1);
        bus.write32(Core.IO1, 0x380C_0008, 5);
        assertEquals(5, registers.values.get(0x8));
    }

    @Test
    void resetResetsEveryAttachedBlockOnce() {
        TwoRegisters shared = new TwoRegisters();
        TwoRegisters timer = new TwoRegisters();
        bus.attach(PeripheralBlock.ISU1, shared);
        bus.attach(Core.IO0, IoCoreBlock.WATCHDOG, timer);
        firewall.assign(PeripheralBlock.ISU1, Core.IO1);
        bus.write32(Core.IO1, 0x3808_0000, 5);

        bus.reset();

        assertEquals(1, shared.resets);
        assertEquals(1, timer.resets);
        assertEquals(0, bus.read32(Core.IO1, 0x3808_0000));
    }
}
