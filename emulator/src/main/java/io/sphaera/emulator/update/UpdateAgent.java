package io.sphaera.emulator.update;

import io.sphaera.emulator.device.DeviceService;
import io.sphaera.emulator.device.Mt3620Device;
import io.sphaera.emulator.network.DeviceAuthAgent;
import io.sphaera.emulator.network.ServiceConnection;
import io.sphaera.emulator.os.A7Runtime;
import io.sphaera.emulator.os.SystemEvents;
import io.sphaera.firmware.image.ImagePackage;
import io.sphaera.firmware.image.ImagePackageFormatException;
import io.sphaera.firmware.signing.Sha256;
import io.sphaera.firmware.signing.VerificationKey;
import io.sphaera.firmware.update.TargetImage;
import io.sphaera.firmware.update.UpdateAuthority;
import io.sphaera.firmware.update.UpdateManifest;
import io.sphaera.firmware.update.UpdateManifestException;
import io.sphaera.firmware.update.UpdateManifestVerifier;
import io.sphaera.firmware.update.UpdatePhase;
import io.sphaera.pluton.PlutonException;
import io.sphaera.pluton.boot.BootReport;
import io.sphaera.pluton.capability.DeviceCapability;
import io.sphaera.pluton.keys.KeyRole;
import io.sphaera.pluton.keys.TrustedKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The device's update agent, the apps phase (docs/updates.md): once the device holds its daily certificate after a
 * boot, then every {@link #CHECK_INTERVAL} and on demand, it fetches its update manifest over mutual TLS and verifies
 * it against its root of trust; when the manifest names apps the device does not hold, it downloads them into staging
 * in {@link #CHUNK}-byte ranges (a download cut off resumes where it stopped), checks each against the manifest's
 * length and SHA-256 and against Pluton's signature policy, tells apps the update is ready (they may defer it),
 * keeps what the changed slots held for rollback, installs, and restarts the apps. It commits once every new app has
 * run for {@link #COMMIT_AFTER} without ending; otherwise it writes the kept apps back and never tries that set
 * again. Each step is written to the journal before the next begins, so a power cut anywhere ends, at power-up, in
 * the old apps or the new ones. Runs on the device's executor.
 */
public final class UpdateAgent implements DeviceService {
    public static final Duration CHECK_INTERVAL = Duration.ofHours(20);
    /** How long new apps must run without ending before the update is committed (ours; the platform does not say). */
    public static final Duration COMMIT_AFTER = Duration.ofSeconds(10);
    /** After a check that could not reach the service, or a download cut off. */
    public static final Duration RETRY = Duration.ofMinutes(15);
    /** The longest an app may defer an app update (the commonly cited 167 h; docs/updates.md). */
    public static final Duration APP_DEFERRAL = Duration.ofHours(167);
    /** The longest an app may defer an OS update: 24 h from when the device learned of it (the platform's bound). */
    public static final Duration OS_DEFERRAL = Duration.ofHours(24);
    /** Between telling apps an update is ready and installing it: their chance to defer. */
    static final Duration READY_GRACE = Duration.ofSeconds(1);
    /** While deferred, how often the agent looks whether the app resumed the update early. */
    static final Duration DEFERRAL_POLL = Duration.ofMinutes(15);
    static final int CHUNK = 64 * 1024;
    /** Ranges asked for at once: enough to keep the connection busy while the device writes, 256 KiB in memory at most. */
    static final int WINDOW = 4;

    /** How a check, or the update it started, came to rest. */
    public record Result(String outcome, String detail) {
        public static final String UP_TO_DATE = "UpToDate";
        public static final String INSTALLED = "Installed";
        public static final String ROLLED_BACK = "RolledBack";
        public static final String FAILED = "Failed";
        public static final String REFUSED = "Refused";
        public static final String DEFERRED = "Deferred";
        public static final String UNREACHABLE = "Unreachable";
        public static final String BUSY = "Busy";

        @Override
        public String toString() {
            return outcome + (detail.isEmpty() ? "" : ": " + detail);
        }
    }

    private final Mt3620Device device;
    private final A7Runtime os;
    private final DeviceAuthAgent auth;
    private final UpdateClient client;
    private final Consumer<String> log;
    private final UpdateJournal journal;
    private final StagingArea staging;
    private final AppInstaller installer;
    private final SystemInstaller system;

    /** Bumped at each power-off: work begun before it changes nothing after. */
    private long generation;
    private boolean up;
    private boolean busy;
    private boolean reporting;
    private ServiceConnection connection;
    private ScheduledFuture<?> next;
    private ScheduledFuture<?> pendingStep;
    private int appEnds;
    private boolean deferralTold;
    private final java.util.ArrayDeque<CompletableFuture<Result>> waiting = new java.util.ArrayDeque<>();
    private volatile Result last;

    /**
     * @param log the OS's lines: what the agent checked, downloaded, installed, committed or rolled back
     */
    public UpdateAgent(Mt3620Device device, A7Runtime os, DeviceAuthAgent auth, io.netty.channel.EventLoopGroup network,
                       byte[] rootDer, java.net.InetSocketAddress service, Consumer<String> log) {
        this.device = device;
        this.os = os;
        this.auth = auth;
        this.client = new UpdateClient(network, rootDer, service);
        this.log = log;
        this.journal = new UpdateJournal(device.flash().updateJournal());
        this.staging = new StagingArea(device.flash().partition("staging"));
        this.installer = new AppInstaller(device.flash(), staging);
        this.system = new SystemInstaller(device.flash(), staging);
        os.whenAppEnds(run -> appEnds++);
    }

    /** The journal as it stands: for `device show-deployment-status` and tests. */
    public UpdateJournal.State journal() {
        return journal.read();
    }

    /**
     * Whether a check is under way and waiting on the service (manifest, image ranges) or a report is on its way: a
     * harness driving virtual time lets the network answer before it moves the clock. On the device's executor.
     */
    public boolean waitingOnService() {
        return (busy || reporting) && up;
    }

    /** How the last check or update came to rest, if one has. */
    public Optional<Result> lastResult() {
        return Optional.ofNullable(last);
    }

    /**
     * Checks now (`sphaera device update-check`); the future completes when the check, or the update it starts, rests.
     * On a device that is off (or rebooting) it completes with the check of the next boot.
     */
    public CompletableFuture<Result> checkNow() {
        CompletableFuture<Result> result = new CompletableFuture<>();
        device.seams().executor().execute(() -> {
            if (!up) {
                waiting.add(result); // off or booting: told when the check of its next boot rests
                return;
            }
            if (busy || journal.read().step() != UpdateStep.IDLE && journal.read().step() != UpdateStep.DOWNLOADING) {
                waiting.add(result); // told when the update under way rests
                return;
            }
            waiting.add(result);
            if (auth.certificate().isEmpty() && auth.attempting()) {
                // Just booted: the check waits for the attestation under way, as the boot's own check does.
                long g = generation;
                auth.nextAttempt().whenComplete((c, e) -> onDevice(g, () -> {
                    if (e != null) {
                        settle(new Result(Result.UNREACHABLE, "the device could not attest: " + reason(e)));
                    } else {
                        check();
                    }
                }, () -> { }));
                return;
            }
            check();
        });
        return result;
    }

    /** The next time a check or update comes to rest. */
    public CompletableFuture<Result> nextResult() {
        CompletableFuture<Result> result = new CompletableFuture<>();
        device.seams().executor().execute(() -> waiting.add(result));
        return result;
    }

    @Override
    public void start(BootReport boot) {
        up = true;
        generation++;
        journal.forget();
        UpdateJournal.State s = journal.read();
        switch (s.step()) {
            case STAGED, INSTALLING -> {
                log.accept("update: an update was cut off before it was installed; installing it now");
                install(true);
            }
            case INSTALLED -> {
                if (s.target().map(t -> t.phase() == UpdatePhase.OS).orElse(false)) {
                    commitOrRollBackSystem(boot);
                } else {
                    log.accept("update: new apps booted; committing them once they have run for " + COMMIT_AFTER.toSeconds() + " s");
                    watchCommit();
                }
            }
            case ROLLING_BACK -> rollBack("the rollback was cut off by a power cut; finished at power-up");
            default -> {
                if (boot.outcome() == io.sphaera.pluton.boot.BootOutcome.ROLLED_BACK && s.appsSincePair()) {
                    // The OS fell back by itself: rollback at any level forces every level above it.
                    journal.write(s.step(UpdateStep.ROLLING_BACK, Optional.of(new UpdateTarget(UpdatePhase.APPS, "os-fell-back",
                            s.lastVersion(), Optional.empty(), List.of(), List.of()))));
                    rollBack("the OS fell back to " + boot.osVersion().orElse("?") + " at boot");
                }
            }
        }
        checkOnceAuthenticated();
    }

    @Override
    public void stop() {
        up = false;
        generation++;
        journal.forget();
        busy = false;
        reporting = false;
        cancel();
        if (connection != null) {
            connection.close();
            connection = null;
        }
        // Whoever waits for a result keeps waiting: an update that reboots the device rests after the boot.
    }

    private void cancel() {
        if (next != null) {
            next.cancel(false);
            next = null;
        }
        if (pendingStep != null) {
            pendingStep.cancel(false);
            pendingStep = null;
        }
    }

    /** The first check of a boot waits for the device's certificate, as the platform's waits for the network. */
    private void checkOnceAuthenticated() {
        if (auth.certificate().isPresent()) {
            check();
            return;
        }
        long g = generation;
        auth.nextAttempt().whenComplete((c, e) -> device.seams().executor().execute(() -> {
            if (g == generation && up) {
                checkOnceAuthenticated();
            }
        }));
    }

    private void scheduleCheck(Duration after) {
        if (next != null) {
            next.cancel(false);
        }
        if (up) {
            next = device.seams().executor().schedule(this::check, after.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private void check() {
        UpdateStep step = journal.read().step();
        if (!up || busy || (step != UpdateStep.IDLE && step != UpdateStep.DOWNLOADING)) {
            return; // an update is under way; it checks again when it rests
        }
        var certificate = auth.certificate();
        if (certificate.isEmpty()) {
            settle(new Result(Result.UNREACHABLE, "the device holds no certificate yet"));
            scheduleCheck(RETRY);
            return;
        }
        busy = true;
        long g = generation;
        CompletableFuture<ServiceConnection> opened;
        try {
            opened = client.connect(device.pluton(), certificate.get());
        } catch (PlutonException e) {
            opened = CompletableFuture.failedFuture(e);
        }
        opened.thenCompose(c -> {
            onDevice(g, () -> connection = c, () -> c.close());
            return UpdateClient.manifest(c);
        }).whenComplete((bytes, error) -> onDevice(g, () -> {
            if (error != null) {
                unreachable("no update manifest: " + reason(error));
            } else {
                onManifest(bytes);
            }
        }, () -> { }));
    }

    /** Runs {@code action} on the device's executor if the power has not gone since {@code g}, else {@code stale}. */
    private void onDevice(long g, Runnable action, Runnable stale) {
        device.seams().executor().execute(() -> {
            if (g == generation && up) {
                action.run();
            } else {
                stale.run();
            }
        });
    }

    private void onManifest(byte[] envelope) {
        UpdateJournal.State s = journal.read();
        UpdateManifestVerifier.Verified verified;
        try {
            verified = verifier().verify(envelope, new UpdateManifestVerifier.Expectations(device.pluton().deviceId().hex(),
                    s.lastVersion(), s.lastPayloadSha256() == null ? null : HexFormat.of().parseHex(s.lastPayloadSha256()),
                    device.seams().clock().instant()));
        } catch (UpdateManifestException | PlutonException e) {
            log.accept("update: manifest refused: " + e.getMessage());
            rest(new Result(Result.REFUSED, e.getMessage()), CHECK_INTERVAL);
            return;
        }
        UpdateManifest m = verified.manifest();
        String payload = HexFormat.of().formatHex(verified.payloadSha256());
        s = s.actedOn(m.version(), payload);
        List<TargetImage> release = m.images(UpdatePhase.OS);
        List<TargetImage> first = m.images(UpdatePhase.PREREQUISITES);
        try {
            if (!first.isEmpty() && !first.stream().allMatch(this::prerequisiteInPlace) && !s.failed().contains(keyOf(first))) {
                stage(s, m, UpdatePhase.PREREQUISITES, first);
                return; // the OS and apps phases follow at once, under the new store
            }
            if (!release.isEmpty() && !system.runs(release, device.pluton().bootSelection()) && !s.failed().contains(keyOf(release))) {
                stage(s, m, UpdatePhase.OS, release);
                return; // the apps phase follows at the check after the new OS has booted
            }
        } catch (PlutonException e) {
            unreachable("Pluton is not available: " + e.getMessage());
            return;
        }
        // Nothing to install from here on: a download of an older target left in the journal is dropped.
        if (m.deployment().isEmpty() || appDevelopment()) {
            journal.write(s.step(UpdateStep.IDLE, Optional.empty()));
            os.systemEvents().noUpdateAvailable();
            rest(new Result(Result.UP_TO_DATE, m.deployment().isEmpty() ? "the group takes no app updates"
                    : "the device has appDevelopment: it takes no app updates"), CHECK_INTERVAL);
            return;
        }
        String boardKind = io.sphaera.firmware.image.ImageKind.CUSTOMER_BOARD_CONFIG.platformName();
        List<TargetImage> apps = m.images(UpdatePhase.APPS).stream().filter(t -> !t.kind().equals(boardKind)).toList();
        List<TargetImage> boards = m.images(UpdatePhase.APPS).stream().filter(t -> t.kind().equals(boardKind)).toList();
        String key = keyOf(m.images(UpdatePhase.APPS));
        if (boards.size() > 1) {
            fail(s, key, new UpdateOutcome(m.version(), m.deployment(), UpdateOutcome.FAILED, "the deployment names "
                    + boards.size() + " board configurations; a device holds one"));
            return;
        }
        // A deployment without a board configuration leaves the one the device holds (as on the platform).
        if (holds(apps) && boards.stream().allMatch(installer::holdsBoardConfiguration)) {
            if (journal.read().lastVersion() != m.version()) {
                s = s.report(Optional.of(new UpdateOutcome(m.version(), m.deployment(), UpdateOutcome.INSTALLED, "")));
            }
            journal.write(s.step(UpdateStep.IDLE, Optional.empty()));
            os.systemEvents().noUpdateAvailable();
            rest(new Result(Result.UP_TO_DATE, "holds deployment " + m.deployment().get()), CHECK_INTERVAL);
            return;
        }
        if (s.failed().contains(key)) {
            journal.write(s.step(UpdateStep.IDLE, Optional.empty()));
            rest(new Result(Result.UP_TO_DATE, "deployment " + m.deployment().get() + " rolled back on this device before; not tried again"),
                    CHECK_INTERVAL);
            return;
        }
        stage(s, m, UpdatePhase.APPS, m.images(UpdatePhase.APPS));
    }

    /** Plans a phase (or resumes its download) and starts downloading what the device lacks. */
    private void stage(UpdateJournal.State s, UpdateManifest m, UpdatePhase phase, List<TargetImage> images) {
        String key = keyOf(images);
        UpdateTarget target;
        try {
            Optional<UpdateTarget> resumed = s.target().filter(t -> t.key().equals(key) && t.phase() == phase
                    && journal.read().step() == UpdateStep.DOWNLOADING);
            if (resumed.isPresent()) {
                target = resumed.get();
            } else if (phase == UpdatePhase.PREREQUISITES) {
                target = planPrerequisites(key, m.version(), images);
            } else if (phase == UpdatePhase.OS) {
                target = system.plan(key, m.version(), images, device.pluton().bootSelection());
            } else {
                String boardKind = io.sphaera.firmware.image.ImageKind.CUSTOMER_BOARD_CONFIG.platformName();
                target = installer.plan(key, m.version(), m.deployment(), images.stream().filter(t -> !t.kind().equals(boardKind)).toList(),
                        images.stream().filter(t -> t.kind().equals(boardKind)).findFirst());
            }
        } catch (UpdateRefusal | PlutonException e) {
            fail(s, key, new UpdateOutcome(m.version(), phase == UpdatePhase.OS ? Optional.empty() : m.deployment(),
                    UpdateOutcome.FAILED, e.getMessage()));
            return;
        }
        journal.write(s.step(UpdateStep.DOWNLOADING, Optional.of(target)));
        log.accept("update: " + (phase == UpdatePhase.OS ? "OS release" : phase == UpdatePhase.PREREQUISITES ? "trusted key store"
                : "deployment " + m.deployment().get()) + " (manifest "
                + m.version() + "): " + describe(target));
        download(target, new java.util.HashSet<>());
    }

    /** A range of an image still to download: bytes {@code from} .. {@code to} (inclusive) of the target's image {@code index}. */
    private record MissingRange(int index, long from, long to) {
    }

    /**
     * Downloads the missing ranges, {@link #WINDOW} of them asked for at a time on the connection (pipelined: the
     * service answers in order), each written to staging and journalled as it comes, so a cut loses at most the ranges
     * in flight; when every image is complete, verifies them.
     */
    private void download(UpdateTarget target, Set<UUID> refetched) {
        List<MissingRange> missing = new java.util.ArrayList<>();
        for (int i = 0; i < target.images().size(); i++) {
            StagedImage image = target.images().get(i);
            for (long from = image.downloaded(); !image.complete() && from < image.length(); from += CHUNK) {
                missing.add(new MissingRange(i, from, Math.min(from + CHUNK, image.length()) - 1));
            }
        }
        if (missing.isEmpty()) {
            verifyStaged(target, refetched);
            return;
        }
        java.util.ArrayDeque<CompletableFuture<byte[]>> asked = new java.util.ArrayDeque<>();
        for (int i = 0; i < Math.min(WINDOW, missing.size()); i++) {
            asked.add(ask(missing.get(i), target));
        }
        receive(target, refetched, missing, 0, asked, generation);
    }

    private CompletableFuture<byte[]> ask(MissingRange r, UpdateTarget target) {
        return UpdateClient.range(connection, target.images().get(r.index()).imageId(), r.from(), r.to());
    }

    /** Writes range {@code i} when it comes, asks for the one a window beyond it, and goes on with the next. */
    private void receive(UpdateTarget target, Set<UUID> refetched, List<MissingRange> missing, int i,
                         java.util.ArrayDeque<CompletableFuture<byte[]>> asked, long g) {
        MissingRange r = missing.get(i);
        StagedImage image = target.images().get(r.index());
        asked.poll().whenComplete((bytes, error) -> onDevice(g, () -> {
            if (error != null) {
                // The ranges asked for after it fail with the connection, or come to nobody: none is written.
                unreachable("download of image " + image.imageId() + " stopped at " + r.from() + " of " + image.length()
                        + " bytes: " + reason(error));
                return;
            }
            staging.write(image, r.from(), bytes);
            UpdateTarget advanced = target.withImage(r.index(), image.withDownloaded(r.to() + 1));
            journal.write(journal.read().step(UpdateStep.DOWNLOADING, Optional.of(advanced)));
            if (i + WINDOW < missing.size()) {
                asked.add(ask(missing.get(i + WINDOW), advanced));
            }
            if (i + 1 < missing.size()) {
                receive(advanced, refetched, missing, i + 1, asked, g);
            } else {
                verifyStaged(advanced, refetched);
            }
        }, () -> { }));
    }

    /**
     * Every image must have the manifest's SHA-256 (a mismatch is fetched once more, then the update fails) and pass
     * the signature policy secure boot applies; then the update is staged and apps are told it is ready.
     */
    private void verifyStaged(UpdateTarget target, Set<UUID> refetched) {
        UpdateJournal.State s = journal.read();
        for (int i = 0; i < target.images().size(); i++) {
            StagedImage image = target.images().get(i);
            if (image.inPlace()) {
                continue;
            }
            Optional<String> refusal = staging.verified(image) ? refusal(target.phase(), image)
                    : Optional.of("it does not match the length and SHA-256 its manifest names");
            if (refusal.isPresent()) {
                if (refetched.add(image.imageId())) {
                    log.accept("update: image " + image.imageId() + " refused (" + refusal.get() + "); fetching it again");
                    UpdateTarget again = target.withImage(i, image.withDownloaded(0));
                    journal.write(s.step(UpdateStep.DOWNLOADING, Optional.of(again)));
                    download(again, refetched);
                    return;
                }
                fail(s, target.key(), outcome(target, UpdateOutcome.FAILED, "image " + image.imageId() + " refused twice: "
                        + refusal.get()));
                return;
            }
        }
        journal.write(s.step(UpdateStep.STAGED, Optional.of(target)));
        closeConnection();
        busy = false;
        if (target.phase() != UpdatePhase.APPS) {
            os.systemEvents().updateReady(SystemEvents.UPDATE_TYPE_SYSTEM, OS_DEFERRAL);
        } else {
            os.systemEvents().updateReady(SystemEvents.UPDATE_TYPE_APP, APP_DEFERRAL);
        }
        deferralTold = false;
        pendingStep = device.seams().executor().schedule(this::installWhenAllowed, READY_GRACE.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void installWhenAllowed() {
        Optional<Instant> until = os.systemEvents().deferredUntil();
        if (until.isPresent()) {
            Instant now = device.seams().clock().instant();
            if (!deferralTold) {
                deferralTold = true;
                log.accept("update: an app deferred the update until " + until.get());
                settle(new Result(Result.DEFERRED, "until " + until.get()));
            }
            Duration wait = Duration.between(now, until.get());
            wait = wait.compareTo(DEFERRAL_POLL) > 0 ? DEFERRAL_POLL : wait;
            pendingStep = device.seams().executor().schedule(this::installWhenAllowed, Math.max(1, wait.toNanos()), TimeUnit.NANOSECONDS);
            return;
        }
        install(false);
    }

    /** Keeps the old apps (unless that was done before a power cut), writes the new ones, and starts them. */
    private void install(boolean atPowerUp) {
        UpdateJournal.State s = journal.read();
        UpdateTarget target = s.target().orElseThrow();
        for (StagedImage image : atPowerUp ? target.images() : List.<StagedImage>of()) {
            // Verified when staged; after a power cut staging is checked again, since flash may have been damaged.
            if (!image.inPlace() && (!staging.verified(image) || refusal(target.phase(), image).isPresent())) {
                // Staging no longer holds what was verified (corrupt flash): what was installed is not trusted either.
                if (s.step() == UpdateStep.STAGED) {
                    journal.write(s.step(UpdateStep.DOWNLOADING, Optional.of(target.withImage(target.images().indexOf(image),
                            image.withDownloaded(0)))));
                    log.accept("update: staged image " + image.imageId() + " is damaged; it will be downloaded again");
                    scheduleCheck(Duration.ZERO);
                } else {
                    rollBack("staged image " + image.imageId() + " was damaged while it was being installed");
                }
                return;
            }
        }
        if (!atPowerUp) {
            os.systemEvents().updateStarted();
        }
        if (target.phase() == UpdatePhase.OS) {
            installSystem(s, target);
            return;
        }
        if (target.phase() == UpdatePhase.PREREQUISITES) {
            installPrerequisites(s, target);
            return;
        }
        if (s.step() == UpdateStep.STAGED) {
            if (!s.paired()) {
                installer.pair(); // the first app update: the apps it may return to are those of the factory OS
            }
            s = s.step(UpdateStep.INSTALLING, Optional.of(target)).pairing(true, s.appsSincePair());
            journal.write(s);
        }
        installer.install(target);
        journal.write(s.step(UpdateStep.INSTALLED, Optional.of(target)));
        log.accept("update: installed " + describe(target) + "; starting the new apps");
        appEnds = 0;
        if (os.appsChanged() == A7Runtime.AppsReload.REBOOTING) {
            return; // the boot commits or rolls back
        }
        watchCommit();
    }

    /**
     * Writes the new system images into the slots not in force, tells the next boot to try them, and reboots: the
     * boot commits them, or Pluton's fallback rolls them back.
     */
    private void installSystem(UpdateJournal.State s, UpdateTarget target) {
        if (s.step() == UpdateStep.STAGED) {
            s = s.step(UpdateStep.INSTALLING, Optional.of(target));
            journal.write(s);
        }
        system.install(target);
        try {
            device.pluton().selectForNextBoot(SystemInstaller.selection(target, device.pluton().bootSelection()));
        } catch (PlutonException e) {
            log.accept("update: cannot select the new OS: " + e.getMessage());
            return;
        }
        journal.write(s.step(UpdateStep.INSTALLED, Optional.of(target)));
        log.accept("update: installed the OS release (" + describe(target) + "); rebooting into it");
        var executor = device.seams().executor();
        executor.execute(() -> {
            device.powerOff();
            device.powerOn();
        });
    }

    /**
     * Installs the prerequisites the device lacks: Pluton the trusted key store (one atomic record, then its counter
     * rises; a cut between them is finished at the next boot), the OS the certificate store (one atomic record). Both
     * are in force at once, no reboot; the OS and apps phases follow at once.
     */
    private void installPrerequisites(UpdateJournal.State s, UpdateTarget target) {
        if (s.step() == UpdateStep.STAGED) {
            s = s.step(UpdateStep.INSTALLING, Optional.of(target));
            journal.write(s);
        }
        List<String> installed = new java.util.ArrayList<>();
        for (StagedImage image : target.images()) {
            if (image.inPlace()) {
                continue;
            }
            try {
                if (image.kind().equals(TRUSTED_KEYSTORE)) {
                    device.pluton().installTrustedKeyStore(staging.read(image));
                    installed.add("trusted key store " + image.imageId());
                } else {
                    device.flash().certificateStore().write(staging.read(image)); // one atomic record
                    installed.add("certificate store " + image.imageId());
                }
            } catch (PlutonException e) {
                fail(s, target.key(), outcome(target, UpdateOutcome.FAILED, "Pluton refused the trusted key store: " + e.getMessage()));
                return;
            }
        }
        String what = String.join(", ", installed);
        journal.write(s.step(UpdateStep.IDLE, Optional.empty()).report(Optional.of(outcome(target, UpdateOutcome.INSTALLED, what))));
        log.accept("update: installed " + what);
        rest(new Result(Result.INSTALLED, what), Duration.ZERO);
    }

    private static final String TRUSTED_KEYSTORE = io.sphaera.firmware.image.ImageKind.TRUSTED_KEYSTORE.platformName();
    private static final String CERTIFICATE_STORE = io.sphaera.firmware.image.ImageKind.UPDATE_CERT_STORE.platformName();

    /** The prerequisites the device lacks, each into staging after the one before. */
    private UpdateTarget planPrerequisites(String key, long version, List<TargetImage> images) throws UpdateRefusal {
        List<StagedImage> staged = new java.util.ArrayList<>();
        java.util.Set<String> kinds = new java.util.HashSet<>();
        long end = 0;
        for (TargetImage t : images) {
            if (!t.kind().equals(TRUSTED_KEYSTORE) && !t.kind().equals(CERTIFICATE_STORE)) {
                throw new UpdateRefusal("the prerequisites phase names a " + t.kind() + " image; prerequisites are TrustedKeystore"
                        + " and UpdateCertStore images");
            }
            if (!kinds.add(t.kind())) {
                throw new UpdateRefusal("the prerequisites phase names two " + t.kind() + " images");
            }
            boolean inPlace = prerequisiteInPlace(t);
            long at = inPlace ? 0 : staging.place(end, t.length());
            if (at < 0) {
                throw new UpdateRefusal("the prerequisites do not fit the " + staging.capacity() + "-byte staging area");
            }
            end = inPlace ? end : at + t.length();
            staged.add(StagedImage.of(t, staged.size(), inPlace, at));
        }
        return new UpdateTarget(UpdatePhase.PREREQUISITES, key, version, Optional.empty(), staged, List.of());
    }

    /** Whether the trusted key store in force, or the certificate store held, is exactly this image. */
    private boolean prerequisiteInPlace(TargetImage t) {
        try {
            Optional<byte[]> held = t.kind().equals(TRUSTED_KEYSTORE)
                    ? device.pluton().trustedKeyStore().map(k -> k.image().toByteArray())
                    : device.flash().certificateStore().read();
            return held.isPresent() && HexFormat.of().formatHex(Sha256.of(held.get())).equals(t.sha256Hex());
        } catch (PlutonException e) {
            return false;
        }
    }

    /** After the reboot into a new OS: committed if every new image booted from its new slot, else rolled back. */
    private void commitOrRollBackSystem(BootReport boot) {
        UpdateJournal.State s = journal.read();
        UpdateTarget target = s.target().orElseThrow();
        try {
            var inForce = device.pluton().bootSelection();
            boolean booted = boot.outcome() == io.sphaera.pluton.boot.BootOutcome.BOOTED && target.images().stream().allMatch(i ->
                    inForce.slotOf(SystemInstaller.stageOf(i.kind()).orElseThrow()).ordinal() == i.slot());
            if (booted) {
                system.commit(device.pluton(), target);
                installer.pair(); // the apps running with the new OS are the ones any later rollback returns to
                journal.write(s.step(UpdateStep.IDLE, Optional.empty()).report(Optional.of(outcome(target, UpdateOutcome.INSTALLED,
                        "OS " + boot.osVersion().orElse("?")))).pairing(true, false));
                log.accept("update: committed OS " + boot.osVersion().orElse("?"));
                rest(new Result(Result.INSTALLED, "OS " + boot.osVersion().orElse("?")), CHECK_INTERVAL);
                return;
            }
        } catch (PlutonException e) {
            log.accept("update: cannot commit the new OS: " + e.getMessage());
        }
        String why = "the new OS did not boot; the boot fell back to OS " + boot.osVersion().orElse("?");
        log.accept("update: " + why);
        journal.write(s.step(UpdateStep.IDLE, Optional.empty()).failedSet(target.key())
                .report(Optional.of(outcome(target, UpdateOutcome.ROLLED_BACK, why))));
        rest(new Result(Result.ROLLED_BACK, why), CHECK_INTERVAL);
    }

    private void watchCommit() {
        appEnds = 0;
        pendingStep = device.seams().executor().schedule(this::commitOrRollBack, COMMIT_AFTER.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void commitOrRollBack() {
        UpdateJournal.State s = journal.read();
        if (s.step() != UpdateStep.INSTALLED || s.target().isEmpty()) {
            return;
        }
        UpdateTarget target = s.target().get();
        Set<UUID> expected = target.images().stream().filter(i -> i.slot() != AppInstaller.BOARD_SLOT)
                .map(StagedImage::componentId).collect(Collectors.toSet());
        Set<UUID> running = os.runningApps();
        if (appEnds == 0 && running.containsAll(expected)) {
            UpdateOutcome done = outcome(target, UpdateOutcome.INSTALLED, "");
            journal.write(s.step(UpdateStep.IDLE, Optional.empty()).report(Optional.of(done)).pairing(true, true));
            os.systemEvents().updateComplete();
            log.accept("update: committed " + describe(target));
            rest(new Result(Result.INSTALLED, "deployment " + target.deployment().map(UUID::toString).orElse("-")), CHECK_INTERVAL);
            return;
        }
        Set<UUID> missing = new java.util.HashSet<>(expected);
        missing.removeAll(running);
        rollBack(appEnds > 0 ? "a new app ended " + appEnds + " time(s) within " + COMMIT_AFTER.toSeconds() + " s of starting"
                : "new app(s) " + missing + " did not start");
    }

    /**
     * Writes back the apps in force at the last OS update (so OS and apps stay a pair), remembers the set as failed,
     * and starts those apps again.
     */
    private void rollBack(String why) {
        UpdateJournal.State s = journal.read();
        UpdateTarget target = s.target().orElseThrow();
        log.accept("update: rolling back deployment " + target.deployment().map(UUID::toString).orElse("-") + " to the apps of the"
                + " last OS update: " + why);
        s = s.step(UpdateStep.ROLLING_BACK, Optional.of(target));
        journal.write(s);
        installer.rollBack();
        UpdateOutcome rolledBack = outcome(target, UpdateOutcome.ROLLED_BACK, why);
        journal.write(s.step(UpdateStep.IDLE, Optional.empty()).failedSet(target.key()).report(Optional.of(rolledBack))
                .pairing(true, false));
        os.appsChanged();
        rest(new Result(Result.ROLLED_BACK, why), CHECK_INTERVAL);
    }

    private void fail(UpdateJournal.State s, String key, UpdateOutcome failed) {
        log.accept("update: " + failed.detail());
        journal.write(s.step(UpdateStep.IDLE, Optional.empty()).failedSet(key).report(Optional.of(failed)));
        rest(new Result(Result.FAILED, failed.detail()), CHECK_INTERVAL);
    }

    private void unreachable(String why) {
        log.accept("update: " + why);
        rest(new Result(Result.UNREACHABLE, why), RETRY);
    }

    /** The check or update rests: report what is unreported, tell whoever waits, and check again after {@code after}. */
    private void rest(Result result, Duration after) {
        busy = false;
        pendingStep = null;
        scheduleCheck(after);
        reportIfAny();
        settle(result);
    }

    private void settle(Result result) {
        last = result;
        CompletableFuture<Result> f;
        while ((f = waiting.poll()) != null) {
            f.complete(result);
        }
    }

    /** Sends the outcome the journal holds unreported, on the open connection or a new one; kept until the service has it. */
    private void reportIfAny() {
        Optional<UpdateOutcome> outcome = journal.read().unreported();
        var certificate = auth.certificate();
        if (outcome.isEmpty() || certificate.isEmpty() || !up) {
            closeConnection();
            return;
        }
        List<InstalledApp> installed = installer.installed().stream().flatMap(Optional::stream).toList();
        long g = generation;
        CompletableFuture<ServiceConnection> c;
        if (connection != null) {
            c = CompletableFuture.completedFuture(connection);
            connection = null;
        } else {
            try {
                c = client.connect(device.pluton(), certificate.get());
            } catch (PlutonException e) {
                return;
            }
        }
        reporting = true;
        c.thenCompose(conn -> UpdateClient.report(conn, outcome.get(), installed).whenComplete((v, e) -> conn.close()))
                .whenComplete((v, e) -> onDevice(g, () -> {
                    reporting = false;
                    if (e == null) {
                        UpdateJournal.State now = journal.read();
                        if (now.unreported().equals(outcome)) {
                            journal.write(now.report(Optional.empty()));
                        }
                    } else {
                        log.accept("update: report not delivered (kept for the next check): " + reason(e));
                    }
                }, () -> { }));
    }

    private void closeConnection() {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }

    private UpdateManifestVerifier verifier() throws PlutonException {
        var store = device.pluton().trustedKeyStore().orElseThrow(() -> new PlutonException("no trusted key store is installed"));
        VerificationKey root = store.keys().stream().filter(k -> k.role() == KeyRole.ROOT).map(TrustedKey::key).findFirst()
                .orElseThrow(() -> new PlutonException("the trusted key store holds no root key"));
        if (authority == null || !authority.root().equals(root)) {
            authority = new UpdateAuthority(root, UpdateAuthority.SERVICE_UPDATE_CA); // kept: it remembers the certificate it accepted
        }
        return new UpdateManifestVerifier(List.of(), authority);
    }

    /** Who may sign manifests, under the root of the trusted key store last seen. */
    private UpdateAuthority authority;

    private boolean appDevelopment() {
        try {
            return device.pluton().capabilities().contains(DeviceCapability.APP_DEVELOPMENT);
        } catch (PlutonException e) {
            return false;
        }
    }

    /** Whether the app slots hold exactly these images and nothing else. */
    private boolean holds(List<TargetImage> apps) {
        var installed = installer.installed();
        for (int i = 0; i < installed.size(); i++) {
            if (installed.get(i).isEmpty() && !device.flash().appSlot(i).isEmpty()) {
                return false; // a slot holds bytes that do not parse: the update rewrites or empties it
            }
        }
        // Compared by image ID first; only when those match are the bytes hashed against the manifest.
        List<InstalledApp> have = installed.stream().flatMap(Optional::stream).toList();
        if (have.size() != apps.size()) {
            return false;
        }
        for (TargetImage t : apps) {
            if (have.stream().noneMatch(i -> i.imageId().equals(t.imageId()) && installer.holds(i.slot(), t))) {
                return false;
            }
        }
        return true;
    }

    private Optional<String> refusal(UpdatePhase phase, StagedImage image) {
        if (phase == UpdatePhase.PREREQUISITES && image.kind().equals(CERTIFICATE_STORE)) {
            try {
                return device.pluton().certificateStoreRefusal(ImagePackage.parse(staging.source(image)));
            } catch (ImagePackageFormatException e) {
                return Optional.of("not a valid image package: " + e.getMessage());
            } catch (PlutonException e) {
                return Optional.of(e.getMessage());
            }
        }
        if (phase == UpdatePhase.PREREQUISITES) {
            try {
                var pluton = device.pluton();
                io.sphaera.pluton.keys.TrustedKeyStore.open(staging.read(image), pluton.rootKeyHash().orElseThrow(
                        () -> new PlutonException("no root key hash is burned")), pluton.counter(
                        io.sphaera.pluton.fuse.AntiRollbackCounter.TRUSTED_KEY_STORE));
                return Optional.empty();
            } catch (io.sphaera.pluton.keys.TrustedKeyStoreException | PlutonException e) {
                return Optional.of(e.getMessage());
            }
        }
        if (phase == UpdatePhase.OS) {
            try {
                return system.refusal(device.pluton(), image);
            } catch (PlutonException e) {
                return Optional.of(e.getMessage());
            }
        }
        try {
            if (image.slot() == AppInstaller.BOARD_SLOT) {
                return device.pluton().boardConfigurationRefusal(ImagePackage.parse(staging.source(image)));
            }
            return device.pluton().applicationRefusal(ImagePackage.parse(staging.source(image)));
        } catch (ImagePackageFormatException e) {
            return Optional.of("not a valid image package: " + e.getMessage());
        } catch (PlutonException e) {
            return Optional.of(e.getMessage());
        }
    }

    static String keyOf(List<TargetImage> apps) {
        StringBuilder b = new StringBuilder();
        apps.stream().map(t -> t.imageId() + ":" + t.sha256Hex()).sorted().forEach(s -> b.append(s).append('\n'));
        return HexFormat.of().formatHex(Sha256.of(b.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static UpdateOutcome outcome(UpdateTarget t, String outcome, String detail) {
        return new UpdateOutcome(t.manifestVersion(), t.deployment(), outcome, detail);
    }

    private static String describe(UpdateTarget t) {
        long download = t.images().stream().filter(i -> !i.inPlace()).mapToLong(StagedImage::length).sum();
        return t.images().size() + " app(s), " + t.images().stream().filter(i -> !i.inPlace()).count() + " new (" + download
                + " bytes), slots changed " + t.changed();
    }

    private static String reason(Throwable e) {
        Throwable c = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
    }
}
