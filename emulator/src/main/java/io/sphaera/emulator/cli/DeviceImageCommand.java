package io.sphaera.emulator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sphaera.emulator.device.ImageSlot;
import io.sphaera.emulator.device.Mt3620Flash;
import io.sphaera.emulator.network.ServiceConnection;
import io.sphaera.emulator.update.UpdateJournal;
import io.sphaera.firmware.image.ImageMetadata;
import io.sphaera.firmware.image.ImagePackage;
import io.sphaera.firmware.image.ImagePackageFormatException;
import io.sphaera.pluton.Pluton;
import io.sphaera.pluton.PlutonException;
import io.sphaera.pluton.boot.BootStage;
import io.sphaera.pluton.boot.Slot;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * `sphaera device image`: the images a device holds (read from its flash, no service needed) and the images the
 * service would target it with now.
 */
@Command(name = "image", mixinStandardHelpOptions = true,
        description = "The images a device holds (from its flash) and those the security service targets it with.")
final class DeviceImageCommand {
    /** The CSV form of list-installed: one row per slot, app and system alike. */
    static final List<Column> INSTALLED_COLUMNS = List.of(Column.field("SLOT", "Slot"), Column.field("ROLE", "Role"),
            Column.field("STAGE", "Stage"), Column.field("KIND", "Kind"), Column.field("COMPONENT", "ComponentId"),
            Column.field("IMAGE", "ImageId"), Column.field("NAME", "Name"), Column.field("VERSION", "Version"),
            Column.field("SECURITY VERSION", "SecurityVersion"));
    static final List<Column> TARGETED_COLUMNS = List.of(Column.field("ID", "Id"), Column.field("COMPONENT", "ComponentId"),
            Column.field("NAME", "Name"), Column.field("VERSION", "Version"), Column.field("TYPE", "TypeName"));

    /** A device named to the service (as the cloud device commands name one). */
    static final String CLOUD_DEVICE_HELP = "The device's ID (128 hex digits) or a prefix of a device in the workspace.";

    private final CliContext context;

    DeviceImageCommand(CliContext context) {
        this.context = context;
    }

    @Command(name = "list-installed", mixinStandardHelpOptions = true,
            description = {"List the images a device holds, from its flash: each app slot, the images kept to roll the apps back,",
                    "each boot stage's image in force and its rollback image, and where the update agent's journal stands.",
                    "--output csv gives one row per slot."})
    void listInstalled(@Mixin WorkspaceOption workspace, @Mixin OutputOption output,
                       @Option(names = {"-d", "--device"}, paramLabel = "ID", description = "Device ID or prefix (default: the only device).")
                       String device) {
        output.check();
        ObjectNode doc;
        try (DeviceAccess access = DeviceAccess.open(workspace.open(), device, context)) {
            doc = installed(access);
        } catch (PlutonException e) {
            throw CliFailure.invalidInput("cannot read the device's Pluton state: " + e.getMessage(), e);
        }
        PrintWriter out = context.out();
        switch (output.output.strip().toLowerCase(Locale.ROOT)) {
            case "json" -> output.printOne(out, List.of(), doc);
            case "csv" -> output.printList(out, INSTALLED_COLUMNS, rows(doc), "slot");
            default -> text(out, doc);
        }
    }

    private static ObjectNode installed(DeviceAccess access) throws PlutonException {
        var d = access.folder().device();
        Pluton p = d.pluton();
        Mt3620Flash flash = d.flash();
        ObjectNode doc = ServiceConnection.json().createObjectNode().put("DeviceId", access.folder().id().hex());
        ArrayNode apps = doc.putArray("Apps");
        for (int i = 0; i < Mt3620Flash.APP_SLOTS; i++) {
            apps.add(image(flash.appSlot(i)));
        }
        ArrayNode kept = doc.putArray("AppRollbackImages");
        for (int i = 0; i < Mt3620Flash.APP_SLOTS; i++) {
            ImageSlot slot = flash.appRollbackSlot(i);
            if (!slot.isEmpty()) {
                kept.add(image(slot));
            }
        }
        ArrayNode system = doc.putArray("SystemImages");
        for (BootStage stage : BootStage.values()) {
            Slot inForce = p.bootSelection().slotOf(stage);
            ObjectNode s = system.addObject().put("Stage", stage.displayName());
            s.set("InForce", image(flash.systemSlot(stage, inForce)));
            s.set("Rollback", image(flash.systemSlot(stage, inForce.other())));
        }
        UpdateJournal.State j = new UpdateJournal(flash.updateJournal()).read();
        ObjectNode journal = doc.putObject("UpdateJournal").put("Step", j.step().name()).put("LastManifestVersion", j.lastVersion());
        j.target().ifPresentOrElse(t -> journal.putObject("Target").put("Phase", t.phase().name())
                        .put("ManifestVersion", t.manifestVersion()).put("Deployment", t.deployment().map(UUID::toString).orElse(null))
                        .put("Images", t.images().size()),
                () -> journal.putNull("Target"));
        j.unreported().ifPresentOrElse(o -> journal.putObject("Unreported").put("Outcome", o.outcome()).put("Detail", o.detail())
                        .put("ManifestVersion", o.manifestVersion()).put("Deployment", o.deployment().map(UUID::toString).orElse(null)),
                () -> journal.putNull("Unreported"));
        journal.put("FailedSets", j.failed().size());
        return doc;
    }

    /** A slot and the image it holds: empty, damaged (bytes that do not parse as a package), or the image's metadata. */
    private static ObjectNode image(ImageSlot slot) {
        ObjectNode s = ServiceConnection.json().createObjectNode().put("Slot", slot.name());
        slot.source().ifPresentOrElse(bytes -> {
            try {
                ImageMetadata m = ImagePackage.parse(bytes).metadata();
                s.put("Kind", m.kind().platformName()).put("ComponentId", m.componentId().toString()).put("ImageId", m.imageId().toString())
                        .put("Name", m.buildName()).put("Version", m.version().text()).put("SecurityVersion", m.securityVersion());
            } catch (ImagePackageFormatException e) {
                s.put("Damaged", e.getMessage());
            }
        }, () -> s.put("Empty", true));
        return s;
    }

    /** The document as one row per slot, for CSV. */
    private static List<JsonNode> rows(ObjectNode doc) {
        List<JsonNode> rows = new ArrayList<>();
        doc.path("Apps").forEach(a -> rows.add(((ObjectNode) a.deepCopy()).put("Role", "app")));
        doc.path("AppRollbackImages").forEach(a -> rows.add(((ObjectNode) a.deepCopy()).put("Role", "app rollback")));
        doc.path("SystemImages").forEach(s -> {
            rows.add(((ObjectNode) s.path("InForce").deepCopy()).put("Role", "in force").put("Stage", s.path("Stage").asText()));
            rows.add(((ObjectNode) s.path("Rollback").deepCopy()).put("Role", "rollback").put("Stage", s.path("Stage").asText()));
        });
        return rows;
    }

    private static void text(PrintWriter out, ObjectNode doc) {
        out.println("Device " + doc.path("DeviceId").asText());
        out.println("Apps:");
        TextTable apps = new TextTable("SLOT", "COMPONENT", "IMAGE", "NAME", "VERSION");
        doc.path("Apps").forEach(a -> apps.row(a.path("Slot").asText(), a.path("ComponentId").asText(), a.path("ImageId").asText(),
                name(a), a.path("Version").asText()));
        apps.print(out, "  ");
        if (!doc.path("AppRollbackImages").isEmpty()) {
            out.println("Kept to roll the apps back to:");
            TextTable kept = new TextTable("SLOT", "COMPONENT", "IMAGE", "NAME", "VERSION");
            doc.path("AppRollbackImages").forEach(a -> kept.row(a.path("Slot").asText(), a.path("ComponentId").asText(),
                    a.path("ImageId").asText(), name(a), a.path("Version").asText()));
            kept.print(out, "  ");
        }
        out.println("System images:");
        TextTable system = new TextTable("STAGE", "SLOT", "ROLE", "KIND", "VERSION", "SECURITY VERSION");
        doc.path("SystemImages").forEach(s -> {
            for (String role : List.of("InForce", "Rollback")) {
                JsonNode i = s.path(role);
                system.row(s.path("Stage").asText(), i.path("Slot").asText(), role.equals("InForce") ? "in force" : "rollback",
                        i.has("Kind") ? i.path("Kind").asText() : name(i), i.path("Version").asText(),
                        i.has("SecurityVersion") ? i.path("SecurityVersion").asText() : "");
            }
        });
        system.print(out, "  ");
        JsonNode j = doc.path("UpdateJournal");
        StringBuilder journal = new StringBuilder("Update journal: step " + j.path("Step").asText() + ", last manifest version "
                + j.path("LastManifestVersion").asLong());
        if (j.path("Target").isObject()) {
            JsonNode t = j.path("Target");
            journal.append(", under way: ").append(t.path("Phase").asText().equals("OS") ? "an OS release" : "deployment "
                    + t.path("Deployment").asText("-")).append(" (manifest ").append(t.path("ManifestVersion").asLong()).append(')');
        }
        if (j.path("Unreported").isObject()) {
            JsonNode u = j.path("Unreported");
            journal.append(", not yet reported: ").append(u.path("Outcome").asText()).append(" (manifest ")
                    .append(u.path("ManifestVersion").asLong()).append(')');
        }
        if (j.path("FailedSets").asInt() > 0) {
            journal.append(", ").append(j.path("FailedSets").asInt()).append(" image set(s) failed and not tried again");
        }
        out.println(journal);
    }

    private static String name(JsonNode slot) {
        return slot.has("Empty") ? "(empty)" : slot.has("Damaged") ? "(damaged: " + slot.path("Damaged").asText() + ")"
                : slot.path("Name").asText();
    }

    @Command(name = "list-targeted", mixinStandardHelpOptions = true,
            description = "List the images the security service would target a claimed device with now (its group's deployment,"
                    + " as the group's update policy and rollout give it).")
    void listTargeted(@Mixin WorkspaceOption workspace, @Mixin OutputOption output,
                      @Option(names = {"-d", "--device"}, required = true, paramLabel = "ID", description = CLOUD_DEVICE_HELP)
                      String device) {
        output.check();
        CliSession session = CliSession.load(workspace.path());
        session.requireTenant();
        String id = CloudDeviceCommands.deviceId(workspace, device);
        JsonNode doc = TenantApi.during(session, api -> api.get("/devices/" + id + "/targeted-images",
                "list the images targeted at device " + id));
        JsonNode images = doc.path("Images");
        if (!images.isArray()) {
            throw new CliFailure(ExitCode.INTERNAL, "cannot list the images targeted at device " + id + ": the service's reply has no Images list");
        }
        List<JsonNode> items = new ArrayList<>();
        images.forEach(items::add);
        output.printList(context.out(), TARGETED_COLUMNS, items, "image");
    }
}
