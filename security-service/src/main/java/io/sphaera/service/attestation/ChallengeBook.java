package io.sphaera.service.attestation;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The nonces the service has handed out: each is for one device, lives for a short time on the injected clock and
 * can be used once, so evidence cannot be replayed. Bounded: the oldest outstanding challenges give way first.
 * Kept in memory: a challenge outstanding when the service restarts is simply asked for again.
 */
public final class ChallengeBook {
    public static final Duration LIFETIME = Duration.ofMinutes(2);
    public static final int NONCE_BYTES = 32;
    private static final int MAX_OUTSTANDING = 200_000;

    private final InstantSource clock;
    private final RandomGenerator random;
    private final Map<String, Challenge> outstanding = new HashMap<>();
    private final Deque<String> order = new ArrayDeque<>();

    public ChallengeBook(InstantSource clock, RandomGenerator random) {
        this.clock = clock;
        this.random = random;
    }

    public synchronized Challenge issue(String deviceId) {
        Instant now = clock.instant();
        while (!order.isEmpty() && (outstanding.size() >= MAX_OUTSTANDING || expired(order.peekFirst(), now))) {
            outstanding.remove(order.pollFirst());
        }
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        Challenge challenge = new Challenge(deviceId, nonce, now.plus(LIFETIME));
        String key = HexFormat.of().formatHex(nonce);
        outstanding.put(key, challenge);
        order.addLast(key);
        return challenge;
    }

    private boolean expired(String key, Instant now) {
        Challenge c = outstanding.get(key);
        return c == null || !now.isBefore(c.expiresAt());
    }

    /** Takes a nonce back: true exactly once, for the device it was issued to, before it expires. */
    public synchronized boolean consume(String deviceId, byte[] nonce) {
        String key = HexFormat.of().formatHex(nonce);
        Challenge c = outstanding.get(key);
        if (c == null || !c.deviceId().equals(deviceId)) {
            return false;
        }
        outstanding.remove(key);
        return clock.instant().isBefore(c.expiresAt());
    }
}
