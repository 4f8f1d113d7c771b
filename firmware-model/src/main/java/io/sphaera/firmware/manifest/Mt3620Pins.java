package io.sphaera.firmware.manifest;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * The MT3620's pins and which peripheral blocks own them (shared/reference, section 2): GPIO 0-23, 26-48, 56-75
 * and 80; PWM controllers over GPIO 0-11, the ISUs over 26-40 and 66-75, the ADC over 41-48, I2S over 56-65.
 */
public final class Mt3620Pins {
    private static final SortedSet<Integer> GPIOS;
    private static final Map<String, List<Integer>> BLOCKS = new LinkedHashMap<>();

    static {
        TreeSet<Integer> gpios = new TreeSet<>();
        IntStream.rangeClosed(0, 23).forEach(gpios::add);
        IntStream.rangeClosed(26, 48).forEach(gpios::add);
        IntStream.rangeClosed(56, 75).forEach(gpios::add);
        gpios.add(80);
        GPIOS = Collections.unmodifiableSortedSet(gpios);
        for (int i = 0; i < 3; i++) {
            BLOCKS.put("PWM-CONTROLLER-" + i, range(4 * i, 4 * i + 3));
        }
        BLOCKS.put("ISU0", range(26, 30));
        BLOCKS.put("ISU1", range(31, 35));
        BLOCKS.put("ISU2", range(36, 40));
        BLOCKS.put("ISU3", range(66, 70));
        BLOCKS.put("ISU4", range(71, 75));
        BLOCKS.put("ADC-CONTROLLER-0", range(41, 48));
        BLOCKS.put("I2S0", range(56, 60));
        BLOCKS.put("I2S1", range(61, 65));
    }

    private Mt3620Pins() {
    }

    private static List<Integer> range(int from, int to) {
        return IntStream.rangeClosed(from, to).boxed().toList();
    }

    /** Every GPIO number the chip has. */
    public static SortedSet<Integer> gpios() {
        return GPIOS;
    }

    public static boolean isGpio(int n) {
        return GPIOS.contains(n);
    }

    /** The pins of a peripheral block named as a manifest names it ("ISU2", "PWM-CONTROLLER-1"). */
    public static Optional<List<Integer>> pinsOf(String block) {
        return Optional.ofNullable(BLOCKS.get(block));
    }

    /** The blocks a manifest may name for one kind of peripheral. */
    public static List<String> blocksFor(PeripheralKind kind) {
        return switch (kind) {
            case GPIO -> List.of();
            case UART, I2C_MASTER, SPI_MASTER -> List.of("ISU0", "ISU1", "ISU2", "ISU3", "ISU4");
            case PWM -> List.of("PWM-CONTROLLER-0", "PWM-CONTROLLER-1", "PWM-CONTROLLER-2");
            case ADC -> List.of("ADC-CONTROLLER-0");
            case I2S -> List.of("I2S0", "I2S1");
        };
    }
}
