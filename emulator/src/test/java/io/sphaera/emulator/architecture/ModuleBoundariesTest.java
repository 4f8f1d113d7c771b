package io.sphaera.emulator.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The import rules of DESIGN.md hold across the real tree, and the checker would notice if they did not. */
class ModuleBoundariesTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void theProjectKeepsItsImportRules() {
        assertTrue(Files.isRegularFile(ROOT.resolve("pom.xml")), "run from a module directory: " + ROOT);
        assertEquals(List.of(), ModuleRules.breaches(ROOT));
    }

    @Test
    void aForbiddenImportIsReported(@TempDir Path tree) throws IOException {
        cleanTree(tree);
        write(tree, "pluton/src/main/java/io/sphaera/pluton/boot/SecureBoot.java",
                "package io.sphaera.pluton.boot;\nimport io.sphaera.emulator.Chip;\nclass SecureBoot {}\n");
        write(tree, "firmware-model/src/main/java/io/sphaera/firmware/X.java",
                "package io.sphaera.firmware;\nclass X { io.sphaera.pluton.Fuse f; }\n");
        write(tree, "security-service/src/main/java/io/sphaera/service/Y.java",
                "package io.sphaera.service;\nimport io.sphaera.pluton.boot.SecureBoot;\nimport io.sphaera.pluton.evidence.Evidence;\nclass Y {}\n");
        List<String> breaches = ModuleRules.breaches(tree);
        assertEquals(3, breaches.size(), breaches.toString());
        assertTrue(breaches.toString().contains("uses io.sphaera.emulator.Chip, which pluton may not import"));
        assertTrue(breaches.toString().contains("uses io.sphaera.pluton.Fuse, which firmware-model may not import"));
        assertTrue(breaches.toString().contains("uses io.sphaera.pluton.boot.SecureBoot, which security-service may not import"));
    }

    @Test
    void commentsAndStringsDoNotCountButPackagesAndPomsDo(@TempDir Path tree) throws IOException {
        cleanTree(tree);
        write(tree, "peripherals/src/main/java/io/sphaera/peripherals/Gpio.java",
                "package io.sphaera.peripherals;\n// unlike io.sphaera.pluton.Fuse\nclass Gpio { String s = \"io.sphaera.emulator\"; }\n");
        assertEquals(List.of(), ModuleRules.breaches(tree));
        write(tree, "peripherals/src/main/java/io/sphaera/emulator/Sneaky.java", "package io.sphaera.emulator;\nclass Sneaky {}\n");
        write(tree, "pluton/pom.xml", "<project><dependencies><dependency><groupId>io.sphaera</groupId>"
                + "<artifactId>emulator</artifactId></dependency></dependencies></project>");
        List<String> breaches = ModuleRules.breaches(tree);
        assertTrue(breaches.toString().contains("declares a package outside io.sphaera.peripherals"), breaches.toString());
        assertTrue(breaches.toString().contains("pluton/pom.xml: depends on emulator"), breaches.toString());
    }

    private static void cleanTree(Path tree) throws IOException {
        for (String module : ModuleRules.PACKAGES.keySet()) {
            write(tree, module + "/pom.xml", "<project/>");
        }
    }

    private static void write(Path tree, String relative, String text) throws IOException {
        Path file = tree.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
