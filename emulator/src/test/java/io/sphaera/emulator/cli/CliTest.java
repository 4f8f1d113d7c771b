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
import java.io.UncheckedIOException;
import io.sphaera.emulator.cli.CliRun.Result;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sphaera CLI in-process, through {@link SphaeraCli#run}: what a user types and relies on, and every way it can
 * fail. A fixed clock and a seeded random source make every output reproducible.
 */
class CliTest {
    private static final Instant NOW = Instant.parse("2025-03-14T15:09:26.535Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern KEY_ID = Pattern.compile("Key ID:\\s+([0-9a-f]{40})");
    private static final Pattern IMAGE_ID = Pattern.compile("Image ID:\\s+(\\S+)");
    private static final Pattern COMPONENT_ID = Pattern.compile("Component ID:\\s+(\\S+)");
    private static final String BLINK_COMPONENT = "7a3b0d1e-5c4f-4e2a-9b8d-1f6e2c3a4b5d";
    private static final byte[] PREVIOUS = "what was here before\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path tmp;

    /** Shared across the runs of one test, so two keys or two packs in a test differ, but every test is reproducible. */
    private SplittableRandom random = new SplittableRandom(20250314);


    private Result run(String... args) {
        return runWith(random, args);
    }

    private static Result runWith(SplittableRandom random, String... args) {
        return CliRun.run(CLOCK, random, args);
    }




    private static String group(Pattern p, String text) {
        Matcher m = p.matcher(text);
        assertTrue(m.find(), () -> p + " not found in:\n" + text);
        return m.group(1);
    }



    private static byte[] bytes(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path write(Path p, String text) {
        return write(p, text.getBytes(StandardCharsets.UTF_8));
    }

    private static Path write(Path p, byte[] data) {
        try {
            Files.createDirectories(p.toAbsolutePath().getParent());
            return Files.write(p, data);
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

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static JsonNode json(Result r) {
        try {
            return JSON.readTree(r.out());
        } catch (IOException e) {
            throw new AssertionError("show --json printed no JSON:\n" + r, e);
        }
    }

    /** A fresh signing key; returns the private key file (its public key is beside it as .pub.pem). */
    private Path key(String name) {
        Path k = tmp.resolve("keys").resolve(name + ".pem");
        try {
            Files.createDirectories(k.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ok(run("keys", "generate", "-o", k.toString()));
        return k;
    }

    private static Path pub(Path privateKey) {
        return KeysCommand.defaultPublicPath(privateKey);
    }

    private Path blinkCopy() {
        Path dir = tmp.resolve("blink");
        return Files.exists(dir) ? dir : CliRun.blinkCopy(dir);
    }

    private Result pack(Path key, Path output, String... extra) {
        return run(concat(new String[] {"image-package", "pack-application", "--package-directory", blinkCopy().toString(),
                "--signing-key", key.toString(), "-o", output.toString()}, extra));
    }

    // ---------------------------------------------------------------- keys

    @Nested
    class Keys {
        @Test
        void generateWritesPrivateAndPublicPemAndPrintsTheKeyId() {
            Path k = tmp.resolve("signing.pem");
            Result r = ok(run("keys", "generate", "-o", k.toString()));
            String id = group(KEY_ID, r.out());
            assertTrue(r.out().contains(k.toString()), r::toString);

            Path pub = tmp.resolve("signing.pub.pem");
            assertTrue(r.out().contains(pub.toString()), r::toString);
            String privateText = new String(bytes(k), StandardCharsets.US_ASCII);
            String publicText = new String(bytes(pub), StandardCharsets.US_ASCII);
            assertTrue(privateText.startsWith("-----BEGIN PRIVATE KEY-----"), privateText);
            assertTrue(privateText.strip().endsWith("-----END PRIVATE KEY-----"), privateText);
            assertTrue(publicText.startsWith("-----BEGIN PUBLIC KEY-----"), publicText);
            assertEquals(List.of("signing.pem", "signing.pub.pem"), names(tmp), "no other files, no leftovers");

            assertEquals(id, group(KEY_ID, ok(run("keys", "show", k.toString())).out()));
            assertEquals(id, group(KEY_ID, ok(run("keys", "show", pub.toString())).out()));
        }

        @Test
        void publicOutputCanBeNamed() {
            Path k = tmp.resolve("k.pem");
            Path p = tmp.resolve("elsewhere.pem");
            String id = group(KEY_ID, ok(run("keys", "generate", "-o", k.toString(), "--public-output", p.toString())).out());
            assertEquals(List.of("elsewhere.pem", "k.pem"), names(tmp));
            assertEquals(id, group(KEY_ID, ok(run("keys", "show", p.toString())).out()));
        }

        @Test
        void theSameSeedGivesTheSameKeyAndAnotherSeedAnother() {
            Path a = tmp.resolve("a.pem");
            Path b = tmp.resolve("b.pem");
            Path c = tmp.resolve("c.pem");
            ok(runWith(new SplittableRandom(7), "keys", "generate", "-o", a.toString()));
            ok(runWith(new SplittableRandom(7), "keys", "generate", "-o", b.toString()));
            ok(runWith(new SplittableRandom(8), "keys", "generate", "-o", c.toString()));
            assertArrayEquals(bytes(a), bytes(b));
            assertFalse(Arrays.equals(bytes(a), bytes(c)));
        }

        @Test
        void generateOverAnExistingKeyWithoutForceExits3AndChangesNothing() {
            Path k = tmp.resolve("k.pem");
            Path pub = pub(k);
            String id = group(KEY_ID, ok(run("keys", "generate", "-o", k.toString())).out());
            byte[] privateBefore = bytes(k);
            byte[] publicBefore = bytes(pub);

            failed(run("keys", "generate", "-o", k.toString()), ExitCode.INVALID_INPUT, "already exists", "--force");

            assertArrayEquals(privateBefore, bytes(k));
            assertArrayEquals(publicBefore, bytes(pub));
            assertEquals(List.of("k.pem", "k.pub.pem"), names(tmp), "no leftovers");
            assertEquals(id, group(KEY_ID, ok(run("keys", "show", k.toString())).out()));
        }

        @Test
        void generateOverAnExistingPrivateKeyWhosePublicKeyIsGoneChangesNothing() {
            Path k = tmp.resolve("k.pem");
            Path pub = pub(k);
            ok(run("keys", "generate", "-o", k.toString()));
            byte[] privateBefore = bytes(k);
            try {
                Files.delete(pub);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }

            failed(run("keys", "generate", "-o", k.toString()), ExitCode.INVALID_INPUT, "already exists");

            assertArrayEquals(privateBefore, bytes(k));
            // A failed command changes nothing: no public key may appear, least of all one of a different key.
            assertFalse(Files.exists(pub), "a failed generate wrote " + pub + " for a key that was not kept");
        }

        @Test
        void generateOntoADirectoryChangesNothing() throws IOException {
            Path dir = Files.createDirectories(tmp.resolve("sub"));
            failed(run("keys", "generate", "-o", dir.toString()), ExitCode.INVALID_INPUT, "directory");
            assertEquals(List.of("sub"), names(tmp), "a failed generate must not leave a public key (sub.pub.pem) behind");
            assertEquals(List.of(), names(dir));
        }

        @Test
        void generateWithForceReplacesBothFiles() {
            Path k = tmp.resolve("k.pem");
            Path pub = pub(k);
            String first = group(KEY_ID, ok(run("keys", "generate", "-o", k.toString())).out());
            byte[] privateBefore = bytes(k);
            byte[] publicBefore = bytes(pub);

            String second = group(KEY_ID, ok(run("keys", "generate", "-o", k.toString(), "--force")).out());

            assertNotEquals(first, second);
            assertFalse(Arrays.equals(privateBefore, bytes(k)));
            assertFalse(Arrays.equals(publicBefore, bytes(pub)));
            assertEquals(second, group(KEY_ID, ok(run("keys", "show", k.toString())).out()));
            assertEquals(second, group(KEY_ID, ok(run("keys", "show", pub.toString())).out()));
            assertEquals(List.of("k.pem", "k.pub.pem"), names(tmp), "no leftovers");
        }

        @Test
        void publicKeyOverThePrivateKeyIsRefused() {
            Path k = tmp.resolve("k.pem");
            failed(run("keys", "generate", "-o", k.toString(), "--public-output", k.toString()), ExitCode.INVALID_INPUT);
            assertEquals(List.of(), names(tmp));
        }

        @Test
        void generateIntoAMissingDirectoryExits3() {
            Path k = tmp.resolve("no/such/dir/k.pem");
            failed(run("keys", "generate", "-o", k.toString()), ExitCode.INVALID_INPUT, "does not exist");
            assertEquals(List.of(), names(tmp));
        }

        @Test
        void showOfWhatIsNotAKeyExits3() {
            Path notKey = write(tmp.resolve("notes.pem"), "hello\n");
            failed(run("keys", "show", notKey.toString()), ExitCode.INVALID_INPUT, notKey.toString());
            failed(run("keys", "show", tmp.resolve("missing.pem").toString()), ExitCode.INVALID_INPUT, "does not exist");
            failed(run("keys", "show", tmp.toString()), ExitCode.INVALID_INPUT, "directory");
        }
    }

    // ---------------------------------------------------------------- the README's main job

    @Nested
    class PackShowVerify {
        @Test
        void packTheBlinkSampleShowItAndVerifyIt() throws IOException {
            Path k = key("dev");
            String keyId = group(KEY_ID, ok(run("keys", "show", k.toString())).out());
            Path out = tmp.resolve("blink.imagepackage");

            Result packed = ok(pack(k, out));
            assertTrue(Files.isRegularFile(out));
            assertTrue(packed.out().contains(out.toString()), packed::toString);
            assertEquals(BLINK_COMPONENT, group(COMPONENT_ID, packed.out()));
            String imageId = group(IMAGE_ID, packed.out());

            Result shown = ok(run("image-package", "show", out.toString()));
            String text = shown.out();
            assertTrue(text.contains("Component ID"), text);
            assertEquals(BLINK_COMPONENT, group(COMPONENT_ID, text));
            assertEquals(imageId, group(IMAGE_ID, text));
            assertTrue(text.contains("Applications"), text);
            assertTrue(text.contains("Gpio: 12, 8"), text);
            assertTrue(text.contains("MutableStorage: 8 KB"), text);
            assertTrue(text.contains("Blink_HighLevelApp"), text);
            assertTrue(text.contains(keyId), text);
            assertTrue(text.contains("2025-03-14T15:09:26Z"), "build time is the clock's, to the second\n" + text);
            assertFalse(text.contains("$SAMPLE"), text);

            JsonNode j = json(ok(run("image-package", "show", "--json", out.toString())));
            assertEquals("Applications", j.path("Identity").path("ImageType").asText());
            assertEquals(BLINK_COMPONENT, j.path("Identity").path("ComponentId").asText());
            assertEquals(imageId, j.path("Identity").path("ImageId").asText());
            assertEquals(keyId, j.path("Signature").path("SignerKeyId").asText());
            assertEquals("2025-03-14T15:09:26Z", j.path("Build").path("Time").asText());
            assertEquals(Files.size(out), j.path("Size").asLong());
            JsonNode gpio = j.path("ApplicationManifest").path("Capabilities").path("Gpio");
            assertTrue(gpio.isArray(), j::toPrettyString);
            assertEquals(List.of(12, 8), ints(gpio));
            assertEquals(8, j.path("ApplicationManifest").path("Capabilities").path("MutableStorage").path("SizeKB").asInt());
            assertEquals(List.of("app_manifest.json", "bin/app"), paths(j).stream().sorted().toList());
            assertTrue(file(j, "bin/app").path("Executable").asBoolean());
            assertFalse(file(j, "app_manifest.json").path("Executable").asBoolean());
            assertEquals(Files.size(blinkCopy().resolve("bin/app")), file(j, "bin/app").path("Length").asLong());

            Result verified = ok(run("image-package", "verify", out.toString(), "--trusted-key", pub(k).toString()));
            assertTrue(verified.out().contains("Verified"), verified::toString);
            assertTrue(verified.out().contains(keyId), verified::toString);
            // The private key is trusted as well as the public one (its public half is taken).
            ok(run("image-package", "verify", out.toString(), "--trusted-key", k.toString()));
        }

        @Test
        void packingDoesNotTouchThePackageDirectory() throws IOException {
            Path k = key("dev");
            Path dir = blinkCopy();
            byte[] manifest = bytes(dir.resolve("app_manifest.json"));
            ok(pack(k, tmp.resolve("out.imagepackage")));
            assertArrayEquals(manifest, bytes(dir.resolve("app_manifest.json")));
            assertEquals(List.of("app_manifest.json", "bin"), names(dir));
            assertEquals(List.of("out.imagepackage"), names(tmp).stream().filter(n -> n.startsWith("out") || n.startsWith(".")).toList());
        }

        @Test
        void twoPacksOfTheSameAppHaveDifferentImageIdsAndTheSameComponentId() {
            Path k = key("dev");
            Path a = tmp.resolve("a.imagepackage");
            Path b = tmp.resolve("b.imagepackage");
            ok(pack(k, a));
            ok(pack(k, b));
            JsonNode ja = json(ok(run("image-package", "show", "--json", a.toString())));
            JsonNode jb = json(ok(run("image-package", "show", "--json", b.toString())));
            assertNotEquals(ja.path("Identity").path("ImageId").asText(), jb.path("Identity").path("ImageId").asText());
            assertEquals(BLINK_COMPONENT, ja.path("Identity").path("ComponentId").asText());
            assertEquals(BLINK_COMPONENT, jb.path("Identity").path("ComponentId").asText());
        }

        @Test
        void theSameSeedAndClockGiveTheSamePackageByteForByte() {
            Path k = tmp.resolve("k.pem");
            Path a = tmp.resolve("a.imagepackage");
            Path b = tmp.resolve("b.imagepackage");
            ok(runWith(new SplittableRandom(1), "keys", "generate", "-o", k.toString()));
            String dir = blinkCopy().toString();
            ok(runWith(new SplittableRandom(2), "image-package", "pack-application", "--package-directory", dir,
                    "--signing-key", k.toString(), "-o", a.toString()));
            ok(runWith(new SplittableRandom(2), "image-package", "pack-application", "--package-directory", dir,
                    "--signing-key", k.toString(), "-o", b.toString()));
            assertArrayEquals(bytes(a), bytes(b));
        }

        @Test
        void packFromASeparateManifestAndExecutable() throws IOException {
            Path k = key("dev");
            Path manifest = Files.copy(repoRoot().resolve("samples/blink/app_manifest.json"), tmp.resolve("my_manifest.json"));
            byte[] exe = "\0asm-not-really-but-not-empty".getBytes(StandardCharsets.US_ASCII);
            Path executable = write(tmp.resolve("build/blink.wasm"), exe);
            Path out = tmp.resolve("sep.imagepackage");

            ok(run("image-package", "pack-application", "--manifest", manifest.toString(), "--executable", executable.toString(),
                    "--signing-key", k.toString(), "-o", out.toString()));

            JsonNode j = json(ok(run("image-package", "show", "--json", out.toString())));
            assertEquals(List.of("app_manifest.json", "bin/app"), paths(j).stream().sorted().toList());
            assertTrue(file(j, "bin/app").path("Executable").asBoolean());
            assertFalse(file(j, "app_manifest.json").path("Executable").asBoolean());
            assertEquals(exe.length, file(j, "bin/app").path("Length").asInt());
            assertEquals("/bin/app", j.path("ApplicationManifest").path("EntryPoint").asText());
            assertTrue(indexOf(bytes(out), exe) >= 0, "the executable's bytes are packed as they are");
            ok(run("image-package", "verify", out.toString(), "--trusted-key", pub(k).toString()));
        }

        @Test
        void theExecutableLandsAtTheManifestsEntryPoint() throws IOException {
            Path k = key("dev");
            String text = Files.readString(repoRoot().resolve("samples/blink/app_manifest.json"))
                    .replace("\"/bin/app\"", "\"/opt/blinker/main\"");
            Path manifest = write(tmp.resolve("m.json"), text);
            Path executable = write(tmp.resolve("whatever.bin"), new byte[] {1, 2, 3, 4, 5});
            Path out = tmp.resolve("o.imagepackage");
            ok(run("image-package", "pack-application", "--application-manifest", manifest.toString(), "--executables",
                    executable.toString(), "--signing-key", k.toString(), "-o", out.toString()));
            JsonNode j = json(ok(run("image-package", "show", "--json", out.toString())));
            assertTrue(paths(j).contains("opt/blinker/main"), j::toPrettyString);
            assertTrue(file(j, "opt/blinker/main").path("Executable").asBoolean());
        }

        @Test
        void everyFileInThePackageDirectoryIsPacked() throws IOException {
            Path k = key("dev");
            Path dir = blinkCopy();
            write(dir.resolve("data/config.txt"), "x=1\n");
            Path out = tmp.resolve("o.imagepackage");
            ok(pack(k, out));
            JsonNode j = json(ok(run("image-package", "show", "--json", out.toString())));
            assertEquals(List.of("app_manifest.json", "bin/app", "data/config.txt"), paths(j).stream().sorted().toList());
            assertFalse(file(j, "data/config.txt").path("Executable").asBoolean());
        }
    }

    private static List<Integer> ints(JsonNode array) {
        List<Integer> values = new ArrayList<>();
        array.forEach(v -> {
            assertTrue(v.isInt(), () -> v + " is not a number");
            values.add(v.asInt());
        });
        return values;
    }

    private static List<String> paths(JsonNode show) {
        List<String> paths = new ArrayList<>();
        show.path("Files").forEach(f -> paths.add(f.path("Path").asText()));
        return paths;
    }

    private static JsonNode file(JsonNode show, String path) {
        for (JsonNode f : show.path("Files")) {
            if (f.path("Path").asText().equals(path)) {
                return f;
            }
        }
        return fail("no file " + path + " in " + show.toPrettyString());
    }

    // ---------------------------------------------------------------- verify and show failures

    @Nested
    class VerifyAndShowFailures {
        Path k;
        Path out;
        byte[] good;

        @BeforeEach
        void packOne() {
            k = key("dev");
            out = tmp.resolve("good.imagepackage");
            ok(pack(k, out));
            good = bytes(out);
        }

        @Test
        void anotherKeyIsNotTrustedExit4() {
            Path other = key("other");
            failed(run("image-package", "verify", out.toString(), "--trusted-key", pub(other).toString()),
                    ExitCode.VERIFICATION_FAILED, "not trusted", out.toString());
            // Trusting several keys, one of them the signer's, is enough.
            ok(run("image-package", "verify", out.toString(), "--trusted-key", pub(other).toString(), "--trusted-key", pub(k).toString()));
        }

        @Test
        void theTrustedKeyMayComeBeforeThePackage() {
            // "verify --trusted-key PUB PACKAGE" is how options are usually written; PACKAGE must not be taken for a key.
            Result r = ok(run("image-package", "verify", "--trusted-key", pub(k).toString(), out.toString()));
            assertTrue(r.out().contains("Verified"), r::toString);
        }

        @Test
        void oneChangedByteOfTheExecutableExits4() throws IOException {
            byte[] exe = Files.readAllBytes(blinkCopy().resolve("bin/app"));
            int at = indexOf(good, exe);
            assertTrue(at > 0, "the executable is in the package");
            byte[] tampered = good.clone();
            tampered[at + exe.length / 2] ^= 0x01;
            Path bad = write(tmp.resolve("tampered.imagepackage"), tampered);

            failed(run("image-package", "verify", bad.toString(), "--trusted-key", pub(k).toString()),
                    ExitCode.VERIFICATION_FAILED, "signature does not match", bad.toString());
            // show does not check signatures: the tampered package still shows.
            ok(run("image-package", "show", bad.toString()));
        }

        @Test
        void oneChangedByteOfTheSignatureExits4() {
            byte[] tampered = good.clone();
            tampered[tampered.length - 1] ^= (byte) 0x80;
            Path bad = write(tmp.resolve("sig.imagepackage"), tampered);
            failed(run("image-package", "verify", bad.toString(), "--trusted-key", pub(k).toString()),
                    ExitCode.VERIFICATION_FAILED, "signature does not match");
        }

        @Test
        void aTruncatedPackageExits3ForShowAndVerify() {
            // Lengths around every structure boundary, and a spread across the whole package.
            List<Integer> lengths = new ArrayList<>(List.of(0, 1, 11, 12, 87, 88, 89, good.length / 2, good.length - 65,
                    good.length - 64, good.length - 63, good.length - 2, good.length - 1));
            // About 60 more, whatever the sample's size (every length is walked at the parser, ImagePackageCorruptionTest).
            for (int n = 2; n < good.length; n += Math.max(37, good.length / 60)) {
                lengths.add(n);
            }
            for (int n : lengths) {
                Path cut = write(tmp.resolve("cut.imagepackage"), Arrays.copyOf(good, n));
                String m = "truncated to " + n + " of " + good.length + " bytes";
                Result v = run("image-package", "verify", cut.toString(), "--trusted-key", pub(k).toString());
                assertEquals(ExitCode.INVALID_INPUT, v.code(), () -> m + "\n" + v);
                failed(v, ExitCode.INVALID_INPUT, cut.toString());
                Result s = run("image-package", "show", cut.toString());
                assertEquals(ExitCode.INVALID_INPUT, s.code(), () -> m + "\n" + s);
                failed(s, ExitCode.INVALID_INPUT);
                failed(run("image-package", "show", "--json", cut.toString()), ExitCode.INVALID_INPUT);
            }
        }

        @Test
        void aFileThatIsNotAPackageExits3() {
            Path manifest = blinkCopy().resolve("app_manifest.json");
            byte[] noise = new byte[4096];
            new SplittableRandom(99).nextBytes(noise);
            Path random = write(tmp.resolve("noise.bin"), noise);
            Path empty = write(tmp.resolve("empty.imagepackage"), new byte[0]);
            for (Path notPackage : List.of(manifest, random, empty, k, pub(k))) {
                failed(run("image-package", "show", notPackage.toString()), ExitCode.INVALID_INPUT, notPackage.toString());
                failed(run("image-package", "verify", notPackage.toString(), "--trusted-key", pub(k).toString()),
                        ExitCode.INVALID_INPUT, notPackage.toString());
            }
        }

        @Test
        void aMissingFileOrADirectoryExits3() {
            Path missing = tmp.resolve("missing.imagepackage");
            failed(run("image-package", "show", missing.toString()), ExitCode.INVALID_INPUT, missing.toString(), "does not exist");
            failed(run("image-package", "verify", missing.toString(), "--trusted-key", pub(k).toString()),
                    ExitCode.INVALID_INPUT, missing.toString(), "does not exist");
            failed(run("image-package", "show", tmp.toString()), ExitCode.INVALID_INPUT, "directory");
        }

        @Test
        void aTrustedKeyThatIsMissingOrNotAKeyExits3() {
            failed(run("image-package", "verify", out.toString(), "--trusted-key", tmp.resolve("nope.pem").toString()),
                    ExitCode.INVALID_INPUT, "trusted key", "does not exist");
            Path notKey = write(tmp.resolve("junk.pem"), "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n");
            failed(run("image-package", "verify", out.toString(), "--trusted-key", notKey.toString()),
                    ExitCode.INVALID_INPUT, "trusted key", notKey.toString());
        }

        @Test
        void verboseAddsTheStackTraceAndOnlyThen() {
            Path cut = write(tmp.resolve("cut.imagepackage"), Arrays.copyOf(good, good.length / 2));
            failed(run("image-package", "show", cut.toString()), ExitCode.INVALID_INPUT);

            Result before = run("--verbose", "image-package", "show", cut.toString());
            assertEquals(ExitCode.INVALID_INPUT, before.code(), before::toString);
            assertTrue(before.err().startsWith("sphaera: "), before::toString);
            assertTrue(before.err().contains("at io.sphaera"), () -> "--verbose shows the stack trace\n" + before);
            assertEquals("", before.out());

            Result after = run("image-package", "show", cut.toString(), "--verbose");
            assertEquals(ExitCode.INVALID_INPUT, after.code(), after::toString);
            assertTrue(after.err().contains("at io.sphaera"), () -> "--verbose after the subcommand works too\n" + after);
        }
    }

    // ---------------------------------------------------------------- invalid manifests

    private static String manifest(String capabilities) {
        return """
                {
                  "SchemaVersion": 1,
                  "Name": "Blink_HighLevelApp",
                  "ComponentId": "%s",
                  "EntryPoint": "/bin/app",
                  "CmdArgs": [],
                  "Capabilities": %s,
                  "ApplicationType": "Default"
                }
                """.formatted(BLINK_COMPONENT, capabilities);
    }

    static Stream<Arguments> invalidManifests() {
        return Stream.of(
                Arguments.of("a GPIO listed twice", manifest("{\"Gpio\": [\"$SAMPLE_LED\", 8]}"), "Capabilities.Gpio"),
                Arguments.of("mutable storage over 64 KB", manifest("{\"MutableStorage\": {\"SizeKB\": 65}}"),
                        "Capabilities.MutableStorage.SizeKB"),
                Arguments.of("I2S in a Default app", manifest("{\"I2s\": [\"I2S0\"]}"), "Capabilities.I2s"),
                Arguments.of("an unknown capability", manifest("{\"Bluetooth\": true}"), "Capabilities.Bluetooth"),
                Arguments.of("a GPIO the chip lacks", manifest("{\"Gpio\": [24]}"), "Capabilities.Gpio"),
                Arguments.of("a $NAME the definitions lack", manifest("{\"Gpio\": [\"$NO_SUCH_PIN\"]}"), "$NO_SUCH_PIN"),
                Arguments.of("an ISU in two roles", manifest("{\"Uart\": [\"ISU0\"], \"I2cMaster\": [\"ISU0\"]}"), "ISU0"),
                Arguments.of("a port out of range", manifest("{\"AllowedTcpServerPorts\": [70000]}"), "Capabilities.AllowedTcpServerPorts"),
                Arguments.of("an unknown top-level field", manifest("{}").replace("\"CmdArgs\"", "\"Extra\": 1, \"CmdArgs\""), "Extra"),
                Arguments.of("no ComponentId", manifest("{}").replace("\"ComponentId\"", "\"Nothing\"").replace("\"Nothing\": \"" + BLINK_COMPONENT + "\",", ""),
                        "ComponentId"),
                Arguments.of("a ComponentId that is no GUID", manifest("{}").replace(BLINK_COMPONENT, "not-a-guid"), "ComponentId"),
                Arguments.of("a relative EntryPoint", manifest("{}").replace("\"/bin/app\"", "\"bin/app\""), "EntryPoint"),
                Arguments.of("an unknown ApplicationType", manifest("{}").replace("\"Default\"", "\"Bogus\""), "ApplicationType"),
                Arguments.of("SchemaVersion 2", manifest("{}").replace("\"SchemaVersion\": 1", "\"SchemaVersion\": 2"), "SchemaVersion"),
                Arguments.of("a field given twice", manifest("{}").replace("\"CmdArgs\": []", "\"CmdArgs\": [], \"CmdArgs\": []"),
                        "app_manifest.json"),
                Arguments.of("not JSON", "{ \"SchemaVersion\": 1, ", "not valid JSON"),
                Arguments.of("not an object", "[1, 2, 3]", "JSON object"),
                Arguments.of("an empty file", "", "app_manifest.json"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidManifests")
    void anInvalidManifestExits3NamingTheFieldAndWritesNothing(String what, String manifestText, String field) throws IOException {
        Path k = key("dev");
        Path dir = tmp.resolve("app");
        write(dir.resolve("app_manifest.json"), manifestText);
        write(dir.resolve("bin/app"), new byte[] {0, 'a', 's', 'm'});
        Path outDir = Files.createDirectories(tmp.resolve("out"));
        Path fresh = outDir.resolve("fresh.imagepackage");
        Path existing = write(outDir.resolve("existing.imagepackage"), PREVIOUS);

        Result r = failed(run("image-package", "pack-application", "--package-directory", dir.toString(),
                "--signing-key", k.toString(), "-o", fresh.toString()), ExitCode.INVALID_INPUT, field);
        assertFalse(Files.exists(fresh), what + ": the output must not be created\n" + r);

        failed(run("image-package", "pack-application", "--package-directory", dir.toString(),
                "--signing-key", k.toString(), "-o", existing.toString()), ExitCode.INVALID_INPUT, field);
        assertArrayEquals(PREVIOUS, bytes(existing), what + ": an existing output must be left as it was");

        // The same manifest given as a separate file fails the same way.
        failed(run("image-package", "pack-application", "--manifest", dir.resolve("app_manifest.json").toString(),
                "--executable", dir.resolve("bin/app").toString(), "--signing-key", k.toString(), "-o", existing.toString()),
                ExitCode.INVALID_INPUT, field);
        assertArrayEquals(PREVIOUS, bytes(existing));
        assertEquals(List.of("existing.imagepackage"), names(outDir), "no partial files left behind");
    }

    @Test
    void aManifestFieldErrorIsReportedAsTheReadmeShowsIt() {
        Path k = key("dev");
        Path dir = tmp.resolve("app");
        write(dir.resolve("app_manifest.json"), manifest("{\"Gpio\": [\"$SAMPLE_LED\", 8]}"));
        write(dir.resolve("bin/app"), new byte[] {1});
        Result r = failed(run("image-package", "pack-application", "--package-directory", dir.toString(),
                "--signing-key", k.toString(), "-o", tmp.resolve("o").toString()), ExitCode.INVALID_INPUT);
        assertEquals("sphaera: app_manifest.json: Capabilities.Gpio: GPIO 8 is listed twice", r.err().strip());
    }

    @Test
    void aManifestNameWithANulCharacterExits3NamingName() {
        // The build name is cut from the manifest's Name; a NUL in it must be an input error, not an internal one.
        Path k = key("dev");
        Path dir = tmp.resolve("app");
        write(dir.resolve("app_manifest.json"), manifest("{}").replace("\"Blink_HighLevelApp\"", "\"Blink\\u0000App\""));
        write(dir.resolve("bin/app"), new byte[] {1});
        Path out = tmp.resolve("o.imagepackage");
        failed(run("image-package", "pack-application", "--package-directory", dir.toString(),
                "--signing-key", k.toString(), "-o", out.toString()), ExitCode.INVALID_INPUT, "Name");
        assertFalse(Files.exists(out));
    }

    @Nested
    class PackInputFailures {
        Path k;
        Path out;

        @BeforeEach
        void setUp() throws IOException {
            k = key("dev");
            out = write(tmp.resolve("out.imagepackage"), PREVIOUS);
        }

        private void unchanged() {
            assertArrayEquals(PREVIOUS, bytes(out), "the output must be left as it was");
        }

        @Test
        void aMissingPackageDirectoryExits3() {
            Path dir = tmp.resolve("nope");
            failed(run("image-package", "pack-application", "--package-directory", dir.toString(), "--signing-key", k.toString(),
                    "-o", out.toString()), ExitCode.INVALID_INPUT, dir.toString());
            unchanged();
        }

        @Test
        void aDirectoryWithoutAManifestExits3() {
            Path dir = tmp.resolve("bare");
            write(dir.resolve("bin/app"), new byte[] {1});
            failed(run("image-package", "pack-application", "--package-directory", dir.toString(), "--signing-key", k.toString(),
                    "-o", out.toString()), ExitCode.INVALID_INPUT, "app_manifest.json");
            unchanged();
        }

        @Test
        void aMissingEntryPointExecutableExits3() throws IOException {
            Path dir = blinkCopy();
            Files.delete(dir.resolve("bin/app"));
            failed(pack(k, out), ExitCode.INVALID_INPUT, "EntryPoint");
            unchanged();
        }

        @Test
        void anEmptyExecutableExits3() throws IOException {
            Path dir = blinkCopy();
            Files.write(dir.resolve("bin/app"), new byte[0]);
            failed(pack(k, out), ExitCode.INVALID_INPUT, "empty");
            unchanged();
        }

        @Test
        void aMissingSeparateExecutableOrManifestExits3() {
            Path manifest = blinkCopy().resolve("app_manifest.json");
            Path missing = tmp.resolve("missing.wasm");
            failed(run("image-package", "pack-application", "--manifest", manifest.toString(), "--executable", missing.toString(),
                    "--signing-key", k.toString(), "-o", out.toString()), ExitCode.INVALID_INPUT, missing.toString());
            failed(run("image-package", "pack-application", "--manifest", missing.toString(), "--executable",
                    blinkCopy().resolve("bin/app").toString(), "--signing-key", k.toString(), "-o", out.toString()),
                    ExitCode.INVALID_INPUT, missing.toString());
            unchanged();
        }

        @Test
        void aSigningKeyThatIsMissingOrPublicExits3() {
            Path missing = tmp.resolve("missing.pem");
            failed(pack(missing, out), ExitCode.INVALID_INPUT, "signing key", "does not exist");
            failed(pack(pub(k), out), ExitCode.INVALID_INPUT, "signing key", pub(k).toString());
            unchanged();
        }

        @Test
        void anOutputInAMissingDirectoryExits3() {
            Path nowhere = tmp.resolve("no/such/dir/o.imagepackage");
            failed(pack(k, nowhere), ExitCode.INVALID_INPUT, "does not exist");
            assertFalse(Files.exists(tmp.resolve("no")));
        }

        @Test
        void anOutputThatIsADirectoryExits3() throws IOException {
            Path d = Files.createDirectories(tmp.resolve("outdir"));
            failed(pack(k, d), ExitCode.INVALID_INPUT, "directory");
            assertEquals(List.of(), names(d));
        }

        @Test
        void theOutputCannotOverwriteAnInput() {
            // -o naming the signing key (or the manifest) would destroy an input, the private key irrecoverably.
            byte[] key = bytes(k);
            Result r = pack(k, k);
            assertArrayEquals(key, bytes(k), "pack-application -o KEY replaced the signing key with the package\n" + r);
            failed(r, ExitCode.INVALID_INPUT, k.toString());

            Path manifest = blinkCopy().resolve("app_manifest.json");
            byte[] manifestBytes = bytes(manifest);
            Result m = run("image-package", "pack-application", "--manifest", manifest.toString(), "--executable",
                    blinkCopy().resolve("bin/app").toString(), "--signing-key", k.toString(), "-o", manifest.toString());
            assertArrayEquals(manifestBytes, bytes(manifest), "pack-application -o MANIFEST replaced the manifest\n" + m);
            failed(m, ExitCode.INVALID_INPUT, manifest.toString());
        }

        @Test
        void anExistingOutputIsReplacedOnSuccess() {
            ok(pack(k, out));
            ok(run("image-package", "verify", out.toString(), "--trusted-key", pub(k).toString()));
        }
    }

    // ---------------------------------------------------------------- usage errors

    static Stream<Arguments> usageErrors() {
        return Stream.of(
                Arguments.of("no command", List.of()),
                Arguments.of("an unknown command", List.of("frobnicate")),
                Arguments.of("an unknown option", List.of("--frobnicate")),
                Arguments.of("an unknown image-package subcommand", List.of("image-package", "frobnicate")),
                Arguments.of("image-package without a subcommand", List.of("image-package")),
                Arguments.of("keys without a subcommand", List.of("keys")),
                Arguments.of("an unknown option to show", List.of("image-package", "show", "--frobnicate", "PKG")),
                Arguments.of("show without a package", List.of("image-package", "show")),
                Arguments.of("verify without --trusted-key", List.of("image-package", "verify", "PKG")),
                Arguments.of("keys generate without -o", List.of("keys", "generate")),
                Arguments.of("pack without --signing-key", List.of("image-package", "pack-application", "--package-directory", "DIR",
                        "-o", "OUT")),
                Arguments.of("pack without -o", List.of("image-package", "pack-application", "--package-directory", "DIR",
                        "--signing-key", "KEY")),
                Arguments.of("pack with no input", List.of("image-package", "pack-application", "--signing-key", "KEY", "-o", "OUT")),
                Arguments.of("pack with both --package-directory and --manifest", List.of("image-package", "pack-application",
                        "--package-directory", "DIR", "--manifest", "MANIFEST", "--executable", "EXE", "--signing-key", "KEY",
                        "-o", "OUT")),
                Arguments.of("pack with --manifest but no --executable", List.of("image-package", "pack-application",
                        "--manifest", "MANIFEST", "--signing-key", "KEY", "-o", "OUT")),
                Arguments.of("pack with a non-numeric --security-version", List.of("image-package", "pack-application",
                        "--package-directory", "DIR", "--signing-key", "KEY", "-o", "OUT", "--security-version", "seven")),
                Arguments.of("pack with a non-numeric --abi-depends", List.of("image-package", "pack-application",
                        "--package-directory", "DIR", "--signing-key", "KEY", "-o", "OUT", "--abi-depends", "1,x")),
                Arguments.of("pack-board-config with both --preset and a file", List.of("image-package", "pack-board-config",
                        "--preset", "lan-enc28j60-isu0-int5", "--board-config-file", "F", "--signing-key", "KEY", "-o", "OUT")),
                Arguments.of("pack-board-config with neither", List.of("image-package", "pack-board-config",
                        "--signing-key", "KEY", "-o", "OUT")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("usageErrors")
    void usageErrorsExit2WithOneLine(String what, List<String> args) throws IOException {
        // Every path is made relative to an empty temporary directory, so a mistaken run could write nothing real.
        List<String> resolved = args.stream()
                .map(a -> a.equals(a.toUpperCase()) && a.matches("[A-Z]+") ? tmp.resolve(a).toString() : a).toList();
        Result r = failed(run(resolved.toArray(String[]::new)), ExitCode.USAGE, "--help");
        assertEquals(List.of(), names(tmp), what + ": a usage error creates nothing\n" + r);
    }

    // ---------------------------------------------------------------- board configurations

    @Nested
    class BoardConfigs {
        Path k;

        @BeforeEach
        void setUp() {
            k = key("dev");
        }

        @Test
        void thePresetPacksShowsAndVerifies() {
            Path out = tmp.resolve("board.imagepackage");
            Result packed = ok(run("image-package", "pack-board-config", "--preset", "lan-enc28j60-isu0-int5",
                    "--signing-key", k.toString(), "-o", out.toString()));
            String component = group(COMPONENT_ID, packed.out());

            String text = ok(run("image-package", "show", out.toString())).out();
            assertTrue(text.contains("CustomerBoardConfig"), text);
            assertTrue(text.contains("Board configuration:"), text);
            assertTrue(text.contains("lan-enc28j60-isu0-int5"), text);
            assertTrue(text.contains("ENC28J60 on ISU0, interrupt on GPIO 5"), text);
            assertEquals(component, group(COMPONENT_ID, text));
            assertFalse(text.contains("Application manifest"), text);

            JsonNode j = json(ok(run("image-package", "show", "--json", out.toString())));
            assertEquals("CustomerBoardConfig", j.path("Identity").path("ImageType").asText());
            assertEquals("ISU0", j.path("BoardConfiguration").path("Ethernet").path("Isu").asText());
            assertEquals(5, j.path("BoardConfiguration").path("Ethernet").path("InterruptGpio").asInt());
            assertEquals(component, j.path("BoardConfiguration").path("ComponentId").asText());
            assertTrue(j.path("ApplicationManifest").isMissingNode(), j::toPrettyString);

            ok(run("image-package", "verify", out.toString(), "--trusted-key", pub(k).toString()));
        }

        @Test
        void anUnknownPresetExits3AndWritesNothing() {
            Path out = tmp.resolve("board.imagepackage");
            failed(run("image-package", "pack-board-config", "--preset", "lan-w5500", "--signing-key", k.toString(),
                    "-o", out.toString()), ExitCode.INVALID_INPUT, "lan-w5500", "lan-enc28j60-isu0-int5");
            assertFalse(Files.exists(out));
        }

        private static String board(String isu, String gpio) {
            return """
                    {"Name": "my-board", "ComponentId": "0d9f6c2a-3c5e-4b8e-9a51-2f1b7e6d4c3a",
                     "Ethernet": {"Chip": "ENC28J60", "Isu": %s, "InterruptGpio": %s}}
                    """.formatted(isu, gpio);
        }

        @Test
        void aBoardConfigurationFilePacks() {
            Path file = write(tmp.resolve("board.json"), board("\"ISU1\"", "6"));
            Path out = tmp.resolve("board.imagepackage");
            ok(run("image-package", "pack-board-config", "--board-config-file", file.toString(), "--signing-key", k.toString(),
                    "-o", out.toString()));
            String text = ok(run("image-package", "show", out.toString())).out();
            assertTrue(text.contains("ENC28J60 on ISU1, interrupt on GPIO 6"), text);
            assertEquals("0d9f6c2a-3c5e-4b8e-9a51-2f1b7e6d4c3a", group(COMPONENT_ID, text));
        }

        static Stream<Arguments> badBoardConfigs() {
            return Stream.of(
                    Arguments.of(board("\"ISU9\"", "5"), "Ethernet.Isu"),
                    Arguments.of(board("\"ISU0\"", "26"), "Ethernet.InterruptGpio"),
                    Arguments.of(board("\"ISU0\"", "99"), "Ethernet.InterruptGpio"),
                    Arguments.of(board("\"ISU0\"", "\"5\""), "Ethernet.InterruptGpio"),
                    Arguments.of(board("\"ISU0\"", "5").replace("ENC28J60", "W5500"), "Ethernet.Chip"),
                    Arguments.of(board("\"ISU0\"", "5").replace("\"Chip\"", "\"Speed\": 10, \"Chip\""), "Ethernet.Speed"),
                    Arguments.of(board("\"ISU0\"", "5").replace("0d9f6c2a-3c5e-4b8e-9a51-2f1b7e6d4c3a", "nope"), "ComponentId"),
                    Arguments.of(board("\"ISU0\"", "5").replace("\"my-board\"", "\"\""), "Name"),
                    Arguments.of(board("\"ISU0\"", "5").replace("\"Name\"", "\"Nom\""), "Nom"),
                    Arguments.of("{\"Name\": ", "not valid JSON"));
        }

        @ParameterizedTest
        @MethodSource("badBoardConfigs")
        void aBadBoardConfigurationFileExits3NamingTheField(String json, String field) {
            Path file = write(tmp.resolve("board.json"), json);
            Path fresh = tmp.resolve("fresh.imagepackage");
            Path existing = write(tmp.resolve("existing.imagepackage"), PREVIOUS);
            failed(run("image-package", "pack-board-config", "--board-config-file", file.toString(), "--signing-key", k.toString(),
                    "-o", fresh.toString()), ExitCode.INVALID_INPUT, field, file.toString());
            assertFalse(Files.exists(fresh));
            failed(run("image-package", "pack-board-config", "--board-config-file", file.toString(), "--signing-key", k.toString(),
                    "-o", existing.toString()), ExitCode.INVALID_INPUT, field);
            assertArrayEquals(PREVIOUS, bytes(existing));
        }

        @Test
        void aMissingBoardConfigurationFileExits3() {
            Path file = tmp.resolve("missing.json");
            Path out = tmp.resolve("o.imagepackage");
            failed(run("image-package", "pack-board-config", "--board-config-file", file.toString(), "--signing-key", k.toString(),
                    "-o", out.toString()), ExitCode.INVALID_INPUT, file.toString());
            assertFalse(Files.exists(out));
        }

        @Test
        void aBoardNameWithANulCharacterExits3() {
            Path file = write(tmp.resolve("board.json"), board("\"ISU1\"", "6").replace("\"my-board\"", "\"my\\u0000board\""));
            Path out = tmp.resolve("o.imagepackage");
            failed(run("image-package", "pack-board-config", "--board-config-file", file.toString(), "--signing-key", k.toString(),
                    "-o", out.toString()), ExitCode.INVALID_INPUT, "Name");
            assertFalse(Files.exists(out));
        }
    }

    // ---------------------------------------------------------------- versions and flags

    @Test
    void versionSecurityVersionTemporaryFlagAndAbiDependsAreStamped() {
        Path k = key("dev");
        Path out = tmp.resolve("o.imagepackage");
        ok(pack(k, out, "--image-version", "2.1.0", "--security-version", "7", "--temporary-image", "UnderDevelopment",
                "--abi-depends", "1,5,3"));
        JsonNode j = json(ok(run("image-package", "show", "--json", out.toString())));
        assertEquals("2.1.0", j.path("Version").path("Version").asText());
        assertEquals(7, j.path("Version").path("SecurityVersion").asLong());
        assertEquals("UnderDevelopment", j.path("TemporaryImage").asText());
        assertEquals(List.of(1, 5, 3), ints(j.path("AbiDepends")));

        String text = ok(run("image-package", "show", out.toString())).out();
        assertTrue(text.contains("2.1.0"), text);
        assertTrue(text.contains("UnderDevelopment"), text);
        assertTrue(text.contains("1, 5, 3"), text);
    }

    @Test
    void theDefaultsAre100SecurityVersion0AndNotTemporary() {
        Path k = key("dev");
        Path out = tmp.resolve("o.imagepackage");
        ok(pack(k, out));
        JsonNode j = json(ok(run("image-package", "show", "--json", out.toString())));
        assertEquals("1.0.0", j.path("Version").path("Version").asText());
        assertEquals(0, j.path("Version").path("SecurityVersion").asLong());
        assertEquals("None", j.path("TemporaryImage").asText());
        assertEquals(0, j.path("AbiDepends").size());
    }

    @Test
    void theLargestSecurityVersionAndALongVersionFit() {
        Path k = key("dev");
        Path out = tmp.resolve("o.imagepackage");
        ok(pack(k, out, "--security-version", "4294967295", "--image-version", "123456789.123456789.123456789.1",
                "--temporary-image", "RemoveAtBoot"));
        JsonNode j = json(ok(run("image-package", "show", "--json", out.toString())));
        assertEquals(4294967295L, j.path("Version").path("SecurityVersion").asLong());
        assertEquals("123456789.123456789.123456789.1", j.path("Version").path("Version").asText());
        assertEquals("RemoveAtBoot", j.path("TemporaryImage").asText());
    }

    static Stream<Arguments> badPackingOptions() {
        return Stream.of(
                Arguments.of(List.of("--image-version", "x.y"), "--image-version"),
                Arguments.of(List.of("--image-version", "1.2.3.4.5"), "--image-version"),
                Arguments.of(List.of("--image-version", ""), "--image-version"),
                // Four parts of nine digits have the right shape but do not fit the 31-byte version field.
                Arguments.of(List.of("--image-version", "123456789.123456789.123456789.12"), "--image-version"),
                Arguments.of(List.of("--security-version", "-1"), "--security-version"),
                Arguments.of(List.of("--security-version", "4294967296"), "--security-version"),
                Arguments.of(List.of("--temporary-image", "Bogus"), "--temporary-image"),
                Arguments.of(List.of("--abi-depends", "-1"), "--abi-depends"),
                // At most 16 ABI versions fit the metadata section.
                Arguments.of(List.of("--abi-depends", "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17"), "--abi-depends"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badPackingOptions")
    void badPackingOptionsFailAndCreateNothing(List<String> options, String option) {
        Path k = key("dev");
        Path fresh = tmp.resolve("fresh.imagepackage");
        Path existing = write(tmp.resolve("existing.imagepackage"), PREVIOUS);
        String[] extra = options.toArray(String[]::new);

        Result r = pack(k, fresh, extra);
        assertTrue(r.code() == ExitCode.USAGE || r.code() == ExitCode.INVALID_INPUT, r::toString);
        failed(r, r.code(), option);
        assertFalse(Files.exists(fresh), r::toString);

        failed(pack(k, existing, extra), r.code(), option);
        assertArrayEquals(PREVIOUS, bytes(existing));

        Result board = run(concat(new String[] {"image-package", "pack-board-config", "--preset", "lan-enc28j60-isu0-int5",
                "--signing-key", k.toString(), "-o", fresh.toString()}, extra));
        if (!options.get(0).equals("--abi-depends")) {
            assertTrue(board.code() == ExitCode.USAGE || board.code() == ExitCode.INVALID_INPUT, board::toString);
            failed(board, board.code(), option);
        }
        assertFalse(Files.exists(fresh), board::toString);
    }

    // ---------------------------------------------------------------- help

    @ParameterizedTest
    @ValueSource(strings = {"", "keys", "keys generate", "keys show", "image-package", "image-package pack-application",
            "image-package pack-board-config", "image-package show", "image-package verify"})
    void helpForEveryCommandExits0(String command) {
        String[] args = concat(command.isEmpty() ? new String[0] : command.split(" "), "--help");
        Result r = ok(run(args));
        assertTrue(r.out().startsWith("Usage: sphaera" + (command.isEmpty() ? "" : " " + command)), r::toString);
        assertEquals(List.of(), names(tmp));
        Result shortForm = ok(run(concat(command.isEmpty() ? new String[0] : command.split(" "), "-h")));
        assertEquals(r.out(), shortForm.out());
    }

    @Test
    void versionExits0() {
        Result r = ok(run("--version"));
        assertTrue(r.out().startsWith("sphaera "), r::toString);
    }

    @Test
    void rootHelpListsTheExitCodes() {
        Result r = ok(run("--help"));
        assertTrue(r.out().contains("keys"), r::toString);
        assertTrue(r.out().contains("image-package"), r::toString);
        String flat = r.out().replaceAll("\\s+", " ");
        assertTrue(flat.contains("2 usage, 3 invalid input, 4 verification failed"), r::toString);
    }
}
