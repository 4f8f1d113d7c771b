package io.sphaera.service.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sphaera.firmware.signing.CertificateAuthority;
import io.sphaera.firmware.signing.SigningKey;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * How the service judges the certificates devices present in TLS: at every handshake and request, the same answer
 * whether the chain was judged before or not; a chain judged good once is still refused when it expires, when the
 * device has another issuer since, or when other bytes claim the same device.
 */
class DeviceClientTrustTest {
    private static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");
    private static final SplittableRandom SEEDS = new SplittableRandom(3);
    private static final CertificateAuthority SERVICE_CA = ca("Device CA", 1);
    private static final CertificateAuthority TENANT_CA = ca("Tenant CA", 2);
    private static final SigningKey DEVICE_KEY = SigningKey.generate(SEEDS.split());
    private static final String DEVICE_ID = HexFormat.of().formatHex(DEVICE_KEY.verificationKey().xy());

    private Instant now = T0;
    private CertificateAuthority issuer = SERVICE_CA;
    private final InstantSource clock = () -> now;
    private final DeviceClientTrust trust = new DeviceClientTrust(id -> issuer, clock);

    private static CertificateAuthority ca(String name, long serial) {
        return CertificateAuthority.selfSigned(SigningKey.generate(SEEDS.split()), name, T0.minus(Duration.ofDays(1)),
                T0.plus(Duration.ofDays(3650)), BigInteger.valueOf(serial));
    }

    /** A day's certificate for the device, as the service issues it. */
    private static X509Certificate daily(CertificateAuthority by, String subject, long serial) throws Exception {
        byte[] der = by.issue(DEVICE_KEY.verificationKey(), subject, T0.minus(Duration.ofMinutes(5)), T0.plus(Duration.ofHours(24)),
                BigInteger.valueOf(serial));
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    }

    private String refusal(X509Certificate c) {
        return assertThrows(CertificateException.class, () -> trust.verify(new X509Certificate[] {c})).getMessage();
    }

    @Test
    void aGoodCertificateProvesItsDeviceAtEveryJudgement() throws Exception {
        X509Certificate c = daily(SERVICE_CA, DEVICE_ID, 10);
        trust.checkClientTrusted(new X509Certificate[] {c}, "EC");
        for (int i = 0; i < 3; i++) {
            assertEquals(DEVICE_ID, trust.verify(new X509Certificate[] {c}));
        }
    }

    @Test
    void aCertificateJudgedGoodIsRefusedOnceItExpiresAndBeforeItIsValid() throws Exception {
        X509Certificate c = daily(SERVICE_CA, DEVICE_ID, 11);
        assertEquals(DEVICE_ID, trust.verify(new X509Certificate[] {c}));
        now = T0.plus(Duration.ofHours(24)).plusSeconds(1);
        assertTrue(refusal(c).contains("not valid now"), refusal(c));
        now = T0.minus(Duration.ofMinutes(6));
        assertTrue(refusal(c).contains("not valid now"), refusal(c));
        now = T0.plus(Duration.ofHours(24)); // the last instant it is valid
        assertEquals(DEVICE_ID, trust.verify(new X509Certificate[] {c}));
    }

    @Test
    void aCertificateJudgedGoodIsRefusedWhenTheDeviceHasAnotherIssuerSince() throws Exception {
        X509Certificate before = daily(SERVICE_CA, DEVICE_ID, 12);
        assertEquals(DEVICE_ID, trust.verify(new X509Certificate[] {before}));
        issuer = TENANT_CA; // claimed by a tenant: its certificates come from the tenant's CA now
        assertTrue(refusal(before).contains("not issued by this device's CA"), refusal(before));
        X509Certificate after = daily(TENANT_CA, DEVICE_ID, 13);
        assertEquals(DEVICE_ID, trust.verify(new X509Certificate[] {after}));
        issuer = SERVICE_CA; // and back (the claim undone): the older certificate is judged again, and good
        assertEquals(DEVICE_ID, trust.verify(new X509Certificate[] {before}));
    }

    @Test
    void aForgeryNamingADeviceJudgedBeforeIsRefused() throws Exception {
        assertEquals(DEVICE_ID, trust.verify(new X509Certificate[] {daily(SERVICE_CA, DEVICE_ID, 14)}));
        // The same names and key, signed by a CA with the service CA's name but not its key.
        CertificateAuthority impostor = CertificateAuthority.selfSigned(SigningKey.generate(SEEDS.split()), "Device CA",
                T0.minus(Duration.ofDays(1)), T0.plus(Duration.ofDays(3650)), BigInteger.ONE);
        X509Certificate forged = daily(impostor, DEVICE_ID, 14);
        assertTrue(refusal(forged).contains("signature does not verify"), refusal(forged));
        assertTrue(refusal(forged).contains("signature does not verify"), "refused again, not remembered as good");
    }

    @Test
    void chainsThatNameNoDeviceOrAreEmptyAreRefused() throws Exception {
        assertTrue(refusal(daily(SERVICE_CA, "not-a-device", 15)).contains("does not name a device"));
        assertEquals("no device certificate", assertThrows(CertificateException.class,
                () -> trust.verify(new X509Certificate[0])).getMessage());
        assertThrows(CertificateException.class, () -> trust.checkServerTrusted(new X509Certificate[] {daily(SERVICE_CA, DEVICE_ID, 16)},
                "EC"));
    }
}
