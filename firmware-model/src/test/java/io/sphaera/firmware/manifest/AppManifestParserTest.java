package io.sphaera.firmware.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class AppManifestParserTest {
    private static final AppManifestParser PARSER = new AppManifestParser(HardwareDefinitions.shipped());

    /** The platform's IntercoreComms pair (shared/reference, section 1). */
    private static final String HIGH_LEVEL = """
            {"SchemaVersion":1,"Name":"IntercoreComms_HighLevelApp","ComponentId":"25025d2c-66da-4448-bae1-ac26fcdd3627",
             "EntryPoint":"/bin/app","CmdArgs":[],"Capabilities":{"AllowedApplicationConnections":["005180BC-402F-4CB3-A662-72937DBCDE47"]},
             "ApplicationType":"Default","MallocVersion":2}""";
    private static final String REAL_TIME = """
            {"SchemaVersion":1,"Name":"IntercoreComms_RTApp_MT3620_BareMetal","ComponentId":"005180bc-402f-4cb3-a662-72937dbcde47",
             "EntryPoint":"/bin/app","Capabilities":{"AllowedApplicationConnections":["25025d2c-66da-4448-bae1-ac26fcdd3627"]},
             "ApplicationType":"RealTimeCapable","MallocVersion":2}""";

    private static AppManifest parse(String json) throws ManifestException {
        return PARSER.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    /** A high-level manifest with the given Capabilities object. */
    private static String withCapabilities(String capabilities) {
        return "{\"SchemaVersion\":1,\"Name\":\"App\",\"ComponentId\":\"aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee\","
                + "\"EntryPoint\":\"/bin/app\",\"Capabilities\":" + capabilities + ",\"ApplicationType\":\"Default\"}";
    }

    private static String realTimeWith(String capabilities) {
        return withCapabilities(capabilities).replace("\"Default\"", "\"RealTimeCapable\"");
    }

    @Test
    void readsThePlatformsOwnIntercorePair() throws Exception {
        AppManifest hl = parse(HIGH_LEVEL);
        AppManifest rt = parse(REAL_TIME);
        assertEquals(ApplicationType.DEFAULT, hl.applicationType());
        assertEquals(ApplicationType.REAL_TIME_CAPABLE, rt.applicationType());
        // Any case on input: the GUIDs of the pair name each other.
        assertEquals(List.of(rt.componentId()), hl.capabilities().allowedApplicationConnections());
        assertEquals(List.of(hl.componentId()), rt.capabilities().allowedApplicationConnections());
        assertEquals(OptionalInt.of(2), hl.mallocVersion());
        assertEquals("bin/app", hl.executablePath());
    }

    @Test
    void resolvesSampleNamesThroughTheShippedDefinitions() throws Exception {
        AppManifest m = parse(withCapabilities("""
                {"Gpio":["$SAMPLE_BUTTON_1","$SAMPLE_RGBLED_BLUE", 80],"Uart":["$SAMPLE_UART_LOOPBACK"],
                 "I2cMaster":["$SAMPLE_LSM6DS3_I2C"],"Pwm":["$SAMPLE_LED_PWM_CONTROLLER"],
                 "Adc":["$SAMPLE_POTENTIOMETER_ADC_CONTROLLER"]}"""));
        Capabilities c = m.capabilities();
        assertEquals(List.of("12", "17", "80"), c.granted(PeripheralKind.GPIO));
        assertEquals(List.of("ISU0"), c.granted(PeripheralKind.UART));
        assertEquals(List.of("ISU2"), c.granted(PeripheralKind.I2C_MASTER));
        assertEquals(List.of("PWM-CONTROLLER-2"), c.granted(PeripheralKind.PWM));
        assertEquals(List.of("ADC-CONTROLLER-0"), c.granted(PeripheralKind.ADC));
    }

    @Test
    void theRichPowerdownSampleParsesAndWritesBackWithRawValues() throws Exception {
        AppManifest m = parse(withCapabilities("""
                {"Gpio":["$SAMPLE_BUTTON_1","$SAMPLE_RGBLED_RED"],"SystemEventNotifications":true,
                 "MutableStorage":{"SizeKB":8},"PowerControls":["ForcePowerDown","ForceReboot"],
                 "AllowedTcpServerPorts":[11000],"NetworkConfig":true,"SntpService":true,"DhcpService":false,
                 "AllowedConnections":["_sample-service._tcp.local","example.com","10.0.0.1","*.azure-devices.net"],
                 "DeviceAuthentication":"00000000-0000-0000-0000-000000000000"}"""));
        assertEquals(OptionalInt.of(8), m.capabilities().mutableStorageKiB());
        assertEquals(Set.of(PowerControl.FORCE_POWER_DOWN, PowerControl.FORCE_REBOOT), m.capabilities().powerControls());
        assertEquals(Set.of("NetworkConfig", "SntpService", "SystemEventNotifications"), m.capabilities().switches());
        AppManifest again = new AppManifestParser(HardwareDefinitions.none()).parse(m.toJson());
        assertEquals(m, again, "the packed form parses without hardware definitions to the same manifest");
        assertFalse(new String(m.toJson(), StandardCharsets.UTF_8).contains("$"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "GPIO listed twice | {\"Gpio\":[8, 8]} | Capabilities.Gpio | GPIO 8 is listed twice",
        "name and number of one GPIO | {\"Gpio\":[\"$SAMPLE_LED\", 8]} | Capabilities.Gpio | listed twice",
        "no such GPIO | {\"Gpio\":[24]} | Capabilities.Gpio | not an MT3620 GPIO",
        "GPIO as a string | {\"Gpio\":[\"8\"]} | Capabilities.Gpio | not an MT3620 GPIO",
        "GPIO on an ISU's pin | {\"Gpio\":[26],\"Uart\":[\"ISU0\"]} | Capabilities.Uart | same pin",
        "GPIO on a PWM controller's pin | {\"Gpio\":[0],\"Pwm\":[\"PWM-CONTROLLER-0\"]} | Capabilities.Pwm | same pin",
        "ISU in two roles | {\"Uart\":[\"ISU1\"],\"SpiMaster\":[\"ISU1\"]} | Capabilities.SpiMaster | one role",
        "no such ISU | {\"I2cMaster\":[\"ISU5\"]} | Capabilities.I2cMaster | not one of",
        "I2S in a high-level app | {\"I2s\":[\"I2S0\"]} | Capabilities.I2s | real-time capable apps only",
        "I2C subordinate | {\"I2cSubordinate\":[\"ISU0\"]} | Capabilities.I2cSubordinate | subordinate",
        "unknown capability | {\"Bluetooth\":true} | Capabilities.Bluetooth | unknown capability",
        "storage too large | {\"MutableStorage\":{\"SizeKB\":65}} | Capabilities.MutableStorage.SizeKB | illegally large",
        "storage shape | {\"MutableStorage\":8} | Capabilities.MutableStorage | SizeKB",
        "PowerControls empty | {\"PowerControls\":[]} | Capabilities.PowerControls | PowerControls is empty",
        "PowerControls illegal | {\"PowerControls\":[\"Explode\"]} | Capabilities.PowerControls | illegal value",
        "switch not boolean | {\"WifiConfig\":\"yes\"} | Capabilities.WifiConfig | true or false",
        "port out of range | {\"AllowedTcpServerPorts\":[70000]} | Capabilities.AllowedTcpServerPorts | port number",
        "port twice | {\"AllowedUdpServerPorts\":[5, 5]} | Capabilities.AllowedUdpServerPorts | listed twice",
        "bad host | {\"AllowedConnections\":[\"exa mple.com\"]} | Capabilities.AllowedConnections | not a host name",
        "bad peer GUID | {\"AllowedApplicationConnections\":[\"nope\"]} | Capabilities.AllowedApplicationConnections | not a GUID",
        "peer GUID twice in two cases | {\"AllowedApplicationConnections\":[\"005180bc-402f-4cb3-a662-72937dbcde47\",\"005180BC-402F-4CB3-A662-72937DBCDE47\"]} | Capabilities.AllowedApplicationConnections | listed twice",
        "connect to itself | {\"AllowedApplicationConnections\":[\"aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee\"]} | Capabilities.AllowedApplicationConnections | itself",
        "tenant not a GUID | {\"DeviceAuthentication\":\"tenant\"} | Capabilities.DeviceAuthentication | not a GUID",
        "undefined name | {\"Gpio\":[\"$NO_SUCH_PIN\"]} | Capabilities.Gpio | not defined in the hardware definitions",
        "name of the wrong type | {\"Gpio\":[\"$SAMPLE_UART_LOOPBACK\"]} | Capabilities.Gpio | not a Gpio",
        "constant without a manifest value | {\"Gpio\":[\"$MT3620_SPI_CS_A\"]} | Capabilities.Gpio | not a Gpio",
        "Capabilities not an object | [] | Capabilities | must be an object",
    })
    void invalidCapabilitiesNameTheFieldAndTheReason(String title, String capabilities, String field, String reason) {
        ManifestException e = assertThrows(ManifestException.class, () -> parse(withCapabilities(capabilities)), title);
        assertEquals(field, e.field(), e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertTrue(e.getMessage().startsWith("app_manifest.json: " + field + ": "), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "a sample name | {\"Gpio\":[\"$SAMPLE_LED\"]} | Capabilities.Gpio | raw values",
        "mutable storage | {\"MutableStorage\":{\"SizeKB\":8}} | Capabilities.MutableStorage | real-time",
        "networking | {\"AllowedConnections\":[\"a.com\"]} | Capabilities.AllowedConnections | real-time",
    })
    void realTimeAppsGiveRawValuesAndOnlyCoreCapabilities(String title, String capabilities, String field, String reason) {
        ManifestException e = assertThrows(ManifestException.class, () -> parse(realTimeWith(capabilities)), title);
        assertEquals(field, e.field());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void realTimeAppsMayHaveI2sAndRawPeripherals() throws Exception {
        AppManifest m = parse(realTimeWith("{\"I2s\":[\"I2S0\",\"I2S1\"],\"Adc\":[\"ADC-CONTROLLER-0\"],\"Gpio\":[12]}"));
        assertEquals(List.of("I2S0", "I2S1"), m.capabilities().granted(PeripheralKind.I2S));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "missing SchemaVersion | {\"Name\":\"A\",\"ComponentId\":\"aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee\",\"EntryPoint\":\"/bin/app\"} | SchemaVersion | is missing",
        "SchemaVersion 2 | {\"SchemaVersion\":2,\"Name\":\"A\",\"ComponentId\":\"aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee\",\"EntryPoint\":\"/bin/app\"} | SchemaVersion | only 1",
        "missing Name | {\"SchemaVersion\":1,\"ComponentId\":\"aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee\",\"EntryPoint\":\"/bin/app\"} | Name | is missing",
        "bad ComponentId | {\"SchemaVersion\":1,\"Name\":\"A\",\"ComponentId\":\"123\",\"EntryPoint\":\"/bin/app\"} | ComponentId | not a GUID",
        "missing EntryPoint | {\"SchemaVersion\":1,\"Name\":\"A\",\"ComponentId\":\"aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee\"} | EntryPoint | is missing",
        "relative EntryPoint | {\"SchemaVersion\":1,\"Name\":\"A\",\"ComponentId\":\"aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee\",\"EntryPoint\":\"bin/app\"} | EntryPoint | absolute path",
        "EntryPoint climbing out | {\"SchemaVersion\":1,\"Name\":\"A\",\"ComponentId\":\"aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee\",\"EntryPoint\":\"/bin/../../x\"} | EntryPoint | absolute path",
        "unknown type | {\"SchemaVersion\":1,\"Name\":\"A\",\"ComponentId\":\"aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee\",\"EntryPoint\":\"/bin/app\",\"ApplicationType\":\"Kernel\"} | ApplicationType | unknown application type",
        "unknown field | {\"SchemaVersion\":1,\"Name\":\"A\",\"ComponentId\":\"aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee\",\"EntryPoint\":\"/bin/app\",\"Debug\":true} | Debug | unknown field",
        "CmdArgs not strings | {\"SchemaVersion\":1,\"Name\":\"A\",\"ComponentId\":\"aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee\",\"EntryPoint\":\"/bin/app\",\"CmdArgs\":[1]} | CmdArgs | not a string",
        "MallocVersion 3 | {\"SchemaVersion\":1,\"Name\":\"A\",\"ComponentId\":\"aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee\",\"EntryPoint\":\"/bin/app\",\"MallocVersion\":3} | MallocVersion | not 1 or 2",
        "duplicate key | {\"SchemaVersion\":1,\"SchemaVersion\":1} | '' | not valid JSON",
        "not JSON | {\"SchemaVersion\": | '' | not valid JSON",
        "not an object | [1] | '' | must be a JSON object",
    })
    void invalidTopLevelFieldsNameTheFieldAndTheReason(String title, String json, String field, String reason) {
        ManifestException e = assertThrows(ManifestException.class, () -> parse(json), title);
        assertEquals(field, e.field(), e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void aMissingApplicationTypeMeansHighLevel() throws Exception {
        AppManifest m = parse("{\"SchemaVersion\":1,\"Name\":\"A\",\"ComponentId\":\"AAAAAAAA-BBBB-4CCC-8DDD-EEEEEEEEEEEE\",\"EntryPoint\":\"/bin/app\"}");
        assertEquals(ApplicationType.DEFAULT, m.applicationType());
        assertEquals(UUID.fromString("aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee"), m.componentId());
    }

    @Test
    void everyTruncationAndByteChangeOfAManifestIsParsedOrRefusedWithAReason() {
        byte[] valid = withCapabilities("""
                {"Gpio":["$SAMPLE_LED", 9],"Uart":["ISU0"],"MutableStorage":{"SizeKB":8},
                 "PowerControls":["ForceReboot"],"AllowedConnections":["example.com"]}""").getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < valid.length; i++) {
            parseOrRefuse(java.util.Arrays.copyOf(valid, i));
            for (int mask : new int[] {0x01, 0x20, 0x80}) {
                byte[] changed = valid.clone();
                changed[i] ^= (byte) mask;
                parseOrRefuse(changed);
            }
        }
    }

    private static void parseOrRefuse(byte[] json) {
        try {
            PARSER.parse(json);
        } catch (ManifestException e) {
            assertTrue(e.getMessage().startsWith("app_manifest.json: "), e.getMessage());
        }
    }
}
