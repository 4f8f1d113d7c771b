package io.sphaera.emulator.cli;

import io.sphaera.emulator.vendor.Workspace;
import java.net.URI;
import picocli.CommandLine.Option;

/** `--service URL` for a command in which a workspace device talks to the security service itself. */
final class DeviceServiceOption {
    @Option(names = "--service", paramLabel = "URL",
            description = "The service, https://HOST:PORT (default: the session's, else " + CliSession.DEFAULT_SERVICE + ").")
    String service;

    /** The URL given, else the workspace session's, else the default. */
    URI resolve(Workspace w) {
        return CliSession.parseService(service != null ? service
                : CliSession.find(w.root()).map(s -> s.service().toString()).orElse(CliSession.DEFAULT_SERVICE));
    }
}
