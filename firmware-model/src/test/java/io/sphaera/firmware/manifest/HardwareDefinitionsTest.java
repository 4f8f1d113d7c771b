package io.sphaera.firmware.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HardwareDefinitionsTest {
    private static final String HEADER = "\"Metadata\":{\"Type\":\"Azure Sphere Hardware Definition\",\"Version\":1}";

    @Test
    void theShippedChipDefinitionNamesEveryGpioOfTheChipAndNoOther() throws Exception {
        HardwareDefinitions shipped = HardwareDefinitions.shipped();
        TreeSet<Integer> named = new TreeSet<>();
        IntStream.rangeClosed(0, 100).forEach(n -> {
            try {
                shipped.find("MT3620_GPIO" + n).ifPresent(p -> named.add(p.appManifestValue().orElseThrow().asInt()));
            } catch (ManifestException e) {
                throw new AssertionError(e);
            }
        });
        assertEquals(Mt3620Pins.gpios(), named);
    }

    @Test
    void boardAndSampleNamesResolveThroughTheirImports() throws Exception {
        HardwareDefinitions shipped = HardwareDefinitions.shipped();
        assertEquals(8, shipped.find("SAMPLE_LED").orElseThrow().appManifestValue().orElseThrow().asInt());
        assertEquals(12, shipped.find("MT3620_RDB_BUTTON_A").orElseThrow().appManifestValue().orElseThrow().asInt());
        assertEquals("ISU0", shipped.find("MT3620_RDB_HEADER2_ISU0_UART").orElseThrow().appManifestValue().orElseThrow().asText());
        assertTrue(shipped.find("MT3620_SPI_CS_A").orElseThrow().appManifestValue().isEmpty());
    }

    @Test
    void aUsersDefinitionMayImportTheShippedBoard(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("my_board.json"), "{" + HEADER + ",\"Imports\":[{\"Path\":\"mt3620_rdb.json\"}],"
                + "\"Peripherals\":[{\"Name\":\"MY_LED\",\"Type\":\"Gpio\",\"Mapping\":\"MT3620_RDB_LED2_RED\"}]}");
        HardwareDefinitions defs = HardwareDefinitions.load(List.of(dir));
        assertEquals(15, defs.find("MY_LED").orElseThrow().appManifestValue().orElseThrow().asInt());
        AppManifest m = new AppManifestParser(defs).parse(("{\"SchemaVersion\":1,\"Name\":\"A\","
                + "\"ComponentId\":\"aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee\",\"EntryPoint\":\"/bin/app\","
                + "\"Capabilities\":{\"Gpio\":[\"$MY_LED\"]}}").getBytes());
        assertEquals(List.of("15"), m.capabilities().granted(PeripheralKind.GPIO));
    }

    @Test
    void brokenDefinitionsAreRefusedNamingFileAndField(@TempDir Path dir) throws Exception {
        record Case(String json, String expected) {
        }
        List<Case> cases = List.of(
                new Case("{\"Metadata\":{\"Type\":\"Other\",\"Version\":1},\"Peripherals\":[]}", "Metadata"),
                new Case("{" + HEADER + ",\"Peripherals\":[{\"Name\":\"X\",\"Type\":\"Gpio\",\"Mapping\":\"NOPE\"}]}",
                        "Peripherals[0].Mapping"),
                new Case("{" + HEADER + ",\"Imports\":[{\"Path\":\"mt3620.json\"}],\"Peripherals\":"
                        + "[{\"Name\":\"X\",\"Type\":\"Uart\",\"Mapping\":\"MT3620_GPIO8\"}]}", "Peripherals[0].Type"),
                new Case("{" + HEADER + ",\"Imports\":[{\"Path\":\"missing.json\"}],\"Peripherals\":[]}", "cannot find missing.json"),
                new Case("{" + HEADER + ",\"Imports\":[{\"Path\":\"broken.json\"}],\"Peripherals\":[]}", "cycle"),
                new Case("{" + HEADER + ",\"Peripherals\":[{\"Name\":\"X\",\"Type\":\"Gpio\",\"AppManifestValue\":1},"
                        + "{\"Name\":\"X\",\"Type\":\"Gpio\",\"AppManifestValue\":2}]}", "defined twice"),
                new Case("{" + HEADER + ",\"Peripherals\":{}}", "Peripherals: must be an array"),
                new Case("not json", "not valid JSON"),
                new Case("{" + HEADER + ",\"Imports\":[{\"Path\":\"/\"}],\"Peripherals\":[]}", "names no file"),
                new Case("{" + HEADER + ",\"Imports\":[{\"Path\":\"a\\u0000b\"}],\"Peripherals\":[]}", "is not a file path"));
        for (Case c : cases) {
            Files.writeString(dir.resolve("broken.json"), c.json());
            ManifestException e = assertThrows(ManifestException.class, () -> HardwareDefinitions.load(List.of(dir)), c.json());
            assertTrue(e.getMessage().startsWith("broken.json: "), e.getMessage());
            assertTrue(e.getMessage().contains(c.expected()), e.getMessage());
        }
    }

    @Test
    void aNameDefinedDifferentlyInTwoFilesIsAmbiguous(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.json"), "{" + HEADER + ",\"Peripherals\":[{\"Name\":\"LED\",\"Type\":\"Gpio\",\"AppManifestValue\":1}]}");
        Files.writeString(dir.resolve("b.json"), "{" + HEADER + ",\"Peripherals\":[{\"Name\":\"LED\",\"Type\":\"Gpio\",\"AppManifestValue\":2}]}");
        HardwareDefinitions defs = HardwareDefinitions.load(List.of(dir));
        assertThrows(ManifestException.class, () -> defs.find("LED"));
        ManifestException e = assertThrows(ManifestException.class, () -> new AppManifestParser(defs).parse(("{\"SchemaVersion\":1,"
                + "\"Name\":\"A\",\"ComponentId\":\"aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee\",\"EntryPoint\":\"/bin/app\","
                + "\"Capabilities\":{\"Gpio\":[\"$LED\"]}}").getBytes()));
        assertTrue(e.getMessage().contains("differently"), e.getMessage());
    }

    @Test
    void aMissingDirectoryIsNamed() {
        ManifestException e = assertThrows(ManifestException.class, () -> HardwareDefinitions.load(List.of(Path.of("/no/such/dir"))));
        assertTrue(e.getMessage().contains("/no/such/dir"), e.getMessage());
    }
}
