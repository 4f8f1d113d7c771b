package io.sphaera.emulator.cli;

import static io.sphaera.emulator.cli.CliRun.repoRoot;

import static io.sphaera.emulator.cli.CliRun.assertOneErrorLine;
import static io.sphaera.emulator.cli.CliRun.failed;
import static io.sphaera.emulator.cli.CliRun.ok;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.Reader;
import java.io.UncheckedIOException;
import io.sphaera.emulator.cli.CliRun.Result;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMParser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The device and vendor commands of the sphaera CLI in-process, as a user meets them: a workspace, devices made in
 * it, booted, damaged, developed on; every failure exits with its code, one "sphaera: " line and no change on disk.
 *
 * <p>One small workspace (64 KiB OS images) is made once for the class; tests that change a device make their own
 * device in it and name it with -d, so they never disturb each other. Tests that need an exact device count or an
 * untouched workspace make their own.
 */
class DeviceCliTest {
    private static final Instant NOW = Instant.parse("2025-03-14T15:09:26.535Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern MANUFACTURED = Pattern.compile("Manufactured ([0-9a-f]{128}) \\(");
    private static final Pattern OUTCOME = Pattern.compile("(?m)^Outcome: (\\w+)");
    private static final long MIB = 1024 * 1024;
    private static final long FLASH_SIZE = 16 * MIB;
    private static final int SLOT_HEADER = 8;
    private static final long PLUTON_RUNTIME_A = 0x020000;
    private static final long OS_A = 0x120000;
    private static final long OS_B = 0x420000;

    /** Holds the class's workspace, made on first use by {@link #makeShared}. */
    @TempDir
    static Path shared;
    private static Path sharedWorkspace;
    private static List<String> sharedDevices;
    private static AssertionError sharedFailure;

    @TempDir
    Path tmp;

    /** Seeded per test (by its name) so that devices made by different tests in the shared workspace differ. */
    private SplittableRandom random;

    /**
     * Makes the shared workspace (64 KiB OS images) with three devices, once. Made on first use rather than in a
     * {@code @BeforeAll}, so that if it cannot be made each test that needs it fails with the reason, and the tests
     * that do not need it still run and report.
     */
    private static synchronized void makeShared() {
        if (sharedWorkspace != null) {
            return;
        }
        if (sharedFailure != null) {
            throw sharedFailure;
        }
        try {
            Path w = shared.resolve("ws");
            SplittableRandom r = new SplittableRandom(20250314);
            ok(runWith(r, "vendor", "init", "--workspace", w.toString(), "--os-size-kib", "64"));
            List<String> made = ids(ok(runWith(r, "device", "create", "--workspace", w.toString(), "--count", "3")));
            assertEquals(3, made.size());
            sharedDevices = List.copyOf(made);
            sharedWorkspace = w;
        } catch (AssertionError e) {
            sharedFailure = new AssertionError("the shared workspace could not be made: " + e.getMessage(), e);
            throw sharedFailure;
        }
    }

    /** The shared workspace. */
    private static Path ws() {
        makeShared();
        return sharedWorkspace;
    }

    /** The three devices made with the shared workspace; tests only read them. */
    private static List<String> firstThree() {
        makeShared();
        return sharedDevices;
    }

    @BeforeEach
    void seed(TestInfo info) {
        random = new SplittableRandom(info.getTestClass().map(Class::getName).orElse("").hashCode() * 31L
                + (info.getTestMethod().map(m -> m.getName()).orElse("") + info.getDisplayName()).hashCode());
    }

    // ---------------------------------------------------------------- running and asserting


    private Result run(String... args) {
        return runWith(random, args);
    }

    /** A device command in the shared workspace. */
    private Result dev(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "device";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--workspace";
        all[args.length + 2] = ws().toString();
        return run(all);
    }

    private static Result runWith(SplittableRandom random, String... args) {
        return CliRun.run(CLOCK, random, args);
    }




    private static List<String> ids(Result r) {
        List<String> ids = new ArrayList<>();
        Matcher m = MANUFACTURED.matcher(r.out());
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    /** Manufactures one device in the shared workspace and returns its ID. */
    private String newDevice(String... extra) {
        String[] args = new String[extra.length + 1];
        args[0] = "create";
        System.arraycopy(extra, 0, args, 1, extra.length);
        List<String> made = ids(ok(dev(args)));
        assertEquals(1, made.size(), made::toString);
        return made.get(0);
    }

    private static Path folder(String id) {
        return ws().resolve("devices").resolve(id);
    }

    private static Path flash(String id) {
        return folder(id).resolve("flash.bin");
    }

    /** One stage attempt as `device boot` prints it. */
    record Stage(String stage, String slot, String verdict) {
    }

    private static List<Stage> stages(Result boot) {
        List<Stage> out = new ArrayList<>();
        boolean inTable = false;
        for (String line : boot.out().lines().toList()) {
            if (line.startsWith("  stage ")) {
                inTable = true;
                continue;
            }
            if (!inTable) {
                continue;
            }
            if (line.startsWith("Outcome:")) {
                break;
            }
            if (line.startsWith("      refused:")) {
                continue;
            }
            String stage = line.substring(2, Math.min(line.length(), 24)).strip();
            String[] rest = line.substring(Math.min(line.length(), 24)).strip().split("\\s+");
            out.add(new Stage(stage, rest[0], rest.length > 1 ? rest[1] : ""));
        }
        return out;
    }

    private static String outcome(Result boot) {
        Matcher m = OUTCOME.matcher(boot.out());
        assertTrue(m.find(), () -> "no outcome in\n" + boot);
        return m.group(1);
    }

    /** The measurement registers a boot printed, M0..M3, in order. */
    private static List<String> registers(Result boot) {
        Pattern p = Pattern.compile("(?m)^  M(\\d) ([0-9a-f]{64})  \\(");
        Matcher m = p.matcher(boot.out());
        List<String> regs = new ArrayList<>();
        while (m.find()) {
            assertEquals(regs.size(), Integer.parseInt(m.group(1)), boot::toString);
            regs.add(m.group(2));
        }
        return regs;
    }

    private static String eventLog(Result boot) {
        Matcher m = Pattern.compile("(?m)^  event log ([0-9a-f]{64})$").matcher(boot.out());
        assertTrue(m.find(), boot::toString);
        return m.group(1);
    }

    private static JsonNode json(Result r) {
        try {
            return JSON.readTree(r.out());
        } catch (IOException e) {
            throw new AssertionError("printed no JSON:\n" + r, e);
        }
    }

    private Result boot(String id) {
        Result r = ok(dev("boot", "-d", id));
        assertTrue(r.out().startsWith("Device " + id + ": power on"), r::toString);
        return r;
    }

    /** Changes one byte of the flash (the file keeps each byte's complement, so flipping a bit there flips it on the chip). */
    private static void flipFlashByte(String id, long offset) {
        flipFlashBits(id, offset, 0x10);
    }

    private static void flipFlashBits(String id, long offset, int mask) {
        try (RandomAccessFile f = new RandomAccessFile(flash(id).toFile(), "rw")) {
            f.seek(offset);
            int b = f.read();
            f.seek(offset);
            f.write(b ^ mask);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every file under {@code dir}, by relative path, with its bytes: to show that a command changed nothing. */
    private static Map<String, byte[]> snapshot(Path dir) {
        Map<String, byte[]> all = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.toList()) {
                if (Files.isRegularFile(p)) {
                    all.put(dir.relativize(p).toString(), Files.readAllBytes(p));
                } else if (!p.equals(dir)) {
                    all.put(dir.relativize(p) + "/", new byte[0]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return all;
    }

    private static void assertUnchanged(Map<String, byte[]> before, Path dir) {
        Map<String, byte[]> after = snapshot(dir);
        assertEquals(before.keySet(), after.keySet(), "the files of " + dir + " changed");
        for (String name : before.keySet()) {
            assertArrayEquals(before.get(name), after.get(name), () -> dir.resolve(name) + " changed");
        }
    }

    private static byte[] bytes(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path write(Path p, byte[] data) {
        try {
            Files.createDirectories(p.toAbsolutePath().getParent());
            return Files.write(p, data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> names(Path dir) {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }


    private Path blinkCopy() {
        return CliRun.blinkCopy(tmp.resolve("blink"));
    }

    /** Blink packed and signed with {@code key}. */
    private Path packBlink(Path key, String name) {
        Path dir = Files.exists(tmp.resolve("blink")) ? tmp.resolve("blink") : blinkCopy();
        Path out = tmp.resolve(name);
        ok(run("image-package", "pack-application", "--package-directory", dir.toString(), "--signing-key", key.toString(),
                "-o", out.toString()));
        return out;
    }

    private static Path sdkKey() {
        return ws().resolve("vendor/sdk-test.key.pem");
    }

    /** Downloads and applies a capability image, so the device is a development device. */
    private void makeDevelopment(String id) {
        Path cap = tmp.resolve("cap-" + id.substring(0, 8) + ".bin");
        ok(dev("capability", "download", "-d", id, "--type", "appDevelopment", "-o", cap.toString()));
        ok(dev("capability", "apply", "-d", id, cap.toString()));
    }

    private static String subjectOf(Path pem) {
        try (Reader r = Files.newBufferedReader(pem); PEMParser parser = new PEMParser(r)) {
            Object o = parser.readObject();
            assertTrue(o instanceof X509CertificateHolder, () -> pem + " holds " + o);
            return ((X509CertificateHolder) o).getSubject().toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- vendor

    @Nested
    class Vendor {
        @Test
        void initMakesThePkiAndTheFactoryRelease() {
            Path w = tmp.resolve("w");
            Result r = ok(run("vendor", "init", "--workspace", w.toString(), "--os-size-kib", "64", "--os-version", "25.03"));
            assertTrue(r.out().contains("Workspace " + w), r::toString);
            assertTrue(r.out().contains("Factory OS release: 25.03"), r::toString);
            for (String f : List.of("root.cert.pem", "manufacturing-ca.cert.pem", "sdk-test.key.pem", "trusted-key-store.imagepackage")) {
                assertTrue(Files.isRegularFile(w.resolve("vendor").resolve(f)), f);
                assertTrue(size(w.resolve("vendor").resolve(f)) > 0, f);
            }
            List<String> images = names(w.resolve("os/25.03")).stream().filter(n -> n.endsWith(".imagepackage")).toList();
            assertEquals(List.of("os.imagepackage", "pluton-runtime.imagepackage", "security-monitor.imagepackage"), images);
            long os = size(w.resolve("os/25.03/os.imagepackage"));
            assertTrue(os >= 64 * 1024 && os < 80 * 1024, "the OS image is about 64 KiB, not " + os);
            assertTrue(subjectOf(w.resolve("vendor/root.cert.pem")).contains("CN="));
            assertNotEquals(subjectOf(w.resolve("vendor/root.cert.pem")), subjectOf(w.resolve("vendor/manufacturing-ca.cert.pem")));
            // The private keys stay private: nothing in the certificates.
            assertFalse(new String(bytes(w.resolve("vendor/root.cert.pem")), StandardCharsets.US_ASCII).contains("PRIVATE"));
        }

        @Test
        void aSecondInitIntoTheSameWorkspaceIsRefusedAndChangesNothing() {
            Map<String, byte[]> vendor = snapshot(ws().resolve("vendor"));
            Map<String, byte[]> os = snapshot(ws().resolve("os"));
            byte[] marker = bytes(ws().resolve("workspace.json"));
            List<String> devices = names(ws().resolve("devices"));
            failed(run("vendor", "init", "--workspace", ws().toString(), "--os-size-kib", "64"), ExitCode.INVALID_INPUT,
                    "already holds a workspace");
            assertUnchanged(vendor, ws().resolve("vendor"));
            assertUnchanged(os, ws().resolve("os"));
            assertArrayEquals(marker, bytes(ws().resolve("workspace.json")));
            assertEquals(devices, names(ws().resolve("devices")));
        }

        @Test
        void initIntoAFolderHoldingOtherFilesLeavesThemAlone() throws IOException {
            Path w = tmp.resolve("mine");
            write(w.resolve("notes.txt"), "my notes\n".getBytes(StandardCharsets.UTF_8));
            write(w.resolve("sub/data.bin"), new byte[] {1, 2, 3});
            Map<String, byte[]> before = snapshot(w);
            failed(run("vendor", "init", "--workspace", w.toString(), "--os-size-kib", "64"), ExitCode.INVALID_INPUT,
                    "not empty");
            assertUnchanged(before, w);
        }

        @Test
        void initOntoAFileIsRefused() {
            Path f = write(tmp.resolve("a-file"), "x".getBytes(StandardCharsets.UTF_8));
            failed(run("vendor", "init", "--workspace", f.toString(), "--os-size-kib", "64"), ExitCode.INVALID_INPUT);
            assertArrayEquals("x".getBytes(StandardCharsets.UTF_8), bytes(f));
        }

        @ParameterizedTest
        @ValueSource(strings = {"--os-size-kib=8", "--os-size-kib=4000", "--os-version=abc", "--os-version=25..02", "--os-version="})
        void badInitOptionsAreRefusedBeforeAnythingIsMade(String option) {
            Path w = tmp.resolve("w");
            String size = option.startsWith("--os-size-kib") ? option : "--os-size-kib=64";
            String version = option.startsWith("--os-version") ? option : "--os-version=25.02";
            failed(run("vendor", "init", "--workspace", w.toString(), size, version), ExitCode.INVALID_INPUT);
            assertFalse(Files.exists(w), "a refused init must make nothing");
        }

        @Test
        void aNonNumberForASizeIsAUsageError() {
            Path w = tmp.resolve("w");
            failed(run("vendor", "init", "--workspace", w.toString(), "--os-size-kib", "lots"), ExitCode.USAGE);
            assertFalse(Files.exists(w));
        }

        @Test
        void osReleaseAddsASignedReleaseBesideTheFactoryOne() {
            Result r = ok(run("vendor", "os-release", "--workspace", ws().toString(), "--os-version", "25.10",
                    "--security-version", "2", "--os-size-kib", "32"));
            assertTrue(r.out().contains("OS release 25.10 (security version 2)"), r::toString);
            assertEquals(List.of("os.imagepackage", "pluton-runtime.imagepackage", "release.json", "security-monitor.imagepackage"),
                    names(ws().resolve("os/25.10")));
            // The factory release is still what devices are made with.
            assertTrue(names(ws().resolve("os")).contains("25.02"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"--security-version=0", "--security-version=65", "--os-version=x.y", "--os-size-kib=1"})
        void badOsReleaseOptionsAreRefusedAndChangeNothing(String option) {
            Map<String, byte[]> before = snapshot(ws().resolve("os"));
            String version = option.startsWith("--os-version") ? option : "--os-version=26.01";
            String size = option.startsWith("--os-size-kib") ? option : "--os-size-kib=32";
            String security = option.startsWith("--security-version") ? option : "--security-version=1";
            failed(run("vendor", "os-release", "--workspace", ws().toString(), version, size, security), ExitCode.INVALID_INPUT);
            assertUnchanged(before, ws().resolve("os"));
        }

        @Test
        void anExistingReleaseIsNotReplaced() {
            Path w = tmp.resolve("w");
            ok(run("vendor", "init", "--workspace", w.toString(), "--os-size-kib", "64"));
            Map<String, byte[]> before = snapshot(w.resolve("os"));
            // The factory release: every device made from now on would get images other than those made before.
            failed(run("vendor", "os-release", "--workspace", w.toString(), "--os-version", "25.02", "--os-size-kib", "32"),
                    ExitCode.INVALID_INPUT, "25.02");
            assertUnchanged(before, w.resolve("os"));
        }

        @Test
        void osReleaseOutsideAWorkspaceIsRefused() {
            Path empty = tmp.resolve("empty");
            failed(run("vendor", "os-release", "--workspace", empty.toString(), "--os-version", "25.05"), ExitCode.INVALID_INPUT,
                    "not a Sphaera workspace");
            assertFalse(Files.exists(empty));
        }

        @Test
        void osReleaseWithoutAVersionIsAUsageError() {
            failed(run("vendor", "os-release", "--workspace", ws().toString()), ExitCode.USAGE, "--os-version");
        }
    }

    // ---------------------------------------------------------------- manufacture, list, show

    @Nested
    class Manufacture {
        @Test
        void createCountMakesThatManyDistinctDevicesAndListShowsThem() {
            Path w = tmp.resolve("w");
            ok(run("vendor", "init", "--workspace", w.toString(), "--os-size-kib", "64"));
            Result made = ok(run("device", "create", "--workspace", w.toString(), "--count", "3"));
            List<String> ids = ids(made);
            assertEquals(3, ids.size(), made::toString);
            assertEquals(3, new HashSet<>(ids).size(), "device IDs must differ");
            assertTrue(made.out().contains("(DeviceComplete, OS 25.02)"), made::toString);
            assertEquals(ids.stream().sorted().toList(), names(w.resolve("devices")));
            for (String id : ids) {
                Path dir = w.resolve("devices").resolve(id);
                assertEquals(List.of("device.json", "flash.bin"), names(dir));
                assertEquals(FLASH_SIZE, size(dir.resolve("flash.bin")));
                JsonNode marker;
                try {
                    marker = JSON.readTree(bytes(dir.resolve("device.json")));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                assertEquals(id, marker.path("DeviceId").asText());
            }
            Result list = ok(run("device", "list", "--workspace", w.toString()));
            List<String> lines = list.out().lines().toList();
            assertEquals(5, lines.size(), list::toString);
            assertTrue(lines.get(0).startsWith("DEVICE"), list::toString);
            for (String id : ids) {
                assertTrue(lines.stream().anyMatch(l -> l.startsWith(id.substring(0, 16) + " ") && l.contains("DeviceComplete")
                        && l.endsWith("25.02")), () -> id + " missing from\n" + list);
            }
            assertEquals("3 devices", lines.get(4));
        }

        @Test
        void listInTheSharedWorkspaceShowsItsDevices() {
            Result list = ok(dev("list"));
            for (String id : firstThree()) {
                assertTrue(list.out().contains(id.substring(0, 16) + " "), () -> id + " missing from\n" + list);
            }
        }

        @Test
        void theFactoryCertificateNamesTheDeviceAndTheManufacturingCa() {
            String id = firstThree().get(0);
            JsonNode doc = json(ok(dev("show", "-d", id, "--json")));
            assertEquals(id, doc.path("DeviceId").asText());
            JsonNode cert = doc.path("FactoryCertificate");
            assertTrue(cert.isObject(), doc::toString);
            assertEquals("CN=" + id, cert.path("Subject").asText(), doc::toString);
            assertEquals(subjectOf(ws().resolve("vendor/manufacturing-ca.cert.pem")), cert.path("Issuer").asText());
            assertNotEquals(cert.path("Subject").asText(), cert.path("Issuer").asText());
            assertTrue(Instant.parse(cert.path("NotAfter").asText()).isAfter(NOW));
            assertEquals("DeviceComplete", doc.path("ManufacturingState").asText());
            assertEquals(0, doc.path("Capabilities").size());
            assertTrue(doc.path("Fuses").path("RootKeyHash").asText().matches("[0-9a-f]{64}"), doc::toString);
        }

        @Test
        void devicesHaveTheirOwnCertificates() {
            JsonNode a = json(ok(dev("show", "-d", firstThree().get(0), "--json"))).path("FactoryCertificate");
            JsonNode b = json(ok(dev("show", "-d", firstThree().get(1), "--json"))).path("FactoryCertificate");
            assertNotEquals(a.path("Subject").asText(), b.path("Subject").asText());
            assertNotEquals(a.path("Serial").asText(), b.path("Serial").asText());
            assertEquals(a.path("Issuer").asText(), b.path("Issuer").asText());
        }

        @Test
        void showAsTextNamesTheDeviceItsStateAndItsSlots() {
            String id = firstThree().get(1);
            Result r = ok(dev("show", "-d", id.substring(0, 12)));
            assertTrue(r.out().startsWith("Device " + id + System.lineSeparator()), r::toString);
            assertTrue(r.out().contains("DeviceComplete"), r::toString);
            assertTrue(r.out().contains("os-a"), r::toString);
            assertTrue(r.out().contains("os-b"), r::toString);
            assertTrue(r.out().contains("in force"), r::toString);
            assertTrue(r.out().contains("Measurements of a boot of these images (BOOTED)"), r::toString);
        }

        @ParameterizedTest
        @ValueSource(strings = {"--count=0", "--count=10001", "--manufacturing-state=Blank", "--manufacturing-state=Finished"})
        void badCreateOptionsAreRefusedAndMakeNoDevice(String option) {
            List<String> before = names(ws().resolve("devices"));
            failed(dev("create", option), ExitCode.INVALID_INPUT);
            assertEquals(before, names(ws().resolve("devices")));
        }

        @Test
        void aNonNumberCountIsAUsageError() {
            List<String> before = names(ws().resolve("devices"));
            failed(dev("create", "--count", "three"), ExitCode.USAGE);
            assertEquals(before, names(ws().resolve("devices")));
        }
    }

    // ---------------------------------------------------------------- boot and measurements

    @Nested
    class Boot {
        @Test
        void bootPrintsEachStageBootedAndFourMeasurements() {
            String id = newDevice();
            Result r = boot(id);
            List<Stage> stages = stages(r);
            assertEquals(List.of(new Stage("Pluton runtime", "A", "BOOTED"), new Stage("Security monitor", "A", "BOOTED"),
                    new Stage("OS", "A", "BOOTED")), stages, r::toString);
            assertEquals("BOOTED", outcome(r));
            assertTrue(r.out().contains("Outcome: BOOTED, OS 25.02"), r::toString);
            List<String> regs = registers(r);
            assertEquals(4, regs.size(), r::toString);
            // M0 measures Pluton runtime and security monitor, M1 the OS; with no apps M2 and M3 stay at zero.
            assertNotEquals("0".repeat(64), regs.get(0));
            assertNotEquals("0".repeat(64), regs.get(1));
            assertNotEquals(regs.get(0), regs.get(1));
            assertEquals("0".repeat(64), regs.get(2));
            assertEquals("0".repeat(64), regs.get(3));
            assertTrue(r.out().contains("  M0 " + regs.get(0) + "  (2 images)"), r::toString);
            assertTrue(r.out().contains("  M1 " + regs.get(1) + "  (1 image)"), r::toString);
        }

        @Test
        void measurementsRepeatOnEveryBootAndShowGivesTheSameWithoutChangingAnything() {
            String id = newDevice();
            Result first = boot(id);
            Result second = boot(id);
            assertEquals(registers(first), registers(second));
            assertEquals(eventLog(first), eventLog(second));
            assertEquals(first.out(), second.out(), "with the same images and a fixed clock and ticker, a boot prints the same");

            Map<String, byte[]> before = snapshot(folder(id));
            JsonNode m = json(ok(dev("show", "-d", id, "--json"))).path("Measurements");
            ok(dev("show", "-d", id));
            assertUnchanged(before, folder(id));
            assertEquals("BOOTED", m.path("Outcome").asText());
            List<String> shown = new ArrayList<>();
            m.path("Registers").forEach(n -> shown.add(n.asText()));
            assertEquals(registers(first), shown);
            assertEquals(eventLog(first), m.path("EventLogDigest").asText());
        }

        @Test
        void devicesWithTheSameImagesMeasureTheSame() {
            Result a = boot(newDevice());
            Result b = boot(newDevice());
            assertEquals(registers(a), registers(b));
        }

        @Test
        void aChangedByteInTheOsInSlotAFallsBackToSlotBAndStaysThere() {
            String id = newDevice();
            List<String> good = registers(boot(id));
            flipFlashByte(id, OS_A + SLOT_HEADER + 1000);
            Result r = boot(id);
            assertEquals(List.of(new Stage("Pluton runtime", "A", "BOOTED"), new Stage("Security monitor", "A", "BOOTED"),
                    new Stage("OS", "A", "REFUSED"), new Stage("OS", "B", "BOOTED")), stages(r), r::toString);
            assertEquals("ROLLED_BACK", outcome(r));
            assertTrue(r.out().contains("refused: "), r::toString);
            // Slot B holds the same factory release, so the measurements are those of a good boot.
            assertEquals(good, registers(r));

            Result next = boot(id);
            assertEquals(List.of(new Stage("Pluton runtime", "A", "BOOTED"), new Stage("Security monitor", "A", "BOOTED"),
                    new Stage("OS", "B", "BOOTED")), stages(next), next::toString);
            assertEquals("BOOTED", outcome(next));

            JsonNode doc = json(ok(dev("show", "-d", id, "--json")));
            for (JsonNode slot : doc.path("Slots")) {
                if (slot.path("Slot").asText().equals("os-b")) {
                    assertEquals("in force", slot.path("Role").asText(), doc::toString);
                }
                if (slot.path("Slot").asText().equals("os-a")) {
                    assertEquals("rollback", slot.path("Role").asText(), doc::toString);
                }
            }
        }

        @Test
        void aChangedByteInThePlutonRuntimeRollsBackEveryStageAboveIt() {
            String id = newDevice();
            flipFlashByte(id, PLUTON_RUNTIME_A + SLOT_HEADER + 1000);
            Result r = boot(id);
            assertEquals(List.of(new Stage("Pluton runtime", "A", "REFUSED"), new Stage("Pluton runtime", "B", "BOOTED"),
                    new Stage("Security monitor", "B", "BOOTED"), new Stage("OS", "B", "BOOTED")), stages(r), r::toString);
            assertEquals("ROLLED_BACK", outcome(r));
        }

        @Test
        void bothOsSlotsBrokenMeansRecoveryAndNoOsRuns() {
            String id = newDevice();
            flipFlashByte(id, OS_A + SLOT_HEADER + 1000);
            flipFlashByte(id, OS_B + SLOT_HEADER + 1000);
            Result r = ok(dev("boot", "-d", id));
            List<Stage> stages = stages(r);
            assertTrue(stages.stream().noneMatch(s -> s.stage().equals("OS") && s.verdict().equals("BOOTED")), r::toString);
            assertTrue(stages.stream().filter(s -> s.stage().equals("OS")).allMatch(s -> s.verdict().equals("REFUSED")), r::toString);
            assertEquals(2, stages.stream().filter(s -> s.stage().equals("OS")).count(), r::toString);
            assertEquals("RECOVERY", outcome(r));
            assertFalse(r.out().contains(", OS 25.02"), r::toString);
            // And again: recovery is not a state that lets unverified code in on a second try.
            Result again = ok(dev("boot", "-d", id));
            assertEquals("RECOVERY", outcome(again));
            assertEquals("RECOVERY", json(ok(dev("show", "-d", id, "--json"))).path("Measurements").path("Outcome").asText());
        }

        @Test
        void aChangedOsMeasuresDifferently() {
            String a = newDevice();
            String b = newDevice();
            flipFlashByte(b, OS_A + SLOT_HEADER + 1000);
            flipFlashByte(b, OS_B + SLOT_HEADER + 1000);
            assertNotEquals(registers(boot(a)).get(1), registers(ok(dev("boot", "-d", b))).get(1));
        }
    }

    // ---------------------------------------------------------------- manufacturing state

    @Nested
    class ManufacturingState {
        @Test
        void theStateMovesForwardSurvivesAPowerCycleAndNeverGoesBack() {
            String id = newDevice("--manufacturing-state", "Module1Complete");
            assertEquals("Module1Complete", ok(dev("manufacturing-state", "show", "-d", id)).out().strip());
            Result up = ok(dev("manufacturing-state", "update", "-d", id, "--state", "DeviceComplete"));
            assertTrue(up.out().contains("DeviceComplete"), up::toString);

            // Each run is a new SphaeraCli reading the folder afresh, as a new process would.
            assertEquals("DeviceComplete", ok(dev("manufacturing-state", "show", "-d", id)).out().strip());
            assertEquals("DeviceComplete", json(ok(dev("show", "-d", id, "--json"))).path("ManufacturingState").asText());

            Map<String, byte[]> before = snapshot(folder(id));
            failed(dev("manufacturing-state", "update", "-d", id, "--state", "Module1Complete"), ExitCode.INVALID_INPUT);
            failed(dev("manufacturing-state", "update", "-d", id, "--state", "Blank"), ExitCode.INVALID_INPUT);
            assertUnchanged(before, folder(id));
            assertEquals("DeviceComplete", ok(dev("manufacturing-state", "show", "-d", id)).out().strip());
        }

        @Test
        void anUnknownStateIsRefusedAndChangesNothing() {
            String id = newDevice("--manufacturing-state", "Module1Complete");
            Map<String, byte[]> before = snapshot(folder(id));
            failed(dev("manufacturing-state", "update", "-d", id, "--state", "Shipped"), ExitCode.INVALID_INPUT, "Shipped");
            assertUnchanged(before, folder(id));
        }

        @Test
        void updateWithoutAStateIsAUsageError() {
            failed(dev("manufacturing-state", "update", "-d", firstThree().get(0)), ExitCode.USAGE, "--state");
        }
    }

    // ---------------------------------------------------------------- capabilities

    @Nested
    class Capabilities {
        @Test
        void aCapabilityForOneDeviceIsRefusedByAnotherAndAcceptedByItsOwn() {
            String x = newDevice();
            String y = newDevice();
            Path cap = tmp.resolve("x.cap");
            Result d = ok(dev("capability", "download", "-d", x, "--type", "appDevelopment", "-o", cap.toString()));
            assertTrue(d.out().contains(x.substring(0, 16)), d::toString);
            assertTrue(Files.isRegularFile(cap));

            Map<String, byte[]> yBefore = snapshot(folder(y));
            failed(dev("capability", "apply", "-d", y, cap.toString()), ExitCode.VERIFICATION_FAILED, "not this one");
            assertUnchanged(yBefore, folder(y));
            assertEquals(0, json(ok(dev("show", "-d", y, "--json"))).path("Capabilities").size());

            Result applied = ok(dev("capability", "apply", "-d", x, cap.toString()));
            assertTrue(applied.out().contains("appDevelopment"), applied::toString);
            JsonNode caps = json(ok(dev("show", "-d", x, "--json"))).path("Capabilities");
            assertEquals(1, caps.size(), caps::toString);
            assertEquals("appDevelopment", caps.get(0).asText());
            Result list = ok(dev("list"));
            assertTrue(list.out().lines().anyMatch(l -> l.startsWith(x.substring(0, 16)) && l.contains("appDevelopment")), list::toString);
        }

        @Test
        void aCapabilityFileWithAnyChangedByteIsRefusedAndChangesNothing() {
            String x = newDevice();
            Path cap = tmp.resolve("x.cap");
            ok(dev("capability", "download", "-d", x, "--type", "appDevelopment", "-o", cap.toString()));
            byte[] good = bytes(cap);
            Map<String, byte[]> before = snapshot(folder(x));
            // A spread of positions, header to signature: each run opens the 16 MiB flash, so not every byte.
            int step = Math.max(1, good.length / 24);
            for (int i = 0; i < good.length; i += step) {
                byte[] bad = good.clone();
                bad[i] ^= 0x01;
                Path f = write(tmp.resolve("bad.cap"), bad);
                Result r = dev("capability", "apply", "-d", x, f.toString());
                int at = i;
                assertTrue(r.code() == ExitCode.VERIFICATION_FAILED || r.code() == ExitCode.INVALID_INPUT,
                        () -> "byte " + at + " of " + good.length + " flipped\n" + r);
                failed(r, r.code());
            }
            byte[] last = good.clone();
            last[good.length - 1] ^= 0x01;
            failed(dev("capability", "apply", "-d", x, write(tmp.resolve("bad.cap"), last).toString()), ExitCode.VERIFICATION_FAILED);
            assertUnchanged(before, folder(x));
            assertEquals(0, json(ok(dev("show", "-d", x, "--json"))).path("Capabilities").size());
        }

        @Test
        void aTruncatedOrForeignFileIsRefused() {
            String x = newDevice();
            Path cap = tmp.resolve("x.cap");
            ok(dev("capability", "download", "-d", x, "--type", "appDevelopment", "-o", cap.toString()));
            byte[] good = bytes(cap);
            Map<String, byte[]> before = snapshot(folder(x));
            for (int n : new int[] {0, 1, 16, good.length / 2, good.length - 1}) {
                Path f = write(tmp.resolve("short.cap"), java.util.Arrays.copyOf(good, n));
                Result r = dev("capability", "apply", "-d", x, f.toString());
                int len = n;
                assertTrue(r.code() == ExitCode.VERIFICATION_FAILED || r.code() == ExitCode.INVALID_INPUT,
                        () -> "truncated to " + len + "\n" + r);
                failed(r, r.code());
            }
            // An image package that is not a capability image: an OS image from the workspace.
            Result r = dev("capability", "apply", "-d", x, ws().resolve("vendor/trusted-key-store.imagepackage").toString());
            assertTrue(r.code() == ExitCode.VERIFICATION_FAILED || r.code() == ExitCode.INVALID_INPUT, r::toString);
            failed(r, r.code(), "not a capability image");
            // Too big to be one: refused before the device is opened.
            failed(dev("capability", "apply", "-d", x, ws().resolve("os/25.02/security-monitor.imagepackage").toString()),
                    ExitCode.INVALID_INPUT);
            failed(dev("capability", "apply", "-d", x, tmp.resolve("missing.cap").toString()), ExitCode.INVALID_INPUT);
            assertUnchanged(before, folder(x));
        }

        @Test
        void anUnknownCapabilityTypeIsRefused() {
            Path cap = tmp.resolve("c.cap");
            failed(dev("capability", "download", "-d", firstThree().get(0), "--type", "godMode", "-o", cap.toString()),
                    ExitCode.INVALID_INPUT, "godMode");
            assertFalse(Files.exists(cap));
            failed(dev("capability", "download", "-d", firstThree().get(0), "-o", cap.toString()), ExitCode.USAGE, "--type");
            assertFalse(Files.exists(cap));
        }
    }

    // ---------------------------------------------------------------- sideload

    @Nested
    class Sideload {
        @Test
        void aDeviceWithoutAppDevelopmentRefusesASideload() {
            String id = newDevice();
            Path app = packBlink(sdkKey(), "blink.imagepackage");
            Map<String, byte[]> before = snapshot(folder(id));
            failed(dev("sideload", "-d", id, app.toString()), ExitCode.INVALID_INPUT, "appDevelopment");
            assertUnchanged(before, folder(id));
        }

        @Test
        void aDevelopmentDeviceTakesTheAppAndBootsIt() {
            String id = newDevice();
            makeDevelopment(id);
            List<String> without = registers(boot(id));
            Path app = packBlink(sdkKey(), "blink.imagepackage");
            Result r = ok(dev("sideload", "-d", id, app.toString()));
            assertTrue(r.out().contains("Sideloaded Blink_HighLevelApp"), r::toString);

            Result b = boot(id);
            List<Stage> stages = stages(b);
            assertTrue(stages.contains(new Stage("app Blink_HighLevelApp", "app-0", "BOOTED")), b::toString);
            assertEquals("BOOTED", outcome(b));
            List<String> with = registers(b);
            assertEquals(without.subList(0, 2), with.subList(0, 2), "the system stages measure as before");
            assertNotEquals(without.get(2), with.get(2), "the app is measured into M2");

            // Sideloading it again replaces it in the same slot rather than taking another.
            ok(dev("sideload", "-d", id, app.toString()));
            assertEquals(1, stages(boot(id)).stream().filter(s -> s.stage().startsWith("app ")).count());
        }

        @Test
        void theBlinkSampleRunsAfterTheBootForTheTimeAskedAndItsLogAndLedAreShown() {
            String id = newDevice();
            makeDevelopment(id);
            ok(dev("sideload", "-d", id, packBlink(sdkKey(), "blink.imagepackage").toString()));
            Result r = ok(dev("boot", "-d", id, "--run-for", "2s"));
            List<String> lines = r.out().lines().toList();
            int running = lines.indexOf("Running for PT2S of the device's time:");
            assertTrue(running > 0, r::toString);
            assertEquals(List.of("  [os]  started Blink_HighLevelApp",
                    "  [app] Blink starting: press button A to change the interval"), lines.subList(running + 1, running + 3));
            assertTrue(lines.contains("  [os]  Blink_HighLevelApp stopped"), r::toString);
            assertTrue(lines.stream().noneMatch(l -> l.contains("Interval now")), "nobody pressed the button: " + r);
            assertTrue(lines.stream().anyMatch(l -> l.matches("GPIO 8 at power-off: (HIGH|LOW)")), r::toString);
            // The same run again is the same run: the device's time, not the host's.
            assertEquals(r.out(), ok(dev("boot", "-d", id, "--run-for", "2s")).out());
        }

        @Test
        void aRunningDeviceIsReachedFromOtherCommandsUntilItIsPoweredOff() throws Exception {
            String id = newDevice();
            makeDevelopment(id);
            ok(dev("sideload", "-d", id, packBlink(sdkKey(), "blink.imagepackage").toString()));
            java.util.concurrent.CompletableFuture<Result> running = startRun(id);

            assertTrue(ok(dev("app", "show-status", "-d", id)).out().contains("App state: running"));
            assertEquals("Blink_HighLevelApp: 0 KB used of 8 KB of mutable storage (0 bytes)\n",
                    ok(dev("app", "show-quota", "-d", id)).out());
            assertTrue(ok(dev("gpio", "show", "-d", id)).out().lines().anyMatch(l -> l.matches("12\\s+-\\s+HIGH\\s*")),
                    "button A released: the board pulls GPIO 12 up");
            assertEquals("Button BUTTON_A (GPIO 12): pressed\n", ok(dev("button", "press", "-d", id, "a")).out());
            assertTrue(ok(dev("gpio", "show", "-d", id)).out().lines().anyMatch(l -> l.matches("12\\s+-\\s+LOW\\s*")));
            failed(dev("button", "press", "-d", id, "C"), ExitCode.INVALID_INPUT, "no button 'C' on the board (it has BUTTON_A, BUTTON_B)");
            String leds = ok(dev("led", "show", "-d", id)).out();
            assertTrue(leds.lines().anyMatch(l -> l.matches("LED1_RED\\s+8\\s+(on|off)\\s+\\d+%")), leds);
            assertTrue(leds.lines().anyMatch(l -> l.matches("LED2_RED\\s+15\\s+off\\s+0%")), leds);
            failed(dev("button", "push", "-d", id, "A"), ExitCode.USAGE);
            ok(dev("button", "release", "-d", id, "A"));

            assertTrue(ok(dev("app", "stop", "-d", id)).out().contains("App state: stopped"));
            failed(dev("app", "stop", "-d", id), ExitCode.INVALID_INPUT, "no app is running: stopped");
            assertTrue(ok(dev("app", "show-status", "-d", id)).out().contains("App state: stopped"), "not restarted");
            assertTrue(ok(dev("app", "start", "-d", id)).out().contains("App state: running"));
            failed(dev("run", "-d", id, "--for", "1s"), ExitCode.INVALID_INPUT, "already running");
            failed(dev("sideload", "-d", id, packBlink(sdkKey(), "again.imagepackage").toString()), ExitCode.INVALID_INPUT,
                    "is in use by another sphaera command");
            failed(dev("boot", "-d", id), ExitCode.INVALID_INPUT, "is in use by another sphaera command");

            ok(dev("power-off", "-d", id));
            Result r = ok(running.get(30, java.util.concurrent.TimeUnit.SECONDS));
            List<String> lines = r.out().lines().toList();
            assertTrue(lines.contains("  [os]  started Blink_HighLevelApp"), r::toString);
            assertTrue(lines.contains("  [os]  Blink_HighLevelApp stopped"), r::toString);
            assertTrue(lines.get(lines.size() - 1).endsWith(": power off"), r::toString);
            int report = lines.indexOf(lines.stream().filter(l -> l.startsWith("Outcome: ")).findFirst().orElseThrow());
            assertTrue(report < lines.indexOf("  [os]  started Blink_HighLevelApp"), "the boot report comes first: " + r);
            assertFalse(Files.exists(folder(id).resolve("control.json")), "the endpoint is withdrawn");
            failed(dev("app", "show-status", "-d", id), ExitCode.INVALID_INPUT, "the device is not running");
            assertEquals("BOOTED", outcome(boot(id)), "once the run has ended the device opens again");
        }

        @Test
        void aUartGoesOnTheHostAndWhereIsPrintedAndAWiredOrBadOneIsOneLine() throws Exception {
            String id = newDevice();
            java.util.concurrent.CompletableFuture<Result> running = startRun(id, "--uart", "ISU3=tcp", "--uart", "isu4=tcp:0");
            ok(dev("power-off", "-d", id));
            Result r = ok(running.get(30, java.util.concurrent.TimeUnit.SECONDS));
            assertTrue(r.out().lines().anyMatch(l -> l.matches("UART ISU3: tcp 127\\.0\\.0\\.1:\\d+")), r::toString);
            assertTrue(r.out().lines().anyMatch(l -> l.matches("UART ISU4: tcp 127\\.0\\.0\\.1:\\d+")), r::toString);
            failed(dev("run", "-d", id, "--uart", "ISU0=tcp", "--for", "1s"), ExitCode.INVALID_INPUT,
                    "--uart ISU0: ISU0's UART is wired as loopback");
            failed(dev("run", "-d", id, "--uart", "ISU5=pty", "--for", "1s"), ExitCode.USAGE, "is not ISUn=pty");
            failed(dev("run", "-d", id, "--uart", "ISU3=pty:4", "--for", "1s"), ExitCode.USAGE, "has no port");
            failed(dev("run", "-d", id, "--uart", "ISU3=tcp", "--uart", "ISU3=pty", "--for", "1s"), ExitCode.USAGE, "twice");
            assertFalse(Files.exists(folder(id).resolve("control.json")));
        }

        @Test
        void aBoardDescriptionThatIsNotOneIsOneLineAndNothingRuns() throws Exception {
            String id = newDevice();
            Path board = tmp.resolve("board.json");
            Files.writeString(board, "{\"name\": \"mine\", \"leds\": [{\"name\": \"L\", \"pin\": 25}]}");
            failed(dev("run", "-d", id, "--board", board.toString(), "--for", "1s"), ExitCode.INVALID_INPUT,
                    "board.json: leds[0].pin: GPIO 25");
            failed(dev("run", "-d", id, "--board", tmp.resolve("missing.json").toString(), "--for", "1s"),
                    ExitCode.INVALID_INPUT, "missing.json");
            assertFalse(Files.exists(folder(id).resolve("control.json")));
        }

        @Test
        void anAppIsStartedAndStoppedOnlyOnADevelopmentDeviceAndABadEndpointIsOneLine() throws Exception {
            String id = newDevice();
            java.util.concurrent.CompletableFuture<Result> running = startRun(id);
            assertTrue(ok(dev("app", "show-status", "-d", id)).out().contains("App state: no app installed"));
            failed(dev("app", "stop", "-d", id), ExitCode.INVALID_INPUT, "not in development mode");
            failed(dev("app", "show-quota", "-d", id), ExitCode.INVALID_INPUT, "no app is installed");
            ok(dev("power-off", "-d", id));
            ok(running.get(30, java.util.concurrent.TimeUnit.SECONDS));

            Path endpoint = folder(id).resolve("control.json");
            Files.writeString(endpoint, "{\"port\": 1, \"token\": \"00\"}");
            failed(dev("app", "show-status", "-d", id), ExitCode.INVALID_INPUT, "the device is not running");
            Files.writeString(endpoint, "not json");
            failed(dev("gpio", "show", "-d", id), ExitCode.INVALID_INPUT, "cannot read");
            Files.writeString(endpoint, "{}");
            failed(dev("gpio", "show", "-d", id), ExitCode.INVALID_INPUT, "is damaged");
        }

        /** Starts `device run` on another thread and waits (real time: it runs in real time) until it answers. */
        private java.util.concurrent.CompletableFuture<Result> startRun(String id, String... more) throws InterruptedException {
            List<String> args = new ArrayList<>(List.of("run", "-d", id, "--for", "2m"));
            args.addAll(List.of(more));
            java.util.concurrent.CompletableFuture<Result> running =
                    java.util.concurrent.CompletableFuture.supplyAsync(() -> dev(args.toArray(String[]::new)));
            for (int i = 0; i < 600 && !running.isDone(); i++) {
                if (dev("app", "show-status", "-d", id).code() == 0) {
                    return running;
                }
                Thread.sleep(50); // waiting for a real-time process to come up, not timing it
            }
            throw new AssertionError("device run did not come up: " + (running.isDone() ? running.join() : "still starting"));
        }

        @Test
        void aRunTimeThatIsNotADurationIsOneLine() {
            String id = newDevice();
            failed(dev("boot", "-d", id, "--run-for", "soon"), ExitCode.INVALID_INPUT, "--run-for 'soon' is not a duration");
            failed(dev("boot", "-d", id, "--run-for", "0s"), ExitCode.INVALID_INPUT, "outside 1ms..30 days");
            failed(dev("boot", "-d", id, "--run-for", "31d"), ExitCode.INVALID_INPUT, "outside 1ms..30 days");
        }

        @Test
        void withoutAppDevelopmentTheSideloadedAppNoLongerRuns() {
            String id = newDevice();
            makeDevelopment(id);
            ok(dev("sideload", "-d", id, packBlink(sdkKey(), "blink.imagepackage").toString()));
            // A capability image replaces the device's capabilities: fieldServicing only takes appDevelopment away.
            Path field = tmp.resolve("field.cap");
            ok(dev("capability", "download", "-d", id, "--type", "fieldServicing", "-o", field.toString()));
            ok(dev("capability", "apply", "-d", id, field.toString()));
            Result b = boot(id);
            assertTrue(stages(b).contains(new Stage("app Blink_HighLevelApp", "app-0", "REFUSED")), b::toString);
            assertTrue(b.out().contains("appDevelopment"), b::toString);
        }

        @Test
        void anAppSignedWithAnUntrustedKeyIsRefused() {
            String id = newDevice();
            makeDevelopment(id);
            Path key = tmp.resolve("keys/mine.pem");
            write(tmp.resolve("keys/.keep"), new byte[0]);
            ok(run("keys", "generate", "-o", key.toString()));
            Path app = packBlink(key, "mine.imagepackage");
            Map<String, byte[]> before = snapshot(folder(id));
            failed(dev("sideload", "-d", id, app.toString()), ExitCode.VERIFICATION_FAILED, "would not run it");
            assertUnchanged(before, folder(id));
        }

        @Test
        void aFileThatIsNotAnImagePackageIsRefused() {
            String id = newDevice();
            makeDevelopment(id);
            Map<String, byte[]> before = snapshot(folder(id));
            Path junk = write(tmp.resolve("junk.imagepackage"), "this is not a package\n".getBytes(StandardCharsets.UTF_8));
            failed(dev("sideload", "-d", id, junk.toString()), ExitCode.INVALID_INPUT, junk.toString());
            Path empty = write(tmp.resolve("empty.imagepackage"), new byte[0]);
            failed(dev("sideload", "-d", id, empty.toString()), ExitCode.INVALID_INPUT);
            failed(dev("sideload", "-d", id, tmp.resolve("missing.imagepackage").toString()), ExitCode.INVALID_INPUT);
            // A valid image package that is not an app: the workspace's OS image.
            failed(dev("sideload", "-d", id, ws().resolve("os/25.02/os.imagepackage").toString()), ExitCode.INVALID_INPUT);
            assertUnchanged(before, folder(id));
        }

        @Test
        void aPackageWithAChangedByteIsRefused() {
            String id = newDevice();
            makeDevelopment(id);
            byte[] good = bytes(packBlink(sdkKey(), "blink.imagepackage"));
            Map<String, byte[]> before = snapshot(folder(id));
            for (int i : new int[] {good.length / 3, good.length / 2, good.length - 1}) {
                byte[] bad = good.clone();
                bad[i] ^= 0x01;
                Result r = dev("sideload", "-d", id, write(tmp.resolve("bad.imagepackage"), bad).toString());
                assertTrue(r.code() == ExitCode.VERIFICATION_FAILED || r.code() == ExitCode.INVALID_INPUT, r::toString);
                failed(r, r.code());
            }
            assertUnchanged(before, folder(id));
        }
    }

    // ---------------------------------------------------------------- damaged and foreign state

    @Nested
    class DamagedState {
        /** Every command that opens the device refuses it with one line and exit 3, and leaves the folder as it was. */
        private void assertRefused(String id, String... fragments) {
            Map<String, byte[]> before = snapshot(folder(id));
            failed(dev("show", "-d", id), ExitCode.INVALID_INPUT, fragments);
            failed(dev("boot", "-d", id), ExitCode.INVALID_INPUT, fragments);
            failed(dev("manufacturing-state", "update", "-d", id, "--state", "DeviceComplete"), ExitCode.INVALID_INPUT, fragments);
            failed(dev("capability", "download", "-d", id, "--type", "appDevelopment", "-o", tmp.resolve("c.cap").toString()),
                    ExitCode.INVALID_INPUT, fragments);
            assertFalse(Files.exists(tmp.resolve("c.cap")));
            assertUnchanged(before, folder(id));
            // A listing still works, and says which device is damaged.
            Result list = ok(dev("list"));
            assertTrue(list.out().lines().anyMatch(l -> l.startsWith(id.substring(0, 16)) && l.contains("damaged")), list::toString);
        }

        @Test
        void aMissingDeviceJson() throws IOException {
            String id = newDevice();
            Files.delete(folder(id).resolve("device.json"));
            assertRefused(id, "device.json", "damaged");
        }

        @Test
        void garbageInDeviceJson() {
            String id = newDevice();
            write(folder(id).resolve("device.json"), "{{{ not json".getBytes(StandardCharsets.UTF_8));
            assertRefused(id, "device.json");
        }

        @Test
        void aDeviceJsonOfTheWrongShape() {
            String id = newDevice();
            write(folder(id).resolve("device.json"), "{\"Format\":\"sphaera-device/1\",\"DeviceId\":\"abc\"}".getBytes(StandardCharsets.UTF_8));
            assertRefused(id, "device.json");
        }

        @Test
        void aTruncatedFlash() throws IOException {
            String id = newDevice();
            try (RandomAccessFile f = new RandomAccessFile(flash(id).toFile(), "rw")) {
                f.setLength(1000);
            }
            assertRefused(id, "damaged");
            assertEquals(1000, size(flash(id)));
        }

        @Test
        void anEmptyFlashIsRefusedAndLeftAsItWas() throws IOException {
            String id = newDevice();
            try (RandomAccessFile f = new RandomAccessFile(flash(id).toFile(), "rw")) {
                f.setLength(0);
            }
            assertRefused(id, "damaged");
            assertEquals(0, size(flash(id)));
        }

        @Test
        void aMissingFlash() throws IOException {
            String id = newDevice();
            Files.delete(flash(id));
            assertRefused(id, "flash.bin");
            assertFalse(Files.exists(flash(id)));
        }

        @Test
        void anotherDevicesFlashIsForeign() throws IOException {
            String a = newDevice();
            String b = newDevice();
            Files.copy(flash(a), flash(b), StandardCopyOption.REPLACE_EXISTING);
            assertRefused(b, "foreign");
            // Device A itself is untouched and fine.
            ok(dev("show", "-d", a));
        }

        @Test
        void aFolderRenamedToAnotherIdIsRefused() throws IOException {
            String a = newDevice();
            String other = "f".repeat(128);
            Files.move(folder(a), folder(other));
            Map<String, byte[]> before = snapshot(folder(other));
            failed(dev("show", "-d", other), ExitCode.INVALID_INPUT);
            failed(dev("boot", "-d", other), ExitCode.INVALID_INPUT);
            assertUnchanged(before, folder(other));
            Files.move(folder(other), folder(a));
        }

        @Test
        void aFlashInUseIsRefusedWithoutWaiting() throws IOException {
            String id = newDevice();
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(flash(id),
                    java.nio.file.StandardOpenOption.READ, java.nio.file.StandardOpenOption.WRITE);
                 java.nio.channels.FileLock lock = ch.lock()) {
                assertTrue(lock.isValid());
                failed(dev("boot", "-d", id), ExitCode.INVALID_INPUT, "is in use by another sphaera command");
            }
            ok(dev("boot", "-d", id));
        }

        /**
         * Pluton's own state in flash, changed: the fuses (state, root key hash, hardware unique key, a counter), the
         * sealed identity, the trusted key store and the boot selection. Whatever a command then does, it is either a
         * clean result or one clear line, never an internal error; and nothing unverified boots.
         */
        @ParameterizedTest
        @ValueSource(longs = {0x000, 0x010, 0x030, 0x040, 0x080, 0x1000 + 0x30, 0x1000 + 0x100, 0x3000 + 0x04, 0x3000 + 0x30,
                0x3000 + 0x200, 0x9000 + 0x30})
        void changedPlutonStateIsRefusedOrSurvivedCleanly(long offset) {
            String id = newDevice();
            boot(id);
            flipFlashBits(id, offset, 0xFF);
            for (String[] command : List.of(new String[] {"show", "-d", id, "--json"}, new String[] {"boot", "-d", id},
                    new String[] {"manufacturing-state", "show", "-d", id})) {
                Result r = dev(command);
                if (r.code() != ExitCode.OK) {
                    assertTrue(r.code() == ExitCode.INVALID_INPUT || r.code() == ExitCode.VERIFICATION_FAILED, r::toString);
                    if (command[0].equals("boot")) {
                        // A boot may have said it powers on before it found it could not.
                        assertTrue(r.out().isEmpty() || r.out().equals("Device " + id + ": power on" + System.lineSeparator()),
                                r::toString);
                        assertOneErrorLine(r);
                    } else {
                        failed(r, r.code());
                    }
                } else {
                    assertEquals("", r.err(), r::toString);
                }
                if (r.code() == ExitCode.OK && command[0].equals("boot")) {
                    List<Stage> stages = stages(r);
                    String out = outcome(r);
                    assertTrue(List.of("BOOTED", "ROLLED_BACK", "RECOVERY").contains(out), r::toString);
                    if (!out.equals("RECOVERY")) {
                        assertTrue(stages.stream().anyMatch(st -> st.stage().equals("OS") && st.verdict().equals("BOOTED")), r::toString);
                    }
                }
            }
        }

        @Test
        void aFolderThatIsNotAWorkspace() throws IOException {
            Path empty = Files.createDirectories(tmp.resolve("empty"));
            failed(run("device", "list", "--workspace", empty.toString()), ExitCode.INVALID_INPUT, "not a Sphaera workspace");
            failed(run("device", "boot", "--workspace", empty.toString()), ExitCode.INVALID_INPUT, "not a Sphaera workspace");
            failed(run("device", "show", "--workspace", empty.toString()), ExitCode.INVALID_INPUT, "not a Sphaera workspace");
            failed(run("device", "manufacturing-state", "show", "--workspace", empty.toString()), ExitCode.INVALID_INPUT);
            assertEquals(List.of(), names(empty));
            Path missing = tmp.resolve("missing");
            failed(run("device", "list", "--workspace", missing.toString()), ExitCode.INVALID_INPUT);
            assertFalse(Files.exists(missing));
        }

        @Test
        void aDamagedWorkspaceMarker() {
            Path w = tmp.resolve("w");
            write(w.resolve("workspace.json"), "garbage".getBytes(StandardCharsets.UTF_8));
            failed(run("device", "list", "--workspace", w.toString()), ExitCode.INVALID_INPUT, "workspace.json");
            write(w.resolve("workspace.json"), "{\"Format\":\"something-else/9\"}".getBytes(StandardCharsets.UTF_8));
            failed(run("device", "list", "--workspace", w.toString()), ExitCode.INVALID_INPUT, "workspace.json");
            assertEquals(List.of("workspace.json"), names(w));
        }

        @Test
        void noSuchDevice() {
            failed(dev("show", "-d", "0000"), ExitCode.INVALID_INPUT, "no device 0000");
            failed(dev("boot", "-d", "xyz!"), ExitCode.INVALID_INPUT, "xyz!");
            failed(dev("boot", "-d", "ab"), ExitCode.INVALID_INPUT, "at least 4");
        }
    }

    // ---------------------------------------------------------------- usage and help

    @Nested
    class Usage {
        @Test
        void bootWithoutADeviceInAWorkspaceOfSeveralIsAUsageError() {
            failed(dev("boot"), ExitCode.USAGE, "--device");
            failed(dev("show"), ExitCode.USAGE, "--device");
        }

        @Test
        void unknownSubcommandsAndOptionsAreUsageErrors() {
            failed(dev("frobnicate"), ExitCode.USAGE);
            failed(dev("capability", "revoke"), ExitCode.USAGE);
            failed(dev("list", "--bogus"), ExitCode.USAGE, "--bogus");
            failed(run("vendor", "frobnicate"), ExitCode.USAGE);
            failed(dev("boot", "-d"), ExitCode.USAGE);
            failed(dev("sideload", "-d", firstThree().get(0)), ExitCode.USAGE, "IMAGEPACKAGE");
            failed(dev("capability", "apply", "-d", firstThree().get(0)), ExitCode.USAGE, "FILE");
        }

        /** Each command takes --workspace after its own name, as every other option: given a file, each says it is no workspace. */
        @ParameterizedTest
        @ValueSource(strings = {"vendor init", "vendor os-release --os-version 25.05", "device create", "device list", "device show",
                "device boot", "device sideload app.imagepackage", "device capability download --type appDevelopment -o c.cap",
                "device capability apply c.cap", "device manufacturing-state show",
                "device manufacturing-state update --state DeviceComplete"})
        void everyCommandTakesTheWorkspaceOption(String command) {
            Path notAWorkspace = write(tmp.resolve("not-a-workspace"), "x".getBytes(StandardCharsets.UTF_8));
            write(tmp.resolve("app.imagepackage"), new byte[] {1});
            write(tmp.resolve("c.cap"), new byte[] {1});
            List<String> args = new ArrayList<>();
            for (String word : command.split(" ")) {
                args.add(word.endsWith(".cap") || word.endsWith(".imagepackage") ? tmp.resolve(word).toString() : word);
            }
            args.add("--workspace");
            args.add(notAWorkspace.toString());
            Result r = run(args.toArray(String[]::new));
            assertFalse(r.err().contains("Unknown option"), () -> "'" + command + "' does not take --workspace\n" + r);
            failed(r, ExitCode.INVALID_INPUT);
            assertArrayEquals("x".getBytes(StandardCharsets.UTF_8), bytes(notAWorkspace));
        }

        @ParameterizedTest
        @ValueSource(strings = {"vendor", "vendor init", "vendor os-release", "device", "device create", "device list",
                "device show", "device boot", "device sideload", "device capability", "device capability download",
                "device capability apply", "device manufacturing-state", "device manufacturing-state show",
                "device manufacturing-state update"})
        void helpWorksForEveryCommand(String command) {
            String[] words = command.split(" ");
            String[] args = java.util.Arrays.copyOf(words, words.length + 1);
            args[words.length] = "--help";
            Result r = ok(run(args));
            assertTrue(r.out().startsWith("Usage: sphaera " + command), r::toString);
            assertTrue(r.out().contains("--help"), r::toString);
            if (!command.equals("vendor") && !command.equals("device") && !command.endsWith("capability")
                    && !command.endsWith("manufacturing-state")) {
                assertTrue(r.out().contains("--workspace"), r::toString);
            }
        }
    }

    @Test
    void theSharedDevicesAreStillWhole() {
        // A guard against a test that damages a device it did not make.
        for (String id : firstThree()) {
            assertEquals(FLASH_SIZE, size(flash(id)));
            assertEquals(id, json(ok(dev("show", "-d", id, "--json"))).path("DeviceId").asText());
        }
        if (firstThree().isEmpty()) {
            fail("no devices");
        }
    }
}
