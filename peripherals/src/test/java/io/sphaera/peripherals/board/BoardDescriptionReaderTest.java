package io.sphaera.peripherals.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sphaera.peripherals.spi.SpiChipSelect;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class BoardDescriptionReaderTest {
    private static BoardDescription read(String json) {
        return BoardDescriptionReader.read("board.json", json.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
    }

    private static String failure(String json) {
        return assertThrows(BoardDescriptionException.class, () -> read(json)).getMessage();
    }

    private static byte[] referenceBytes() throws IOException {
        try (InputStream in = BoardDescriptionReader.class.getResourceAsStream(BoardDescription.MT3620_RDB_RESOURCE)) {
            return in.readAllBytes();
        }
    }

    @Test
    void theReferenceBoardLoads() {
        BoardDescription rdb = BoardDescription.mt3620Rdb();
        assertEquals(18, rdb.leds().size());
        assertEquals(12, rdb.buttons().getFirst().pin());
        assertTrue(rdb.buttons().getFirst().pullUp());
        assertEquals(0x48, rdb.temperatureSensors().getFirst().address());
        assertEquals(2, rdb.temperatureSensors().getFirst().isu());
        assertEquals(SpiChipSelect.A, rdb.spiFlashes().getFirst().chipSelect());
        assertEquals(1, rdb.spiFlashes().getFirst().isu());
        assertEquals(0, rdb.uartLoopbacks().getFirst().isu());
    }

    @Test
    void defaultsFillWhatAnEntryLeavesOut() {
        BoardDescription board = read("""
                {'name': 'tiny', 'leds': [{'name': 'L', 'pin': 3}], 'buttons': [{'name': 'B', 'pin': 4}],
                 'i2cDevices': [{'name': 'T', 'type': 'tmp102', 'isu': 3, 'address': 73}],
                 'spiDevices': [{'name': 'F', 'type': 'spi-nor', 'isu': 4, 'chipSelect': 'B'}]}""");
        assertFalse(board.leds().getFirst().activeLow());
        assertFalse(board.leds().getFirst().pwm());
        assertTrue(board.buttons().getFirst().pullUp());
        assertEquals(25.0, board.temperatureSensors().getFirst().celsius());
        assertEquals(0xEF4016, board.spiFlashes().getFirst().jedecId());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {'name': 'x', 'leds': [{'name': 'a', 'pin': 1}, {'name': 'b', 'pin': 2}, {'name': 'c', 'pin': 25}]} | board.json: leds[2].pin: GPIO 25 does not exist
            {'name': 'x', 'leds': [{'name': 'a', 'pin': 81}]} | board.json: leds[0].pin: GPIO 81 does not exist
            {'name': 'x', 'leds': [{'name': 'a', 'pin': 8}], 'buttons': [{'name': 'b', 'pin': 8}]} | board.json: buttons[0].pin: GPIO 8 is already used by leds[0]
            {'name': 'x', 'leds': [{'name': 'a', 'pin': 12, 'pwm': true}]} | board.json: leds[0].pwm: GPIO 12 has no PWM channel (only GPIO 0-11 do)
            {'name': 'x', 'leds': [{'name': 'a', 'pin': '8'}]} | board.json: leds[0].pin: must be an integer
            {'name': 'x', 'leds': [{'name': 'a', 'pin': 8, 'colour': 'red'}]} | board.json: leds[0]: unknown field 'colour'
            {'name': 'x', 'leds': [{'pin': 8}]} | board.json: leds[0].name: missing
            {'name': 'x', 'leds': [{'name': 'a', 'pin': 8}, {'name': 'a', 'pin': 9}]} | board.json: leds[1].name: 'a' is already the name of leds[0]
            {'name': 'x', 'leds': {}} | board.json: leds: must be an array
            {'name': 'x', 'buttons': [{'name': 'b', 'pin': 12, 'pullUp': 'yes'}]} | board.json: buttons[0].pullUp: must be true or false
            {'name': 'x', 'i2cDevices': [{'name': 't', 'type': 'tmp102', 'isu': 2, 'address': 72}], 'uartLoopbacks': [{'name': 'u', 'isu': 2}]} | board.json: uartLoopbacks[0].isu: ISU2 already serves as I2C master for i2cDevices[0] and cannot also be UART
            {'name': 'x', 'i2cDevices': [{'name': 't', 'type': 'tmp102', 'isu': 2, 'address': 72}, {'name': 'u', 'type': 'tmp102', 'isu': 2, 'address': '0x48'}]} | board.json: i2cDevices[1].address: ISU2 I2C address 0x48 is already used by i2cDevices[0].address
            {'name': 'x', 'i2cDevices': [{'name': 't', 'type': 'tmp102', 'isu': 5, 'address': 72}]} | board.json: i2cDevices[0].isu: ISU5 does not exist (ISU0-ISU4 do)
            {'name': 'x', 'i2cDevices': [{'name': 't', 'type': 'lm75', 'isu': 1, 'address': 72}]} | board.json: i2cDevices[0].type: unknown I2C device type 'lm75' (known: tmp102)
            {'name': 'x', 'i2cDevices': [{'name': 't', 'type': 'tmp102', 'isu': 1, 'address': 16}]} | board.json: i2cDevices[0].address: a TMP102 answers 0x48-0x4B, not 0x10
            {'name': 'x', 'i2cDevices': [{'name': 't', 'type': 'tmp102', 'isu': 1, 'address': 72, 'temperatureCelsius': 200}]} | board.json: i2cDevices[0].temperatureCelsius: 200.0 is outside the TMP102's -55 to 150
            {'name': 'x', 'spiDevices': [{'name': 'f', 'type': 'spi-nor', 'isu': 1, 'chipSelect': 'C'}]} | board.json: spiDevices[0].chipSelect: must be "A" or "B", not 'C'
            {'name': 'x', 'spiDevices': [{'name': 'f', 'type': 'spi-nor', 'isu': 1, 'chipSelect': 'A'}, {'name': 'g', 'type': 'spi-nor', 'isu': 1, 'chipSelect': 'A'}]} | board.json: spiDevices[1].chipSelect: ISU1 chip select A is already used by spiDevices[0].chipSelect
            {'name': 'x', 'spiDevices': [{'name': 'f', 'type': 'spi-nor', 'isu': 1, 'chipSelect': 'A', 'jedecId': 1}]} | board.json: spiDevices[0].jedecId: 0x1 is not a 3-byte ID with a capacity byte of 0x10-0x18
            {'name': 'x', 'adcChannels': [{'name': 'a', 'channel': 8, 'volts': 1}]} | board.json: adcChannels[0].channel: ADC channel 8 does not exist (0-7 do)
            {'name': 'x', 'adcChannels': [{'name': 'a', 'channel': 1, 'volts': 3.3}]} | board.json: adcChannels[0].volts: 3.3 V is outside the ADC's 0-2.5 V
            {'name': 'x', 'adcChannels': [{'name': 'a', 'channel': 1}, {'name': 'b', 'channel': 1}]} | board.json: adcChannels[1].channel: ADC channel 1 is already used by adcChannels[0].channel
            {'leds': []} | board.json: name: missing
            [] | board.json: the document must be a JSON object
            {'name': 'x', 'extra': 1} | board.json: unknown field 'extra'
            """)
    void aBadDescriptionNamesTheFieldInOneLine(String json, String expected) {
        assertEquals(expected, failure(json));
    }

    @Test
    void brokenJsonIsReportedWithItsPlace() {
        String message = failure("{'name': 'x',\n 'leds': [}");
        assertTrue(message.startsWith("board.json: line 2, column "), message);
        assertEquals("board.json: the document is empty", failure(""));
        assertTrue(failure("{'name': 'x', 'name': 'y'}").contains("Duplicate field 'name'"));
        assertTrue(failure("{'name': 'x'} {}").startsWith("board.json: line 1"));
    }

    @Test
    void everyTruncationOfTheReferenceLoadsOrFailsInOneLine() throws IOException {
        byte[] reference = referenceBytes();
        for (int length = 0; length < reference.length; length++) {
            loadOrFailInOneLine(Arrays.copyOf(reference, length));
        }
    }

    @Test
    void everyFlippedByteOfTheReferenceLoadsOrFailsInOneLine() throws IOException {
        byte[] reference = referenceBytes();
        for (int at = 0; at < reference.length; at++) {
            for (int flip : new int[] {0x01, 0x20, 0x80, 0xFF}) {
                byte[] changed = reference.clone();
                changed[at] ^= (byte) flip;
                loadOrFailInOneLine(changed);
            }
        }
    }

    private static void loadOrFailInOneLine(byte[] json) {
        try {
            BoardDescriptionReader.read("mt3620-rdb.json", json);
        } catch (BoardDescriptionException e) {
            String message = e.getMessage();
            assertTrue(message.startsWith("mt3620-rdb.json: "), message);
            assertTrue(message.lines().count() == 1 && message.chars().noneMatch(c -> c < 0x20), message);
        }
    }
}
