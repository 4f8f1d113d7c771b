package io.sphaera.emulator.cli;

import io.sphaera.emulator.vendor.Workspace;
import io.sphaera.firmware.image.ImageKind;
import io.sphaera.firmware.image.ImagePackageBuilder;
import io.sphaera.pluton.PlutonException;
import io.sphaera.pluton.capability.CapabilityException;
import io.sphaera.pluton.capability.CapabilityGrant;
import io.sphaera.pluton.capability.DeviceCapability;
import io.sphaera.pluton.identity.DeviceId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `sphaera device capability`: signed capability images bound to one device. */
@Command(name = "capability", mixinStandardHelpOptions = true,
        description = "Get and apply device capability images (appDevelopment, fieldServicing).")
final class CapabilityCommand {
    private static final UUID COMPONENT = UUID.nameUUIDFromBytes("sphaera:device-capability".getBytes(StandardCharsets.UTF_8));
    private static final long MAX_IMAGE = 64 * 1024;

    private final CliContext context;

    CapabilityCommand(CliContext context) {
        this.context = context;
    }

    @Command(name = "download", mixinStandardHelpOptions = true,
            description = "Have the vendor sign a capability image for one device (as the platform's service issues them).")
    void download(@Mixin WorkspaceOption workspace,
            @Option(names = {"-d", "--device"}, paramLabel = "ID", description = "Device ID or prefix (default: the only device).") String device,
            @Option(names = "--type", required = true, split = ",", paramLabel = "CAPABILITY",
                    description = "appDevelopment and/or fieldServicing.") List<String> types,
            @Option(names = {"-o", "--output-file"}, required = true, paramLabel = "FILE", description = "Where to write it.") Path output) {
        Set<DeviceCapability> granted = types.stream().map(t -> DeviceCapability.fromName(t).orElseThrow(() ->
                CliFailure.invalidInput("--type '" + t + "' is not appDevelopment or fieldServicing"))).collect(Collectors.toSet());
        Workspace w = workspace.open();
        DeviceId id;
        try (DeviceAccess access = DeviceAccess.open(w, device, context)) {
            id = access.folder().id();
        }
        CliFiles.checkWritable(output, true, "output file", List.of());
        byte[] image = new ImagePackageBuilder(ImageKind.DEVICE_CAPABILITY, COMPONENT)
                .imageId(ImagePackageBuilder.newImageId(context.random()))
                .buildTime(context.clock().instant().truncatedTo(ChronoUnit.SECONDS))
                .buildName("Capability " + id.shortForm())
                .addFile(CapabilityGrant.FILE, new CapabilityGrant(id, granted).encode(), false)
                .sign(w.vendor().capabilitiesKey());
        CliFiles.write(output, image, true, false, "output file");
        context.out().println("Capability image for " + id.shortForm() + "... granting "
                + granted.stream().map(DeviceCapability::cliName).sorted().toList() + ": " + output);
    }

    @Command(name = "apply", mixinStandardHelpOptions = true,
            description = "Apply a capability image to a device; it must be signed by a capabilities key the device trusts, for this device.")
    void apply(@Mixin WorkspaceOption workspace,
            @Option(names = {"-d", "--device"}, paramLabel = "ID", description = "Device ID or prefix (default: the only device).") String device,
            @Parameters(paramLabel = "FILE", description = "The capability image.") Path file) {
        byte[] image = CliFiles.read(file, MAX_IMAGE, "capability image");
        try (DeviceAccess access = DeviceAccess.open(workspace.open(), device, context)) {
            Set<DeviceCapability> now = access.folder().device().pluton().applyCapability(image);
            context.out().println("Device " + access.folder().id().shortForm() + "... now has "
                    + now.stream().map(DeviceCapability::cliName).sorted().toList());
        } catch (CapabilityException e) {
            throw new CliFailure(ExitCode.VERIFICATION_FAILED, file + ": refused: " + e.getMessage(), e);
        } catch (PlutonException e) {
            throw CliFailure.invalidInput(e.getMessage(), e);
        }
    }
}
