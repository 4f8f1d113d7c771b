package io.sphaera.firmware.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BoardConfigTest {
    @Test
    void thePresetRoundTripsThroughItsJson() throws Exception {
        BoardConfig preset = BoardConfig.preset("lan-enc28j60-isu0-int5").orElseThrow();
        assertEquals("ISU0", preset.isu());
        assertEquals(5, preset.interruptGpio());
        assertEquals(preset, BoardConfig.parse(preset.toJson()));
    }

    @Test
    void invalidConfigurationsNameTheField() {
        String[][] cases = {
            {"{\"Name\":\"b\",\"ComponentId\":\"x\",\"Ethernet\":{}}", "ComponentId"},
            {"{\"Name\":\"b\",\"ComponentId\":\"aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee\",\"Ethernet\":{\"Chip\":\"W5500\",\"Isu\":\"ISU0\",\"InterruptGpio\":5}}", "Ethernet.Chip"},
            {"{\"Name\":\"b\",\"ComponentId\":\"aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee\",\"Ethernet\":{\"Chip\":\"ENC28J60\",\"Isu\":\"ISU9\",\"InterruptGpio\":5}}", "Ethernet.Isu"},
            {"{\"Name\":\"b\",\"ComponentId\":\"aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee\",\"Ethernet\":{\"Chip\":\"ENC28J60\",\"Isu\":\"ISU0\",\"InterruptGpio\":27}}", "Ethernet.InterruptGpio: GPIO 27 is a pin of ISU0"},
            {"{\"Name\":\"b\",\"ComponentId\":\"aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee\",\"Ethernet\":{\"Chip\":\"ENC28J60\",\"Isu\":\"ISU0\",\"InterruptGpio\":25}}", "not an MT3620 GPIO"},
            {"{\"Name\":\"b\",\"Extra\":1}", "Extra: unknown field"},
            {"[]", "must be a JSON object"},
        };
        for (String[] c : cases) {
            String message = assertThrows(BoardConfigException.class,
                    () -> BoardConfig.parse(c[0].getBytes(StandardCharsets.UTF_8))).getMessage();
            assertTrue(message.contains(c[1]), message);
        }
    }

    @Test
    void everyTruncationAndByteChangeIsParsedOrRefusedWithAReason() {
        byte[] valid = BoardConfig.preset("lan-enc28j60-isu0-int5").orElseThrow().toJson();
        for (int i = 0; i < valid.length; i++) {
            parseOrRefuse(Arrays.copyOf(valid, i));
            byte[] changed = valid.clone();
            changed[i] ^= 0x01;
            parseOrRefuse(changed);
        }
    }

    private static void parseOrRefuse(byte[] json) {
        try {
            BoardConfig.parse(json);
        } catch (BoardConfigException e) {
            assertTrue(e.getMessage().startsWith("board configuration: "), e.getMessage());
        }
    }
}
