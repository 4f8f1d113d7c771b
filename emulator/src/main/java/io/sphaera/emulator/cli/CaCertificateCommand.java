package io.sphaera.emulator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.sphaera.firmware.signing.CertificateAuthority;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * `sphaera ca-certificate`: the selected tenant's CA certificate, which issues its devices' certificates, and its
 * chain to the service's root, for the servers that check those devices.
 */
@Command(name = "ca-certificate", mixinStandardHelpOptions = true,
        description = "Download the selected tenant's CA certificate, or its chain to the root.")
final class CaCertificateCommand {
    private final CliContext context;

    CaCertificateCommand(CliContext context) {
        this.context = context;
    }

    @Command(name = "download", mixinStandardHelpOptions = true, description = "Download the tenant's CA certificate.")
    void download(@Mixin WorkspaceOption workspace,
                  @Option(names = "--destination", required = true, paramLabel = "FILE", description = "Where to write it.") Path destination,
                  @Option(names = "--format", defaultValue = "pem", paramLabel = "FORMAT",
                          description = "pem or der (default: ${DEFAULT-VALUE}).") String format,
                  @Option(names = "--force", description = "Replace the file if it exists.") boolean force) {
        String f = format.strip().toLowerCase(Locale.ROOT);
        if (!f.equals("pem") && !f.equals("der")) {
            throw CliFailure.invalidInput("--format '" + format + "' is not pem or der");
        }
        CliSession session = CliSession.load(workspace.path());
        session.requireTenant();
        CliFiles.checkWritable(destination, force, "destination", List.of());
        X509Certificate ca = certificates(session).get(0);
        byte[] der = encoded(ca);
        CliFiles.write(destination, f.equals("der") ? der : CertificateAuthority.pem(der).getBytes(StandardCharsets.US_ASCII),
                force, false, "destination");
        context.out().println("Tenant CA certificate (" + ca.getSubjectX500Principal().getName() + ", until "
                + ca.getNotAfter().toInstant() + ") written to " + destination + " as " + f.toUpperCase(Locale.ROOT));
    }

    @Command(name = "download-chain", mixinStandardHelpOptions = true,
            description = "Download the tenant's CA certificate followed by the root that issued it, as PEM.")
    void downloadChain(@Mixin WorkspaceOption workspace,
                       @Option(names = "--destination", required = true, paramLabel = "FILE", description = "Where to write it.")
                       Path destination,
                       @Option(names = "--force", description = "Replace the file if it exists.") boolean force) {
        CliSession session = CliSession.load(workspace.path());
        session.requireTenant();
        CliFiles.checkWritable(destination, force, "destination", List.of());
        List<X509Certificate> chain = certificates(session);
        String pem = CertificateAuthority.pem(encoded(chain.get(0))) + CertificateAuthority.pem(encoded(chain.get(1)));
        CliFiles.write(destination, pem.getBytes(StandardCharsets.US_ASCII), force, false, "destination");
        context.out().println("Tenant CA certificate chain (2 certificates, to " + chain.get(1).getSubjectX500Principal().getName()
                + ") written to " + destination);
    }

    /** The tenant CA and the root, as the service sends them, each checked to be a certificate. */
    private static List<X509Certificate> certificates(CliSession session) {
        JsonNode doc = TenantApi.during(session, api -> api.get("/certificates/ca", "download the tenant's CA certificate"));
        X509Certificate ca = parse(doc.path("Certificate").asText(), "CA certificate");
        X509Certificate root = parse(doc.path("Root").asText(), "root certificate");
        try {
            ca.verify(root.getPublicKey());
        } catch (java.security.GeneralSecurityException e) {
            throw new CliFailure(ExitCode.VERIFICATION_FAILED, "the tenant's CA certificate the service sent is not signed by its root", e);
        }
        return List.of(ca, root);
    }

    private static X509Certificate parse(String pem, String what) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        } catch (CertificateException | ClassCastException e) {
            throw new CliFailure(ExitCode.INTERNAL, "the service sent a " + what + " that is not an X.509 certificate", e);
        }
    }

    private static byte[] encoded(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new CliFailure(ExitCode.INTERNAL, "cannot encode a certificate: " + e.getMessage(), e);
        }
    }
}
