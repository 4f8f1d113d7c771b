package io.sphaera.emulator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.sphaera.firmware.image.ApplicationPackage;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** `sphaera image`: upload image packages to the selected tenant, where the service checks and production-signs them. */
@Command(name = "image", mixinStandardHelpOptions = true, description = "Add (upload), show and list the selected tenant's images.")
final class ImageCommand {
    static final List<Column> COLUMNS = List.of(Column.field("ID", "Id"), Column.field("NAME", "Name"), Column.field("TYPE", "TypeName"),
            Column.field("VERSION", "Version"), Column.field("COMPONENT", "ComponentId"), Column.field("SIZE", "Size"));

    private final CliContext context;

    ImageCommand(CliContext context) {
        this.context = context;
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Upload an image package (an app or a board configuration). The service checks it and signs it with",
                    "its production key, keeping every other field; devices in deployments then trust it."})
    void add(@Mixin WorkspaceOption workspace, @Mixin OutputOption output,
             @Option(names = "--image", required = true, paramLabel = "FILE", description = "The image package.") Path file) {
        output.check();
        byte[] bytes = CliFiles.read(file, ApplicationPackage.MAX_BYTES, "image package");
        CliSession session = CliSession.load(workspace.path());
        JsonNode added = AdminConnection.forTenant(session, c -> new TenantApi(c, session).upload("/images", bytes, "add image " + file));
        output.printOne(context.out(), COLUMNS, added);
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one image's metadata.")
    void show(@Mixin WorkspaceOption workspace, @Mixin OutputOption output,
              @Option(names = {"-i", "--image"}, required = true, paramLabel = "ID", description = "The image ID.") String image) {
        output.check();
        CliSession session = CliSession.load(workspace.path());
        JsonNode found = AdminConnection.forTenant(session, c -> new TenantApi(c, session).get("/images/" + image, "show image " + image));
        output.printOne(context.out(), COLUMNS, found);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the selected tenant's images.")
    void list(@Mixin WorkspaceOption workspace, @Mixin OutputOption output) {
        output.check();
        CliSession session = CliSession.load(workspace.path());
        List<JsonNode> images = AdminConnection.forTenant(session, c -> new TenantApi(c, session).list("/images", "list images"));
        output.printList(context.out(), COLUMNS, images, "image");
    }
}
