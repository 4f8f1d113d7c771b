package io.sphaera.emulator.network;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Keeps a device authenticated, as the platform's OS does: attest at boot, then again an hour before the certificate
 * runs out (so about daily); when the service is away or refuses, try again after a backoff that doubles from one
 * minute to an hour, with jitter so a fleet does not return in lockstep. Runs entirely on the device's executor and
 * its clock, so in simulation it is driven by virtual time.
 */
public final class DeviceAuthAgent implements io.sphaera.emulator.device.DeviceService {
    static final Duration RENEW_BEFORE_EXPIRY = Duration.ofHours(1);
    static final Duration FIRST_RETRY = Duration.ofMinutes(1);
    static final Duration MAX_RETRY = Duration.ofHours(1);

    private final Supplier<CompletableFuture<DeviceCertificate>> attempt;
    private final ScheduledExecutorService executor;
    private final java.time.InstantSource clock;
    private final RandomGenerator random;
    private volatile DeviceCertificate current;
    private Duration backoff = FIRST_RETRY;
    private ScheduledFuture<?> next;
    private long attempts;
    private long failures;
    private boolean attempting;
    private boolean stopped;
    private volatile CompletableFuture<DeviceCertificate> nextAttempt = new CompletableFuture<>();

    public DeviceAuthAgent(Supplier<CompletableFuture<DeviceCertificate>> attempt, ScheduledExecutorService executor,
                           java.time.InstantSource clock, RandomGenerator random) {
        this.attempt = attempt;
        this.executor = executor;
        this.clock = clock;
        this.random = random;
    }

    /** At the end of a boot: attest now. */
    @Override
    public void start(io.sphaera.pluton.boot.BootReport boot) {
        start();
    }

    /** Starts authenticating now. */
    public void start() {
        executor.execute(() -> {
            stopped = false;
            backoff = FIRST_RETRY;
            cancelNext();
            attemptNow();
        });
    }

    /** Stops (at power-off): the certificate, kept in RAM, goes too. */
    @Override
    public void stop() {
        executor.execute(() -> {
            stopped = true;
            current = null;
            cancelNext();
        });
    }

    private void cancelNext() {
        if (next != null) {
            next.cancel(false);
            next = null;
        }
    }

    /** The outcome of the next attempt to come (or of the one under way): the certificate, or why there is none. */
    public CompletableFuture<DeviceCertificate> nextAttempt() {
        return nextAttempt;
    }

    /** The certificate apps get (DeviceAuth_GetCertificatePath), while one is valid. */
    public Optional<DeviceCertificate> certificate() {
        DeviceCertificate c = current;
        return c != null && clock.instant().isBefore(c.notAfter()) ? Optional.of(c) : Optional.empty();
    }

    /**
     * Whether an attestation is under way (its answer comes over the network, in real time): a harness driving virtual
     * time lets it finish before it moves the clock, or the service's challenge could expire meanwhile. On the executor.
     */
    public boolean attempting() {
        return attempting && !stopped;
    }

    public long attempts() {
        return attempts;
    }

    public long failures() {
        return failures;
    }

    private void attemptNow() {
        if (stopped) {
            return;
        }
        attempts++;
        attempting = true;
        CompletableFuture<DeviceCertificate> result;
        try {
            result = attempt.get();
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        result.whenComplete((certificate, error) -> executor.execute(() -> {
            attempting = false;
            CompletableFuture<DeviceCertificate> told = nextAttempt;
            nextAttempt = new CompletableFuture<>();
            if (error == null) {
                succeeded(certificate);
                told.complete(certificate);
            } else {
                failed();
                told.completeExceptionally(error instanceof java.util.concurrent.CompletionException c && c.getCause() != null
                        ? c.getCause() : error);
            }
        }));
    }

    private void succeeded(DeviceCertificate certificate) {
        if (stopped) {
            return; // the power went while the attempt was under way
        }
        current = certificate;
        backoff = FIRST_RETRY;
        Instant renew = certificate.notAfter().minus(RENEW_BEFORE_EXPIRY);
        Duration wait = Duration.between(clock.instant(), renew);
        schedule(wait.isNegative() ? Duration.ZERO : wait);
    }

    private void failed() {
        failures++;
        // Up to a fifth of the interval as jitter, drawn from the device's own randomness.
        long jitter = (long) (backoff.toMillis() * 0.2 * random.nextDouble());
        schedule(backoff.plusMillis(jitter));
        Duration doubled = backoff.multipliedBy(2);
        backoff = doubled.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : doubled;
    }

    private void schedule(Duration wait) {
        if (!stopped) {
            next = executor.schedule(this::attemptNow, wait.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
