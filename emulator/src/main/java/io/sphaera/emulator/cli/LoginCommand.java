package io.sphaera.emulator.cli;

import java.net.URI;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * `sphaera login`: starts the CLI's session with a security service, kept in WORKSPACE/cli-session.json. With a
 * token, later commands act as its holder; without one, only the URL is kept (for `sphaera tenant create`, which
 * then keeps the new tenant's Administrator token). A new login selects no tenant.
 */
@Command(name = "login", mixinStandardHelpOptions = true,
        description = {"Keep a session with a security service: its URL and, optionally, a bearer token.",
                "The service is trusted through the workspace's vendor root certificate (vendor/root.cert.pem).",
                "Then: 'sphaera tenant select --tenant ID', or 'sphaera tenant create --name NAME' to make one."})
final class LoginCommand implements Runnable {
    private final CliContext context;

    @Mixin
    WorkspaceOption workspace;

    @Option(names = "--service", paramLabel = "URL",
            description = "The service, https://HOST:PORT (default: the session's, else " + CliSession.DEFAULT_SERVICE + ").")
    String service;

    @Option(names = "--token", paramLabel = "TOKEN", description = "A bearer token the service issued (bound to one tenant and a role).")
    String token;

    LoginCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public void run() {
        var ws = workspace.path();
        Optional<CliSession> previous = service == null ? CliSession.find(ws) : Optional.empty();
        URI url = CliSession.parseService(service != null ? service
                : previous.map(s -> s.service().toString()).orElse(CliSession.DEFAULT_SERVICE));
        if (token != null && (token.isBlank() || !token.strip().chars().allMatch(c -> c > 0x20 && c < 0x7f))) {
            throw CliFailure.invalidInput("--token is empty or holds characters a bearer token never has");
        }
        CliSession.trustAnchorDer(ws);
        CliSession session = new CliSession(ws, url, Optional.ofNullable(token).map(String::strip), Optional.empty());
        session.save();
        if (token != null) {
            context.out().println("Logged in to " + url + " with a token; no tenant selected yet: run 'sphaera tenant select --tenant ID'");
        } else {
            context.out().println("Logged in to " + url + " without a token: run 'sphaera tenant create --name NAME' (as the"
                    + " service's operator) or 'sphaera login --token TOKEN'");
        }
    }
}
