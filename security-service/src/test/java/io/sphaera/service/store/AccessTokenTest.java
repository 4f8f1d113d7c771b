package io.sphaera.service.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessTokenTest {
    @TempDir
    Path dir;

    private ServiceStore store;
    private Tenant tenant;

    @BeforeEach
    void open() {
        store = ServiceStore.open(dir, new TickingClock(), new SplittableRandom(21));
        tenant = store.createTenant("Contoso");
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aTokenIs32RandomBytesInBase64Url() {
        String token = store.issueToken(tenant.id(), Role.READER);
        assertEquals(43, token.length());
        assertEquals(32, Base64.getUrlDecoder().decode(token).length);
        assertNotEquals(token, store.issueToken(tenant.id(), Role.READER));
    }

    @Test
    void tokensCarryTheirTenantAndRole() {
        for (Role role : Role.values()) {
            String token = store.issueToken(tenant.id(), role);
            assertEquals(Optional.of(new Grant(tenant.id(), role)), store.authenticate(token));
        }
    }

    @Test
    void onlyTheExactSecretAuthenticates() {
        String token = store.issueToken(tenant.id(), Role.ADMINISTRATOR);
        for (int i = 0; i < token.length(); i++) {
            char flipped = token.charAt(i) == 'A' ? 'B' : 'A';
            String altered = token.substring(0, i) + flipped + token.substring(i + 1);
            assertEquals(Optional.empty(), store.authenticate(altered), "altered at " + i);
        }
        assertEquals(Optional.empty(), store.authenticate(token.substring(1)));
        assertEquals(Optional.empty(), store.authenticate(token + "A"));
        assertEquals(Optional.empty(), store.authenticate(" " + token));
        assertEquals(Optional.empty(), store.authenticate(""));
        assertEquals(Optional.empty(), store.authenticate(null));
        assertEquals(Optional.empty(), store.authenticate("Bearer " + token));
        assertTrue(store.authenticate(token).isPresent());
    }

    @Test
    void aRevokedTokenAuthenticatesNoMore() {
        String kept = store.issueToken(tenant.id(), Role.CONTRIBUTOR);
        String revoked = store.issueToken(tenant.id(), Role.CONTRIBUTOR);
        assertTrue(store.revokeToken(revoked));
        assertFalse(store.revokeToken(revoked));
        assertEquals(Optional.empty(), store.authenticate(revoked));
        assertTrue(store.authenticate(kept).isPresent());
        assertFalse(store.revokeToken("not a token"));
    }

    @Test
    void onlyTheHashIsStored() throws Exception {
        String token = store.issueToken(tenant.id(), Role.ADMINISTRATOR);
        store.close();
        byte[] needle = token.getBytes(StandardCharsets.US_ASCII);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertFalse(contains(Files.readAllBytes(f), needle), f + " holds the token");
            }
        }
        store = ServiceStore.open(dir, new TickingClock(), new SplittableRandom(22));
        assertTrue(store.authenticate(token).isPresent());
    }

    @Test
    void aTokenNeedsATenant() {
        assertThrows(NotFoundException.class, () -> store.issueToken(new UUID(1, 1), Role.READER));
    }

    @Test
    void rolesSayWhatTheyMayDo() {
        assertFalse(Role.READER.mayWrite());
        assertFalse(Role.READER.mayAdminister());
        assertTrue(Role.CONTRIBUTOR.mayWrite());
        assertFalse(Role.CONTRIBUTOR.mayAdminister());
        assertTrue(Role.ADMINISTRATOR.mayWrite());
        assertTrue(Role.ADMINISTRATOR.mayAdminister());
        assertEquals(Optional.of(Role.CONTRIBUTOR), Role.fromName("contributor"));
        assertEquals(Optional.empty(), Role.fromName("Owner"));
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
