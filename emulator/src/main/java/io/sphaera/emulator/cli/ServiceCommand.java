package io.sphaera.emulator.cli;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.sphaera.service.SecurityService;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** `sphaera service start`: the security service in the foreground, until interrupted. */
@Command(name = "service", mixinStandardHelpOptions = true, description = "Run the security service that devices attest to.")
final class ServiceCommand {
    private final CliContext context;

    ServiceCommand(CliContext context) {
        this.context = context;
    }

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = "Start the service (TLS 1.3, HTTP/1.1) for a workspace's vendor and OS releases; Ctrl-C stops it.")
    void start(@Mixin WorkspaceOption workspace,
               @Option(names = "--port", defaultValue = "8443", paramLabel = "PORT", description = "TCP port (default: ${DEFAULT-VALUE}).") int port,
               @Option(names = "--listen", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
                       description = "Address to listen on (default: ${DEFAULT-VALUE}).") String listen,
               @Option(names = "--data-dir", paramLabel = "DIR", description = "Where the service keeps its data (default: WORKSPACE/service).")
               Path dataDir) {
        if (port < 0 || port > 65535) {
            throw CliFailure.invalidInput("--port " + port + " is outside 0..65535");
        }
        var w = workspace.open();
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory()); // seam: the service process's real-time event loops
        try (SecurityService service = EmbeddedService.start(w, dataDir != null ? dataDir : w.root().resolve("service"),
                new InetSocketAddress(listen, port), context, loops)) {
            context.out().println("Security service listening on https://" + listen + ":" + service.port()
                    + " (root CA " + w.vendor().directory().resolve("root.cert.pem") + ")");
            context.out().flush();
            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            loops.shutdownGracefully();
        }
    }
}
