package io.sphaera.emulator.cli;

import io.sphaera.firmware.signing.PemKeys;
import io.sphaera.firmware.signing.SigningKey;
import io.sphaera.firmware.signing.VerificationKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `sphaera keys`: ECDSA P-256 signing keys in PEM. */
@Command(name = "keys", mixinStandardHelpOptions = true, description = "Make and inspect ECDSA P-256 signing keys (PEM).")
final class KeysCommand {
    private final CliContext context;

    KeysCommand(CliContext context) {
        this.context = context;
    }

    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = "Make a new signing key: the private key (PKCS#8 PEM) and, beside it, its public key.")
    void generate(
            @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE",
                    description = "Where to write the private key.") Path output,
            @Option(names = "--public-output", paramLabel = "FILE",
                    description = "Where to write the public key (default: the private key's name with .pub.pem).") Path publicOutput,
            @Option(names = "--force", description = "Replace existing files.") boolean force) {
        CliFiles.checkWritable(output, force, "private key", List.of());
        Path pub = publicOutput != null ? publicOutput : defaultPublicPath(output);
        CliFiles.checkWritable(pub, force, "public key", List.of(output));
        SigningKey key = SigningKey.generate(context.random());
        boolean privateExisted = Files.exists(output);
        CliFiles.write(output, PemKeys.encodePrivate(key).getBytes(StandardCharsets.US_ASCII), force, true, "private key");
        try {
            CliFiles.write(pub, PemKeys.encodePublic(key.verificationKey()).getBytes(StandardCharsets.US_ASCII), force, false, "public key");
        } catch (CliFailure e) {
            if (!privateExisted) {
                // Leave no private key whose public half was never written.
                try {
                    Files.deleteIfExists(output);
                } catch (java.io.IOException ignored) {
                    // The failure being reported already says what went wrong.
                }
            }
            throw e;
        }
        context.out().println("Key ID:      " + key.id());
        context.out().println("Private key: " + output);
        context.out().println("Public key:  " + pub);
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Print a key's ID (the SHA-1 thumbprint images carry).")
    void show(@Parameters(paramLabel = "KEY", description = "A private key, public key or certificate in PEM.") Path file) {
        VerificationKey key = KeyFiles.verificationKey(file);
        context.out().println("Key ID:    " + key.id());
        context.out().println("Algorithm: ECDSA P-256");
    }

    static Path defaultPublicPath(Path privateKey) {
        String name = privateKey.toAbsolutePath().normalize().getFileName().toString();
        String stem = name.endsWith(".pem") ? name.substring(0, name.length() - 4) : name;
        return privateKey.resolveSibling(stem + ".pub.pem");
    }
}
