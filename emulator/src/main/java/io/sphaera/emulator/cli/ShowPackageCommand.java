package io.sphaera.emulator.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sphaera.firmware.image.ImageMetadata;
import io.sphaera.firmware.image.PackageFile;
import io.sphaera.firmware.manifest.AppManifest;
import io.sphaera.firmware.manifest.PeripheralKind;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `sphaera image-package show`: every field of a package, as text or JSON. Does not check the signature. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Print every field of an image package (use verify to check its signature).")
final class ShowPackageCommand implements Runnable {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final CliContext context;

    @Parameters(paramLabel = "PACKAGE", description = "The image package file.")
    Path file;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    ShowPackageCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public void run() {
        InspectedPackage p = InspectedPackage.read(file);
        if (json) {
            try {
                context.out().println(JSON.writeValueAsString(toJson(p)));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        } else {
            text(p, context.out());
        }
    }

    private static void text(InspectedPackage p, PrintWriter out) {
        ImageMetadata m = p.image().metadata();
        out.printf("Image package %s (%d bytes, format %d)%n", p.file(), p.image().size(), io.sphaera.firmware.image.ImagePackage.FORMAT_VERSION);
        row(out, "Image type", m.kind().platformName() + " (" + m.kind().code() + ")");
        row(out, "Component ID", m.componentId().toString());
        row(out, "Image ID", m.imageId().toString());
        row(out, "Version", m.version().text());
        row(out, "Security version", Long.toString(m.securityVersion()));
        row(out, "Build time", m.buildTime().toString());
        row(out, "Build name", m.buildName());
        row(out, "Temporary image", m.temporary().platformName());
        row(out, "ABI depends", list(m.abiDepends()));
        row(out, "ABI provides", list(m.abiProvides()));
        row(out, "Signer key ID", m.signer().toString());
        row(out, "Signature", "ECDSA P-256 with SHA-256, 64 bytes over the first " + p.image().signedLength() + " bytes");
        out.println("Files:");
        for (PackageFile f : p.image().files()) {
            out.printf("  %-28s %9d bytes%s%n", f.path(), f.length(), f.executable() ? "  executable" : "");
        }
        p.manifest().ifPresent(a -> {
            out.println("Application manifest:");
            row(out, "  Name", a.name());
            row(out, "  Application type", a.applicationType().manifestName() + (a.isRealTime() ? " (real-time core)" : " (high-level, A7)"));
            row(out, "  Entry point", a.entryPoint());
            row(out, "  Command arguments", a.cmdArgs().isEmpty() ? "-" : String.join(" ", a.cmdArgs()));
            a.mallocVersion().ifPresent(v -> row(out, "  Malloc version", Integer.toString(v)));
            List<String> caps = capabilityLines(a);
            row(out, "  Capabilities", caps.isEmpty() ? "none" : caps.get(0));
            caps.stream().skip(1).forEach(c -> row(out, "", c));
        });
        p.boardConfig().ifPresent(b -> {
            out.println("Board configuration:");
            row(out, "  Name", b.name());
            row(out, "  Ethernet", b.chip() + " on " + b.isu() + ", interrupt on GPIO " + b.interruptGpio());
        });
        out.flush();
    }

    private static List<String> capabilityLines(AppManifest a) {
        List<String> lines = new ArrayList<>();
        var c = a.capabilities();
        for (PeripheralKind k : PeripheralKind.values()) {
            if (!c.granted(k).isEmpty()) {
                lines.add(k.capability() + ": " + String.join(", ", c.granted(k)));
            }
        }
        add(lines, "AllowedConnections", c.allowedConnections());
        add(lines, "AllowedTcpServerPorts", c.allowedTcpServerPorts());
        add(lines, "AllowedUdpServerPorts", c.allowedUdpServerPorts());
        add(lines, "AllowedApplicationConnections", c.allowedApplicationConnections());
        c.deviceAuthentication().ifPresent(t -> lines.add("DeviceAuthentication: " + t));
        c.mutableStorageKiB().ifPresent(kb -> lines.add("MutableStorage: " + kb + " KB"));
        add(lines, "PowerControls", c.powerControls().stream().map(p -> p.manifestName()).sorted().toList());
        c.switches().stream().sorted().forEach(s -> lines.add(s));
        return lines;
    }

    private static void add(List<String> lines, String name, List<?> values) {
        if (!values.isEmpty()) {
            lines.add(name + ": " + values.stream().map(String::valueOf).collect(Collectors.joining(", ")));
        }
    }

    private static String list(List<Integer> values) {
        return values.isEmpty() ? "-" : values.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }

    private static void row(PrintWriter out, String label, String value) {
        out.printf("%-20s %s%n", label.isEmpty() ? "" : label + ":", value);
    }

    private static ObjectNode toJson(InspectedPackage p) throws IOException {
        ImageMetadata m = p.image().metadata();
        ObjectNode root = JSON.createObjectNode();
        root.put("File", p.file().toString());
        root.put("Size", p.image().size());
        root.put("FormatVersion", io.sphaera.firmware.image.ImagePackage.FORMAT_VERSION);
        ObjectNode id = root.putObject("Identity");
        id.put("ImageType", m.kind().platformName());
        id.put("ImageTypeCode", m.kind().code());
        id.put("ComponentId", m.componentId().toString());
        id.put("ImageId", m.imageId().toString());
        ObjectNode version = root.putObject("Version");
        version.put("Version", m.version().text());
        version.put("SecurityVersion", m.securityVersion());
        ObjectNode build = root.putObject("Build");
        build.put("Time", m.buildTime().toString());
        build.put("Name", m.buildName());
        root.put("TemporaryImage", m.temporary().platformName());
        ArrayNode depends = root.putArray("AbiDepends");
        m.abiDepends().forEach(depends::add);
        ArrayNode provides = root.putArray("AbiProvides");
        m.abiProvides().forEach(provides::add);
        ObjectNode sig = root.putObject("Signature");
        sig.put("SignerKeyId", m.signer().toString());
        sig.put("Algorithm", "ECDSA-P256-SHA256");
        sig.put("SignedLength", p.image().signedLength());
        ArrayNode files = root.putArray("Files");
        for (PackageFile f : p.image().files()) {
            files.addObject().put("Path", f.path()).put("Length", f.length()).put("Executable", f.executable());
        }
        if (p.manifest().isPresent()) {
            root.set("ApplicationManifest", JSON.readTree(p.manifest().get().toJson()));
        }
        if (p.boardConfig().isPresent()) {
            root.set("BoardConfiguration", JSON.readTree(p.boardConfig().get().toJson()));
        }
        return root;
    }
}
