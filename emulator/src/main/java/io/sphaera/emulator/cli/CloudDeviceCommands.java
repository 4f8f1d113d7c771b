package io.sphaera.emulator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpMethod;
import io.sphaera.emulator.network.ServiceConnection;
import io.sphaera.emulator.vendor.WorkspaceException;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The cloud side of `sphaera device`: claiming devices for the selected tenant (once, for good), moving them between
 * its device groups, and what the service knows of them. A device is named by its full ID (128 hex digits), or by
 * a prefix of a device in the local workspace.
 */
final class CloudDeviceCommands {
    static final List<Column> LIST_COLUMNS = List.of(Column.field("DEVICE ID", "DeviceId"), Column.field("DEVICE GROUP", "DeviceGroupId"),
            Column.field("CLAIMED", "ClaimedAt"));
    static final List<Column> SHOW_COLUMNS = List.of(Column.field("DEVICE ID", "DeviceId"), Column.field("TENANT", "TenantId"),
            Column.field("CLAIMED", "ClaimedAt"), Column.field("DEVICE GROUP", "DeviceGroupId"),
            Column.field("DEVICE GROUP NAME", "DeviceGroupName"), Column.nested("LAST ATTESTED", "LastAttestation", "At"),
            Column.nested("OS VERSION", "LastAttestation", "OsVersion"),
            Column.nested("CERTIFICATE SERIAL", "LastAttestation", "CertificateSerial"));
    private static final String DEVICE_HELP = "The device's ID (128 hex digits) or a prefix of a device in the workspace.";
    private static final String GROUP_HELP = "The group's ID, or PRODUCT/GROUP by names (e.g. 'Widget/Field Test').";

    private CloudDeviceCommands() {
    }

    /** The full ID of a device named on the command line. */
    static String deviceId(WorkspaceOption workspace, String given) {
        String id = given.strip().toLowerCase(Locale.ROOT);
        if (id.matches("[0-9a-f]{128}")) {
            return id;
        }
        if (!id.matches("[0-9a-f]{4,127}")) {
            throw CliFailure.invalidInput("'" + given + "' is not a device ID (128 hex digits) or an ID prefix of at least 4 hex digits");
        }
        String fullId = " (a prefix names a device of the local workspace; give the full 128-digit ID of any other)";
        try {
            return workspace.open().deviceFolder(id).getFileName().toString();
        } catch (WorkspaceException e) {
            throw CliFailure.invalidInput(e.getMessage() + fullId, e);
        } catch (CliFailure e) {
            throw CliFailure.invalidInput(e.getMessage() + fullId, e);
        }
    }

    /** `sphaera device claim`. */
    @Command(name = "claim", mixinStandardHelpOptions = true,
            description = {"Claim a device for the selected tenant. A claim is for good: a device is claimed once, by one tenant."})
    static final class Claim implements Runnable {
        private final CliContext context;

        @Mixin
        WorkspaceOption workspace;

        @Option(names = {"-d", "--device"}, required = true, paramLabel = "ID", description = DEVICE_HELP)
        String device;

        Claim(CliContext context) {
            this.context = context;
        }

        @Override
        public void run() {
            CliSession session = CliSession.load(workspace.path());
            session.requireTenant();
            String id = deviceId(workspace, device);
            JsonNode claimed = TenantApi.during(session, api -> api.send(HttpMethod.POST, "/devices/" + id + "/claim", null,
                    "claim device " + id));
            context.out().println("Claimed device " + claimed.path("DeviceId").asText() + " for tenant " + claimed.path("TenantId").asText());
        }
    }

    /** `sphaera device update --device-group`. */
    @Command(name = "update", mixinStandardHelpOptions = true, description = "Move a claimed device into one of the tenant's device groups.")
    static final class Update implements Runnable {
        private final CliContext context;

        @Mixin
        WorkspaceOption workspace;

        @Option(names = {"-d", "--device"}, required = true, paramLabel = "ID", description = DEVICE_HELP)
        String device;

        @Option(names = {"-g", "--device-group"}, required = true, paramLabel = "GROUP", description = GROUP_HELP)
        String group;

        Update(CliContext context) {
            this.context = context;
        }

        @Override
        public void run() {
            CliSession session = CliSession.load(workspace.path());
            session.requireTenant();
            String id = deviceId(workspace, device);
            String[] moved = TenantApi.during(session, api -> {
                JsonNode target = api.deviceGroup(group);
                JsonNode d = api.send(HttpMethod.PUT, "/devices/" + id + "/devicegroup",
                        ServiceConnection.json().createObjectNode().put("DeviceGroupId", target.path("Id").asText()),
                        "move device " + id + " to device group " + group);
                return new String[] {d.path("DeviceId").asText(), target.path("Name").asText(), target.path("Id").asText()};
            });
            context.out().println("Device " + moved[0] + " is now in device group '" + moved[1] + "' (" + moved[2] + ")");
        }
    }

    /** `sphaera device list-claimed`. */
    @Command(name = "list-claimed", mixinStandardHelpOptions = true, description = "List the devices the selected tenant has claimed.")
    static final class ListClaimed implements Runnable {
        private final CliContext context;

        @Mixin
        WorkspaceOption workspace;

        @Mixin
        OutputOption output;

        @Option(names = {"-g", "--device-group"}, paramLabel = "GROUP", description = "Only the devices in this group. " + GROUP_HELP)
        String group;

        ListClaimed(CliContext context) {
            this.context = context;
        }

        @Override
        public void run() {
            output.check();
            CliSession session = CliSession.load(workspace.path());
            List<JsonNode> devices = TenantApi.during(session, api -> {
                String filter = group == null ? "" : "?devicegroup=" + api.deviceGroup(group).path("Id").asText();
                return api.list("/devices" + filter, "list claimed devices");
            });
            output.printList(context.out(), LIST_COLUMNS, devices, "device");
        }
    }

    /** `sphaera device show-claimed`. */
    @Command(name = "show-claimed", mixinStandardHelpOptions = true,
            description = "Show what the service knows of a claimed device: its group and its last attestation.")
    static final class ShowClaimed implements Runnable {
        private final CliContext context;

        @Mixin
        WorkspaceOption workspace;

        @Mixin
        OutputOption output;

        @Option(names = {"-d", "--device"}, required = true, paramLabel = "ID", description = DEVICE_HELP)
        String device;

        ShowClaimed(CliContext context) {
            this.context = context;
        }

        @Override
        public void run() {
            output.check();
            CliSession session = CliSession.load(workspace.path());
            session.requireTenant();
            String id = deviceId(workspace, device);
            JsonNode shown = TenantApi.during(session, api -> {
                ObjectNode d = (ObjectNode) api.get("/devices/" + id, "show device " + id).deepCopy();
                if (d.hasNonNull("DeviceGroupId")) {
                    d.put("DeviceGroupName", api.get("/devicegroups/" + d.get("DeviceGroupId").asText(), "show the device's group")
                            .path("Name").asText());
                }
                return d;
            });
            output.printOne(context.out(), SHOW_COLUMNS, shown);
        }
    }
}
