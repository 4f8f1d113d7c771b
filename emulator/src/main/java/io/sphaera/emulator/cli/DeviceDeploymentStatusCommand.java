package io.sphaera.emulator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.StringJoiner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * `sphaera device show-deployment-status`: what the service knows of a claimed device's updates: the deployment its
 * last update manifest named, that manifest, and the device's last update report with the images it said it holds.
 */
@Command(name = "show-deployment-status", mixinStandardHelpOptions = true,
        description = {"Show a claimed device's update status as the security service knows it: the deployment its last update",
                "manifest named, that manifest's version and lifetime, and the device's last report (outcome, images held)."})
final class DeviceDeploymentStatusCommand implements Runnable {
    static final List<Column> COLUMNS = List.of(Column.field("DEVICE ID", "DeviceId"), Column.field("DEVICE GROUP", "DeviceGroupId"),
            Column.nested("TARGETED DEPLOYMENT", "TargetedDeployment", "Id"),
            Column.nested("DEPLOYMENT CREATED", "TargetedDeployment", "Created"),
            Column.nested("DEPLOYMENT IMAGES", "TargetedDeployment", "ImageIds"),
            Column.nested("LAST MANIFEST", "LastManifest", "Version"), Column.nested("MANIFEST ISSUED", "LastManifest", "Issued"),
            Column.nested("MANIFEST EXPIRES", "LastManifest", "Expires"), Column.nested("LAST REPORT", "LastReport", "Outcome"),
            Column.nested("REPORT DETAIL", "LastReport", "Detail"), Column.nested("REPORT RECEIVED", "LastReport", "Reported"),
            Column.nested("REPORTED MANIFEST", "LastReport", "ManifestVersion"),
            Column.nested("REPORTED DEPLOYMENT", "LastReport", "Deployment"),
            new Column("INSTALLED IMAGES", "LastReportInstalledImages", DeviceDeploymentStatusCommand::installed));

    private final CliContext context;

    @Mixin
    WorkspaceOption workspace;

    @Mixin
    OutputOption output;

    @Option(names = {"-d", "--device"}, required = true, paramLabel = "ID", description = DeviceImageCommand.CLOUD_DEVICE_HELP)
    String device;

    DeviceDeploymentStatusCommand(CliContext context) {
        this.context = context;
    }

    /** The images the last report named, each as IMAGE-ID (VERSION), comma-separated. */
    private static String installed(JsonNode doc) {
        JsonNode images = doc.path("LastReport").path("InstalledImages");
        if (!images.isArray() || images.isEmpty()) {
            return doc.path("LastReport").isObject() ? "none" : "";
        }
        StringJoiner joined = new StringJoiner(", ");
        images.forEach(i -> joined.add(i.path("ImageId").asText() + " (" + i.path("Version").asText() + ")"));
        return joined.toString();
    }

    @Override
    public void run() {
        output.check();
        CliSession session = CliSession.load(workspace.path());
        session.requireTenant();
        String id = CloudDeviceCommands.deviceId(workspace, device);
        JsonNode status = TenantApi.during(session, api -> api.get("/devices/" + id + "/deployment-status",
                "show the deployment status of device " + id));
        output.printOne(context.out(), COLUMNS, status);
    }
}
