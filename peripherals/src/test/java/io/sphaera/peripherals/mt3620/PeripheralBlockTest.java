package io.sphaera.peripherals.mt3620;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PeripheralBlockTest {
    private static final List<Integer> VALID = IntStream.concat(IntStream.concat(IntStream.rangeClosed(0, 23),
            IntStream.rangeClosed(26, 48)), IntStream.concat(IntStream.rangeClosed(56, 75), IntStream.of(80)))
            .boxed().toList();

    @Test
    void theChipHasSixtyEightGpios() {
        assertEquals(68, VALID.size());
        assertEquals(VALID, PeripheralBlock.allGpios());
    }

    @Test
    void everyValidGpioIsInExactlyOneBlockAndTheLookupFindsIt() {
        for (int gpio : VALID) {
            List<PeripheralBlock> holders = Arrays.stream(PeripheralBlock.values())
                    .filter(block -> block.gpios().contains(gpio)).toList();
            assertEquals(1, holders.size(), "GPIO " + gpio + " is in " + holders);
            assertEquals(Optional.of(holders.getFirst()), PeripheralBlock.ofGpio(gpio));
            assertTrue(PeripheralBlock.isGpio(gpio));
        }
    }

    @Test
    void numbersTheChipLacksMapToNoBlock() {
        List<Integer> invalid = new ArrayList<>(List.of(24, 25, 49, 55, 76, 77, 78, 79, 81, -1, 100,
                Integer.MIN_VALUE, Integer.MAX_VALUE));
        IntStream.rangeClosed(49, 55).forEach(invalid::add);
        for (int gpio : invalid) {
            assertEquals(Optional.empty(), PeripheralBlock.ofGpio(gpio), "GPIO " + gpio);
            assertFalse(PeripheralBlock.isGpio(gpio), "GPIO " + gpio);
        }
    }

    @Test
    void blocksHoldThePinsTheFactsGive() {
        assertEquals(List.of(0, 1, 2, 3), PeripheralBlock.PWM_CONTROLLER_0.gpios());
        assertEquals(List.of(4, 5, 6, 7), PeripheralBlock.PWM_CONTROLLER_1.gpios());
        assertEquals(List.of(8, 9, 10, 11), PeripheralBlock.PWM_CONTROLLER_2.gpios());
        assertEquals(List.of(26, 27, 28, 29, 30), PeripheralBlock.ISU0.gpios());
        assertEquals(List.of(31, 32, 33, 34, 35), PeripheralBlock.ISU1.gpios());
        assertEquals(List.of(36, 37, 38, 39, 40), PeripheralBlock.ISU2.gpios());
        assertEquals(List.of(66, 67, 68, 69, 70), PeripheralBlock.ISU3.gpios());
        assertEquals(List.of(71, 72, 73, 74, 75), PeripheralBlock.ISU4.gpios());
        assertEquals(List.of(41, 42, 43, 44, 45, 46, 47, 48), PeripheralBlock.ADC_CONTROLLER_0.gpios());
        assertEquals(List.of(56, 57, 58, 59, 60), PeripheralBlock.I2S0.gpios());
        assertEquals(List.of(61, 62, 63, 64, 65), PeripheralBlock.I2S1.gpios());
        assertEquals(List.of(80), PeripheralBlock.GPIO_80.gpios());
        assertEquals(PeripheralBlock.GPIO_16_19, PeripheralBlock.ofGpio(17).orElseThrow());
    }

    @Test
    void theManifestsNamesFindTheirBlocks() {
        assertEquals(Optional.of(PeripheralBlock.PWM_CONTROLLER_2), PeripheralBlock.named("PWM-CONTROLLER-2"));
        assertEquals(Optional.of(PeripheralBlock.ISU3), PeripheralBlock.named("ISU3"));
        assertEquals(Optional.of(PeripheralBlock.ADC_CONTROLLER_0), PeripheralBlock.named("ADC-CONTROLLER-0"));
        assertEquals(Optional.of(PeripheralBlock.I2S1), PeripheralBlock.named("I2S1"));
        assertEquals(Optional.empty(), PeripheralBlock.named("ISU5"));
        assertEquals(Optional.empty(), PeripheralBlock.named("isu0"));
        assertEquals(Optional.empty(), PeripheralBlock.named("MT3620_PWM_CONTROLLER0"));
    }

    @Test
    void theRegisterWindowsAreTheFactsAddressesAndDoNotOverlap() {
        assertEquals(OptionalInt.of(0x3800_0000), PeripheralBlock.ADC_CONTROLLER_0.baseAddress());
        assertEquals(OptionalInt.of(0x3801_0000), PeripheralBlock.PWM_CONTROLLER_0.baseAddress());
        assertEquals(OptionalInt.of(0x3806_0000), PeripheralBlock.GPIO_20_23.baseAddress());
        assertEquals(OptionalInt.of(0x3807_0000), PeripheralBlock.ISU0.baseAddress());
        assertEquals(OptionalInt.of(0x380B_0000), PeripheralBlock.ISU4.baseAddress());
        assertEquals(OptionalInt.of(0x380D_0000), PeripheralBlock.I2S0.baseAddress());
        assertEquals(OptionalInt.of(0x380E_0000), PeripheralBlock.I2S1.baseAddress());
        assertEquals(OptionalInt.of(0x380C_0000), PeripheralBlock.GPIO_80.baseAddress()); // chosen: ISU5's window
        Set<Integer> windows = new HashSet<>();
        for (PeripheralBlock block : PeripheralBlock.values()) {
            block.baseAddress().ifPresent(base -> assertTrue(windows.add(base / PeripheralBlock.WINDOW_SIZE)));
        }
        for (IoCoreBlock block : IoCoreBlock.values()) {
            assertTrue(windows.add(block.baseAddress() / IoCoreBlock.WINDOW_SIZE), block.toString());
        }
        assertEquals(0x2105_0000, IoCoreBlock.MAILBOX_TO_A7.baseAddress());
        assertEquals(0x2106_0000, IoCoreBlock.MAILBOX_TO_IO_CORE.baseAddress());
        assertEquals(0x2103_0000, IoCoreBlock.GENERAL_PURPOSE_TIMER.baseAddress());
        assertEquals(0x2102_0000, IoCoreBlock.WATCHDOG.baseAddress());
        assertEquals(0x2104_0000, IoCoreBlock.DEBUG_UART.baseAddress());
    }

    @Test
    void aPinsPositionIsCountedFromItsBlocksFirstGpio() {
        assertEquals(0, PeripheralBlock.PWM_CONTROLLER_2.pinOf(8));
        assertEquals(3, PeripheralBlock.PWM_CONTROLLER_2.pinOf(11));
        assertEquals(4, PeripheralBlock.ISU3.pinOf(70));
        assertThrows(IllegalArgumentException.class, () -> PeripheralBlock.PWM_CONTROLLER_2.pinOf(12));
    }

    @Test
    void onlyTheA7IsNotAnIoCore() {
        assertFalse(Core.A7.isIoCore());
        assertTrue(Core.IO0.isIoCore());
        assertTrue(Core.IO1.isIoCore());
    }
}
