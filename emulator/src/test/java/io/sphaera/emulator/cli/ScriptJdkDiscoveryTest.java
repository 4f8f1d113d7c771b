package io.sphaera.emulator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/lib/common.sh's sphaera_find_jdk, run by bash with a controlled environment. SPHAERA_JDK_SEARCH names the
 * directories whose children are candidate JDK homes, so fake JDKs in a temporary directory stand in for real ones.
 */
class ScriptJdkDiscoveryTest {
    private static Path commonSh;
    private static Path bash;

    @TempDir
    Path tmp;

    record Outcome(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout:\n" + out + "--- stderr:\n" + err;
        }
    }

    @BeforeAll
    static void findTheScriptAndBash() {
        Path root = null;
        // Maven runs tests in emulator/, so the root is normally ".."; walk up to be independent of that.
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("scripts/lib/common.sh"))) {
                root = p;
                break;
            }
        }
        assertTrue(root != null, "cannot find scripts/lib/common.sh above " + Path.of("").toAbsolutePath());
        commonSh = root.resolve("scripts/lib/common.sh");
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path b = Path.of(dir, "bash");
            if (Files.isExecutable(b)) {
                bash = b;
                break;
            }
        }
        assumeTrue(bash != null, "bash is not installed");
    }

    /** A fake JDK home: executable bin/java and bin/javac, and a release file naming the version (when given). */
    private static Path fakeJdk(Path home, String releaseVersion) throws IOException {
        Path bin = Files.createDirectories(home.resolve("bin"));
        for (String tool : new String[] {"java", "javac"}) {
            Path t = bin.resolve(tool);
            Files.writeString(t, "#!/bin/sh\necho \"fake " + tool + " must not run\" >&2\nexit 99\n");
            Files.setPosixFilePermissions(t, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        if (releaseVersion != null) {
            Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"Fake\"\nJAVA_VERSION=\"" + releaseVersion + "\"\n"
                    + "OS_NAME=\"Linux\"\n");
        }
        return home;
    }

    /** Sources common.sh in a fresh bash, calls sphaera_find_jdk and prints the JAVA_HOME it settled on. */
    private Outcome findJdk(String javaHome, String search) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(bash.toString(), "-c",
                "set -euo pipefail; source \"$1\"; sphaera_find_jdk; printf '%s\\n' \"$JAVA_HOME\"", "bash", commonSh.toString());
        Map<String, String> env = pb.environment();
        env.clear();
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.put("HOME", tmp.resolve("home").toString());
        env.put("LC_ALL", "C");
        if (javaHome != null) {
            env.put("JAVA_HOME", javaHome);
        }
        env.put("SPHAERA_JDK_SEARCH", search);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Path out = tmp.resolve("stdout.txt");
        Path err = tmp.resolve("stderr.txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("sphaera_find_jdk did not finish in 30 s");
        }
        return new Outcome(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    private static void chose(Outcome o, Path expected) {
        assertEquals(0, o.code(), o::toString);
        assertEquals(expected.toString() + "\n", o.out(), o::toString);
        assertEquals("", o.err(), o::toString);
    }

    @Test
    void aJavaHomeOf21OrNewerIsKept() throws Exception {
        Path jdk21 = fakeJdk(tmp.resolve("mine/jdk-21"), "21.0.5");
        Path search = Files.createDirectories(tmp.resolve("jvm"));
        fakeJdk(search.resolve("jdk-25"), "25");
        chose(findJdk(jdk21.toString(), search.toString()), jdk21);
    }

    @Test
    void aJavaHomeOf25IsKept() throws Exception {
        Path jdk25 = fakeJdk(tmp.resolve("mine/jdk-25"), "25");
        Path search = Files.createDirectories(tmp.resolve("jvm"));
        fakeJdk(search.resolve("jdk-21"), "21.0.5");
        chose(findJdk(jdk25.toString(), search.toString()), jdk25);
    }

    @Test
    void aJavaHomeOf17FallsBackToTheNewestCandidateOf21OrLater() throws Exception {
        Path search = Files.createDirectories(tmp.resolve("jvm"));
        Path jdk17 = fakeJdk(search.resolve("jdk-17"), "17.0.2");
        fakeJdk(search.resolve("jdk-21"), "21.0.5");
        Path jdk25 = fakeJdk(search.resolve("a-jdk-25"), "25");
        fakeJdk(search.resolve("zz-jdk-17"), "17.0.2");
        chose(findJdk(jdk17.toString(), search.toString()), jdk25);
    }

    @Test
    void aJavaHomeOf17FallsBackTo21WhenThatIsTheOnlyOne() throws Exception {
        Path search = Files.createDirectories(tmp.resolve("jvm"));
        Path jdk17 = fakeJdk(search.resolve("jdk-17"), "17.0.2");
        Path jdk21 = fakeJdk(search.resolve("jdk-21"), "21.0.5");
        chose(findJdk(jdk17.toString(), search.toString()), jdk21);
    }

    @Test
    void withoutJavaHomeTheNewestCandidateIsChosen() throws Exception {
        Path search = Files.createDirectories(tmp.resolve("jvm"));
        fakeJdk(search.resolve("jdk-21"), "21.0.5");
        Path jdk25 = fakeJdk(search.resolve("jdk-25"), "25");
        chose(findJdk(null, search.toString()), jdk25);
        chose(findJdk("", search.toString()), jdk25);
    }

    @Test
    void everyColonSeparatedSearchDirectoryIsLookedIn() throws Exception {
        Path first = Files.createDirectories(tmp.resolve("one"));
        Path second = Files.createDirectories(tmp.resolve("two with space"));
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        fakeJdk(first.resolve("jdk-21"), "21.0.5");
        Path jdk25 = fakeJdk(second.resolve("jdk-25"), "25");
        String search = first + ":" + empty + ":" + tmp.resolve("does-not-exist") + ":" + second;
        chose(findJdk(null, search), jdk25);
    }

    @Test
    void aJavaHomeThatIsNotAJdkFallsBack() throws Exception {
        Path search = Files.createDirectories(tmp.resolve("jvm"));
        Path jdk21 = fakeJdk(search.resolve("jdk-21"), "21.0.5");
        Path jre = fakeJdk(tmp.resolve("jre-25"), "25");
        Files.delete(jre.resolve("bin/javac"));
        chose(findJdk(jre.toString(), search.toString()), jdk21);
        chose(findJdk(tmp.resolve("nowhere").toString(), search.toString()), jdk21);
    }

    @Test
    void aJava8StyleVersionCountsAsItsMajor() throws Exception {
        Path search = Files.createDirectories(tmp.resolve("jvm"));
        Path jdk8 = fakeJdk(search.resolve("jdk-8"), "1.8.0_392");
        Path jdk21 = fakeJdk(search.resolve("jdk-21"), "21.0.5");
        chose(findJdk(jdk8.toString(), search.toString()), jdk21);
    }

    @Test
    void withoutAReleaseFileTheVersionComesFromJavaVersion() throws Exception {
        Path search = Files.createDirectories(tmp.resolve("jvm"));
        fakeJdk(search.resolve("jdk-21"), "21.0.5");
        Path noRelease = fakeJdk(search.resolve("jdk-22"), null);
        Files.writeString(noRelease.resolve("bin/java"),
                "#!/bin/sh\necho 'openjdk version \"22.0.1\" 2024-04-16' >&2\necho 'OpenJDK Runtime Environment' >&2\n");
        chose(findJdk(null, search.toString()), noRelease);
    }

    @Test
    void onlyJdk17sExitsNonZeroWithOneLineSayingSo() throws Exception {
        Path search = Files.createDirectories(tmp.resolve("jvm"));
        Path jdk17 = fakeJdk(search.resolve("jdk-17"), "17.0.2");
        fakeJdk(search.resolve("other-17"), "17.0.9");
        for (String javaHome : new String[] {jdk17.toString(), null}) {
            Outcome o = findJdk(javaHome, search.toString());
            assertNotEquals(0, o.code(), o::toString);
            assertEquals("", o.out(), () -> "nothing runs after the failure\n" + o);
            assertEquals(1, o.err().lines().count(), () -> "exactly one line on stderr\n" + o);
            assertTrue(o.err().startsWith("sphaera: "), o::toString);
            assertTrue(o.err().contains("no JDK 21 or newer"), o::toString);
        }
    }

    @Test
    void anEmptySearchPlaceExitsNonZeroWithOneLine() throws Exception {
        Path search = Files.createDirectories(tmp.resolve("jvm"));
        Outcome o = findJdk(null, search.toString());
        assertNotEquals(0, o.code(), o::toString);
        assertEquals("", o.out(), o::toString);
        assertEquals(1, o.err().lines().count(), o::toString);
        assertTrue(o.err().contains("no JDK 21 or newer"), o::toString);
    }
}
