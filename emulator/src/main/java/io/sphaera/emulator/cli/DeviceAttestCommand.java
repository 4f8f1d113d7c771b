package io.sphaera.emulator.cli;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.sphaera.emulator.network.DeviceAuthentication;
import io.sphaera.emulator.network.DeviceCertificate;
import io.sphaera.emulator.vendor.Workspace;
import io.sphaera.pluton.boot.BootOutcome;
import io.sphaera.pluton.boot.BootReport;
import io.sphaera.service.http.ServiceTls;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * `sphaera device attest`: a device kept in the workspace boots and attests to a running security service over TLS,
 * as it does at every boot, and shows the device certificate it was given (written out with --destination). The
 * certificate lives in the device's RAM, so it is not kept in the device's folder.
 */
@Command(name = "attest", mixinStandardHelpOptions = true,
        description = {"Boot a device and have it attest to a security service over TLS for its daily certificates.",
                "The service is trusted through the workspace's vendor root certificate."})
final class DeviceAttestCommand implements Runnable {
    /** Real time the command waits for the service before it gives up. */
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final CliContext context;

    @Mixin
    WorkspaceOption workspace;

    @Option(names = {"-d", "--device"}, paramLabel = "ID", description = "Device ID or prefix (default: the only device).")
    String device;

    @Mixin
    DeviceServiceOption service;

    @Option(names = "--destination", paramLabel = "FILE", description = "Also write the device certificate and its chain (PEM) here.")
    Path destination;

    @Option(names = "--force", description = "Replace the destination file if it exists.")
    boolean force;

    DeviceAttestCommand(CliContext context) {
        this.context = context;
    }

    private static String oneLine(Throwable t) {
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return m.lines().findFirst().orElse(m);
    }

    @Override
    public void run() {
        Workspace w = workspace.open();
        URI url = service.resolve(w);
        if (destination != null) {
            CliFiles.checkWritable(destination, force, "destination", List.of());
        }
        try (DeviceAccess access = DeviceAccess.open(w, device, context)) {
            BootReport boot = access.boot();
            if (boot.outcome() == BootOutcome.RECOVERY) {
                throw new CliFailure(ExitCode.VERIFICATION_FAILED, "device " + access.folder().id().shortForm()
                        + "... booted into recovery: its OS does not run, so it cannot attest");
            }
            EventLoopGroup network = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory()); // seam: the CLI's real network
            try {
                DeviceAuthentication auth = new DeviceAuthentication(network, ServiceTls.client(w.vendor().root().certificateDer()),
                        new InetSocketAddress(url.getHost(), url.getPort() < 0 ? 443 : url.getPort()));
                DeviceCertificate certificate = access.driveUntil(auth.authenticate(access.folder().device()), PATIENCE);
                var x509 = ServiceTls.certificate(java.util.Base64.getMimeDecoder().decode(
                        certificate.certificatePem().replaceAll("-----[A-Z ]+-----", "")));
                context.out().println("Device " + access.folder().id().hex() + " attested to " + url);
                context.out().println("  certificate: " + x509.getSubjectX500Principal().getName());
                context.out().println("  issuer:      " + x509.getIssuerX500Principal().getName());
                context.out().println("  valid until: " + certificate.notAfter());
                if (destination != null) {
                    StringBuilder pem = new StringBuilder(certificate.certificatePem());
                    certificate.chainPem().forEach(pem::append);
                    CliFiles.write(destination, pem.toString().getBytes(StandardCharsets.US_ASCII), force, false, "destination");
                    context.out().println("  written to:  " + destination);
                }
            } catch (SSLException e) {
                throw CliFailure.invalidInput("cannot set up TLS: " + e.getMessage(), e);
            } catch (TimeoutException e) {
                throw CliFailure.invalidInput("the security service at " + url + " did not answer within " + PATIENCE.toSeconds() + " s", e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() instanceof CompletionException c && c.getCause() != null ? c.getCause() : e.getCause();
                if (cause instanceof DeviceAuthentication.Refused refused) {
                    throw new CliFailure(ExitCode.VERIFICATION_FAILED, refused.getMessage(), refused);
                }
                throw CliFailure.invalidInput("cannot attest to the security service at " + url + ": " + oneLine(cause), cause);
            } finally {
                network.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            }
        }
    }
}
