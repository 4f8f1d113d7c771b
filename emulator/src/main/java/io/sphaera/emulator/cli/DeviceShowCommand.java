package io.sphaera.emulator.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sphaera.emulator.device.ImageSlot;
import io.sphaera.emulator.device.Mt3620Device;
import io.sphaera.emulator.device.Mt3620Flash;
import io.sphaera.emulator.sim.VirtualTimeScheduler;
import io.sphaera.firmware.image.ImageMetadata;
import io.sphaera.firmware.image.ImagePackage;
import io.sphaera.firmware.image.ImagePackageFormatException;
import io.sphaera.peripherals.flash.FlashWriteGate;
import io.sphaera.peripherals.flash.NorFlash;
import io.sphaera.pluton.Pluton;
import io.sphaera.pluton.PlutonException;
import io.sphaera.pluton.boot.BootCostModel;
import io.sphaera.pluton.boot.BootReport;
import io.sphaera.pluton.boot.BootStage;
import io.sphaera.pluton.boot.Slot;
import io.sphaera.pluton.fuse.AntiRollbackCounter;
import io.sphaera.pluton.keys.TrustedKey;
import java.io.IOException;
import java.util.HexFormat;
import org.bouncycastle.cert.X509CertificateHolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** `sphaera device show`: everything about one device, read from its flash; measurements from a boot of a copy. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"Show a device: ID, states, capabilities, fuses, counters, trusted keys, slots and their images,",
                "and the measurements a boot of its images gives (taken on a copy of its flash, so nothing changes)."})
final class DeviceShowCommand implements Runnable {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final CliContext context;

    @Mixin
    WorkspaceOption workspace;

    @Option(names = {"-d", "--device"}, paramLabel = "ID", description = "Device ID or prefix (default: the only device).")
    String device;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    DeviceShowCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public void run() {
        try (DeviceAccess access = DeviceAccess.open(workspace.open(), device, context)) {
            ObjectNode doc = describe(access);
            if (json) {
                context.out().println(JSON.writeValueAsString(doc));
            } else {
                text(doc);
            }
        } catch (IOException | PlutonException e) {
            throw CliFailure.invalidInput(e.getMessage(), e);
        }
    }

    private ObjectNode describe(DeviceAccess access) throws PlutonException, IOException {
        Mt3620Device d = access.folder().device();
        Pluton p = d.pluton();
        ObjectNode doc = JSON.createObjectNode();
        doc.put("DeviceId", access.folder().id().hex());
        doc.put("Created", access.folder().created().toString());
        doc.put("ManufacturingState", p.manufacturingState().platformName());
        ArrayNode caps = doc.putArray("Capabilities");
        p.capabilities().forEach(c -> caps.add(c.cliName()));
        p.factoryCertificate().ifPresent(der -> {
            try {
                X509CertificateHolder cert = new X509CertificateHolder(der);
                doc.putObject("FactoryCertificate").put("Subject", cert.getSubject().toString())
                        .put("Issuer", cert.getIssuer().toString()).put("NotAfter", cert.getNotAfter().toInstant().toString())
                        .put("Serial", cert.getSerialNumber().toString(16));
            } catch (IOException e) {
                doc.put("FactoryCertificate", "unreadable: " + e.getMessage());
            }
        });
        ObjectNode fuses = doc.putObject("Fuses");
        fuses.put("RootKeyHash", p.rootKeyHash().map(HexFormat.of()::formatHex).orElse("not burned"));
        ObjectNode counters = fuses.putObject("AntiRollbackCounters");
        for (AntiRollbackCounter c : AntiRollbackCounter.values()) {
            counters.put(c.name(), p.counter(c));
        }
        p.trustedKeyStore().ifPresent(tks -> {
            ObjectNode t = doc.putObject("TrustedKeyStore");
            t.put("SecurityVersion", tks.image().metadata().securityVersion());
            ArrayNode keys = t.putArray("Keys");
            for (TrustedKey k : tks.keys()) {
                keys.addObject().put("Role", k.role().storeName()).put("KeyId", k.key().id().toString());
            }
        });
        ArrayNode slots = doc.putArray("Slots");
        Mt3620Flash flash = d.flash();
        for (BootStage stage : BootStage.values()) {
            Slot active = p.bootSelection().slotOf(stage);
            for (Slot slot : Slot.values()) {
                ObjectNode s = slot(slots, stage.displayName(), flash.systemSlot(stage, slot));
                s.put("Role", slot == active ? "in force" : "rollback");
            }
        }
        for (int i = 0; i < Mt3620Flash.APP_SLOTS; i++) {
            slot(slots, "app", flash.appSlot(i));
        }
        // Measurements: boot a copy of the flash, so showing changes nothing on the device.
        VirtualTimeScheduler scheduler = DeviceAccess.scheduler(context);
        NorFlash copy = NorFlash.inMemoryCopyOf(d.nor(), FlashWriteGate.NONE);
        BootReport report = DeviceAccess.boot(new Mt3620Device(copy, DeviceAccess.seams(context, scheduler), BootCostModel.DEFAULT), scheduler);
        ObjectNode m = doc.putObject("Measurements");
        m.put("Outcome", report.outcome().name());
        ArrayNode registers = m.putArray("Registers");
        report.measurements().registers().forEach(r -> registers.add(HexFormat.of().formatHex(r)));
        m.put("EventLogDigest", HexFormat.of().formatHex(report.measurements().eventLogDigest()));
        return doc;
    }

    private static ObjectNode slot(ArrayNode slots, String stage, ImageSlot slot) {
        ObjectNode s = slots.addObject().put("Stage", stage).put("Slot", slot.name());
        slot.source().ifPresentOrElse(image -> {
            try {
                ImageMetadata m = ImagePackage.parse(image).metadata();
                s.put("ImageType", m.kind().platformName()).put("Name", m.buildName()).put("Version", m.version().text())
                        .put("SecurityVersion", m.securityVersion()).put("ComponentId", m.componentId().toString())
                        .put("ImageId", m.imageId().toString()).put("Signer", m.signer().toString()).put("Size", image.size());
            } catch (ImagePackageFormatException e) {
                s.put("Damaged", e.getMessage());
            }
        }, () -> s.put("Empty", true));
        return s;
    }

    private void text(ObjectNode doc) {
        var out = context.out();
        out.println("Device " + doc.path("DeviceId").asText());
        row("Created", doc.path("Created").asText());
        row("Manufacturing state", doc.path("ManufacturingState").asText());
        row("Capabilities", doc.path("Capabilities").isEmpty() ? "none" : doc.path("Capabilities").toString());
        if (doc.has("FactoryCertificate")) {
            row("Factory certificate", "issued by " + doc.path("FactoryCertificate").path("Issuer").asText() + ", valid until "
                    + doc.path("FactoryCertificate").path("NotAfter").asText());
        }
        row("Root key hash", doc.path("Fuses").path("RootKeyHash").asText());
        StringBuilder counters = new StringBuilder();
        doc.path("Fuses").path("AntiRollbackCounters").fields().forEachRemaining(e ->
                counters.append(counters.isEmpty() ? "" : ", ").append(e.getKey()).append(' ').append(e.getValue().asInt()));
        row("Anti-rollback counters", counters.toString());
        if (doc.has("TrustedKeyStore")) {
            StringBuilder keys = new StringBuilder();
            doc.path("TrustedKeyStore").path("Keys").forEach(k -> keys.append(keys.isEmpty() ? "" : ", ")
                    .append(k.path("Role").asText()).append(' ').append(k.path("KeyId").asText(), 0, 8));
            row("Trusted key store", "security version " + doc.path("TrustedKeyStore").path("SecurityVersion").asLong() + ": " + keys);
        }
        out.println("Slots:");
        doc.path("Slots").forEach(s -> {
            String what = s.has("Empty") ? "empty" : s.has("Damaged") ? "damaged: " + s.path("Damaged").asText()
                    : (s.path("Stage").asText().equals("app") ? s.path("Name").asText() : s.path("ImageType").asText())
                    + " " + s.path("Version").asText() + " (SV " + s.path("SecurityVersion").asLong()
                    + ", image " + s.path("ImageId").asText().substring(0, 8) + ", " + s.path("Size").asLong() + " bytes)";
            out.printf("  %-20s %-9s %s%n", s.path("Slot").asText(), s.path("Role").asText(""), what);
        });
        out.println("Measurements of a boot of these images (" + doc.path("Measurements").path("Outcome").asText() + "):");
        int i = 0;
        for (var r : doc.path("Measurements").path("Registers")) {
            out.printf("  M%d %s%n", i++, r.asText());
        }
        out.println("  event log " + doc.path("Measurements").path("EventLogDigest").asText());
    }

    private void row(String label, String value) {
        context.out().printf("  %-24s %s%n", label + ":", value);
    }
}
