package io.sphaera.emulator.architecture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * DESIGN.md's "who may import whom", as data, and a checker that reads a source tree for breaches: Java references
 * to another module's packages, package declarations outside a module's own prefix, and Maven dependencies between
 * modules.
 */
final class ModuleRules {
    /** Module directory -> its Java package prefix under io.sphaera. */
    static final Map<String, String> PACKAGES = Map.of(
            "firmware-model", "firmware",
            "pluton", "pluton",
            "peripherals", "peripherals",
            "security-service", "service",
            "emulator", "emulator",
            "benchmarks", "benchmarks");

    /** Module directory -> the packages (prefixes under io.sphaera) it may use besides its own. */
    static final Map<String, Set<String>> MAY_USE = Map.of(
            "firmware-model", Set.of(),
            "pluton", Set.of("firmware"),
            "peripherals", Set.of(),
            "security-service", Set.of("firmware", "pluton.evidence"),
            "emulator", Set.of("firmware", "pluton", "peripherals", "service"),
            "benchmarks", Set.of("firmware", "pluton", "peripherals", "service", "emulator"));

    /** The modules a module may depend on in its pom.xml: those owning the packages it may use. */
    static Set<String> mayDependOn(String module) {
        return MAY_USE.get(module).stream()
                .map(p -> p.split("\\.")[0])
                .map(prefix -> PACKAGES.entrySet().stream().filter(e -> e.getValue().equals(prefix))
                        .map(Map.Entry::getKey).findFirst().orElseThrow())
                .collect(java.util.stream.Collectors.toSet());
    }

    private static final Pattern REFERENCE = Pattern.compile("\\bio\\.sphaera\\.([a-z][a-z0-9_]*(?:\\.[a-z][a-z0-9_]*)*)(?:\\.[A-Z]\\w*)?");
    private static final Pattern PACKAGE = Pattern.compile("(?m)^\\s*package\\s+([\\w.]+)\\s*;");
    private static final Pattern COMMENTS = Pattern.compile("//[^\\n]*|/\\*.*?\\*/", Pattern.DOTALL);
    private static final Pattern STRINGS = Pattern.compile("\"(?:[^\"\\\\\\n]|\\\\.)*\"");
    private static final Pattern DEPENDENCY = Pattern.compile(
            "<dependency>\\s*<groupId>io\\.sphaera</groupId>\\s*<artifactId>([\\w-]+)</artifactId>");

    private ModuleRules() {
    }

    /** Every breach in the tree rooted at {@code root}, one line each; empty when the rules hold. */
    static List<String> breaches(Path root) {
        List<String> found = new ArrayList<>();
        for (String module : PACKAGES.keySet()) {
            Path dir = root.resolve(module);
            if (!Files.isDirectory(dir)) {
                found.add(module + ": module directory is missing");
                continue;
            }
            checkPom(dir.resolve("pom.xml"), module, found);
            for (String tree : List.of("src/main/java", "src/test/java")) {
                Path sources = dir.resolve(tree);
                if (Files.isDirectory(sources)) {
                    javaFiles(sources).forEach(f -> checkSource(root, f, module, found));
                }
            }
        }
        return found;
    }

    private static void checkPom(Path pom, String module, List<String> found) {
        if (!Files.isRegularFile(pom)) {
            found.add(module + ": pom.xml is missing");
            return;
        }
        String xml = read(pom).replaceAll("(?s)<dependencyManagement>.*?</dependencyManagement>", "");
        Matcher m = DEPENDENCY.matcher(xml);
        while (m.find()) {
            if (!mayDependOn(module).contains(m.group(1))) {
                found.add(module + "/pom.xml: depends on " + m.group(1) + ", which " + module + " may not use");
            }
        }
    }

    private static void checkSource(Path root, Path file, String module, List<String> found) {
        String own = PACKAGES.get(module);
        String where = root.relativize(file).toString();
        String code = STRINGS.matcher(COMMENTS.matcher(read(file)).replaceAll(" ")).replaceAll("\"\"");
        Matcher pkg = PACKAGE.matcher(code);
        if (!pkg.find() || !(pkg.group(1).equals("io.sphaera." + own) || pkg.group(1).startsWith("io.sphaera." + own + "."))) {
            found.add(where + ": declares a package outside io.sphaera." + own);
        }
        String body = code.substring(pkg.hitEnd() ? 0 : pkg.end());
        Matcher ref = REFERENCE.matcher(body);
        while (ref.find()) {
            String target = ref.group(1);
            if (target.equals(own) || target.startsWith(own + ".")) {
                continue;
            }
            boolean allowed = MAY_USE.get(module).stream().anyMatch(p -> target.equals(p) || target.startsWith(p + "."));
            if (!allowed) {
                found.add(where + ": uses " + ref.group() + ", which " + module + " may not import");
            }
        }
    }

    private static List<Path> javaFiles(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
