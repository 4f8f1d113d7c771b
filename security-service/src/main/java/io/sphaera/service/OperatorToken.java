package io.sphaera.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.random.RandomGenerator;

/**
 * The service operator's token, the only credential that creates tenants: made on first start, kept in
 * DATA/operator.token readable by its owner only, so whoever runs the service (and the CLI beside it) holds it.
 */
final class OperatorToken {
    static final String FILE = "operator.token";

    private OperatorToken() {
    }

    static String load(Path dataDir, RandomGenerator random) throws IOException {
        Path file = dataDir.resolve(FILE);
        if (Files.exists(file)) {
            String token = Files.readString(file).trim();
            if (token.length() < 32) {
                throw new IOException(file + " is damaged");
            }
            return token;
        }
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Files.createDirectories(dataDir);
        Path partial = dataDir.resolve(FILE + ".partial");
        io.sphaera.service.pki.OwnerOnlyFiles.write(partial, token + "\n");
        Files.move(partial, file);
        return token;
    }
}
