package io.sphaera.pluton.boot;

import io.sphaera.firmware.image.ApplicationPackage;
import io.sphaera.firmware.image.ImageKind;
import io.sphaera.firmware.image.ImageMetadata;
import io.sphaera.firmware.image.ImagePackage;
import io.sphaera.firmware.image.ImagePackageFormatException;
import io.sphaera.firmware.image.ImageVerificationException;
import io.sphaera.firmware.image.PackageSource;
import io.sphaera.firmware.image.PackageVerifier;
import io.sphaera.firmware.image.TemporaryImage;
import io.sphaera.firmware.image.VerifiedPackage;
import io.sphaera.pluton.capability.DeviceCapability;
import io.sphaera.pluton.fuse.AntiRollbackCounter;
import io.sphaera.pluton.keys.KeyRole;
import io.sphaera.pluton.keys.TrustedKey;
import io.sphaera.pluton.keys.TrustedKeyStore;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.ToIntFunction;

/**
 * Secure and measured boot: each stage's image is checked against the trusted key store (a key of a role that may
 * sign that kind, the expected kind and component, a security version not below the fuse counter), measured, and
 * only then run. A stage whose image in force fails boots its rollback image, and every stage above it then boots
 * its rollback image too, so versions stay paired; a stage with nothing bootable ends in recovery mode.
 */
public final class SecureBoot {
    private final TrustedKeyStore keys;
    private final ToIntFunction<AntiRollbackCounter> counters;
    private final Set<DeviceCapability> capabilities;
    private final BootCostModel cost;
    private final LongSupplier ticker;

    /**
     * @param ticker the host's nanosecond clock, used only to report this emulator's own cost (a seam: the CLI
     *               wires System::nanoTime, simulations a virtual one)
     */
    public SecureBoot(TrustedKeyStore keys, ToIntFunction<AntiRollbackCounter> counters, Set<DeviceCapability> capabilities,
                      BootCostModel cost, LongSupplier ticker) {
        this.keys = keys;
        this.counters = counters;
        this.capabilities = Set.copyOf(capabilities);
        this.cost = cost;
        this.ticker = ticker;
    }

    /** The result of a boot and the slot selection to keep for the next one. */
    public record Result(BootReport report, BootSelection selection) {
    }

    public Result boot(BootImages images, BootSelection selection) {
        List<StageResult> attempts = new ArrayList<>();
        MeasurementLog log = new MeasurementLog();
        Map<BootStage, Slot> booted = new EnumMap<>(BootStage.class);
        boolean rollingBack = false;
        Optional<String> osVersion = Optional.empty();
        for (BootStage stage : BootStage.chain()) {
            Slot active = selection.slotOf(stage);
            List<Slot> order = rollingBack ? List.of(active.other()) : List.of(active, active.other());
            Optional<VerifiedPackage> ran = Optional.empty();
            for (Slot slot : order) {
                Attempt a = attempt(stage.displayName(), slot.name(), images.system(stage, slot),
                        image -> checkSystem(stage, image));
                attempts.add(a.result);
                if (a.verified.isPresent()) {
                    ran = a.verified;
                    booted.put(stage, slot);
                    rollingBack |= slot != active;
                    measure(log, stage.register(), stage.displayName(), a.verified.get());
                    break;
                }
            }
            if (ran.isEmpty()) {
                return new Result(new BootReport(attempts, BootOutcome.RECOVERY, log, Optional.empty()), selection);
            }
            if (stage == BootStage.OS) {
                osVersion = Optional.of(ran.get().image().metadata().version().text());
            }
        }
        Set<java.util.UUID> running = new java.util.HashSet<>();
        boolean[] highLevel = {false};
        for (BootImages.AppImage app : images.applications()) {
            // One copy of a component, and one high-level app per device, as on the platform.
            Attempt a = attempt("app", app.slot(), Optional.of(app.image()), image -> {
                Optional<String> refusal = applicationPolicy(image);
                if (refusal.isEmpty() && running.contains(image.metadata().componentId())) {
                    refusal = Optional.of("component " + image.metadata().componentId() + " is already running from another slot");
                }
                if (refusal.isEmpty() && highLevel[0] && !ApplicationPackage.of(image).manifest().isRealTime()) {
                    refusal = Optional.of("a high-level app is already running; a device runs one");
                }
                return refusal;
            });
            attempts.add(a.result);
            a.verified.ifPresent(v -> {
                boolean realTime = a.manifestRealTime;
                running.add(v.image().metadata().componentId());
                highLevel[0] |= !realTime;
                measure(log, realTime ? BootStage.REAL_TIME_REGISTER : BootStage.APPLICATION_REGISTER,
                        "app " + v.image().metadata().buildName(), v);
            });
        }
        BootOutcome outcome = rollingBack ? BootOutcome.ROLLED_BACK : BootOutcome.BOOTED;
        return new Result(new BootReport(attempts, outcome, log, osVersion), new BootSelection(booted));
    }

    private static void measure(MeasurementLog log, int register, String stage, VerifiedPackage v) {
        ImageMetadata m = v.image().metadata();
        log.extend(new MeasurementEvent(register, stage, m.kind().code(), m.componentId(), m.imageId(),
                m.version().text(), m.securityVersion(), v.signedDigest()));
    }

    /** A stage-specific check beyond the signature, returning why the image is refused, if it is. */
    private interface Check {
        Optional<String> refusal(ImagePackage image) throws ImagePackageFormatException;
    }

    private static final class Attempt {
        StageResult result;
        Optional<VerifiedPackage> verified = Optional.empty();
        boolean manifestRealTime;
    }

    private Attempt attempt(String stageName, String slot, Optional<PackageSource> bytes, Check check) {
        Attempt attempt = new Attempt();
        long start = ticker.getAsLong();
        if (bytes.isEmpty()) {
            attempt.result = new StageResult(stageName, slot, Verdict.EMPTY, "the slot holds no image", Optional.empty(),
                    Optional.empty(), cost.of(0, false), ticker.getAsLong() - start);
            return attempt;
        }
        PackageSource raw = bytes.get();
        ImagePackage image;
        try {
            image = ImagePackage.parse(raw);
        } catch (ImagePackageFormatException e) {
            attempt.result = refused(stageName, slot, "malformed: " + e.getMessage(), Optional.empty(), 0, false, start);
            return attempt;
        }
        String name = stageName.equals("app") ? "app " + image.metadata().buildName() : stageName;
        try {
            Optional<String> refusal = check.refusal(image);
            if (refusal.isPresent()) {
                attempt.result = refused(name, slot, refusal.get(), Optional.of(image.metadata()), 0, false, start);
                return attempt;
            }
            if (image.metadata().kind() == ImageKind.APPLICATIONS) {
                attempt.manifestRealTime = ApplicationPackage.of(image).manifest().isRealTime();
            }
        } catch (ImagePackageFormatException e) {
            attempt.result = refused(name, slot, e.getMessage(), Optional.of(image.metadata()), 0, false, start);
            return attempt;
        }
        VerifiedPackage verified;
        try {
            verified = verifier().verify(image);
        } catch (ImageVerificationException e) {
            attempt.result = refused(name, slot, e.getMessage(), Optional.of(image.metadata()), image.signedLength(), true, start);
            return attempt;
        }
        attempt.verified = Optional.of(verified);
        attempt.result = new StageResult(name, slot, Verdict.BOOTED, "", Optional.of(image.metadata()),
                Optional.of(verified.signedDigest()), cost.of(image.signedLength(), true), ticker.getAsLong() - start);
        return attempt;
    }

    private StageResult refused(String stage, String slot, String reason, Optional<ImageMetadata> image, long hashed,
                                boolean checkedSignature, long start) {
        return new StageResult(stage, slot, Verdict.REFUSED, reason, image, Optional.empty(), cost.of(hashed, checkedSignature),
                ticker.getAsLong() - start);
    }

    private Optional<String> checkSystem(BootStage stage, ImagePackage image) {
        ImageMetadata m = image.metadata();
        if (m.kind() != stage.kind()) {
            return Optional.of("expected a " + stage.kind().platformName() + " image, found " + m.kind().platformName());
        }
        if (!m.componentId().equals(stage.componentId())) {
            return Optional.of("component " + m.componentId() + " is not the " + stage.displayName() + " component " + stage.componentId());
        }
        Optional<String> signer = signerRefusal(image, false);
        if (signer.isPresent()) {
            return signer;
        }
        int counter = counters.applyAsInt(stage.counter());
        if (m.securityVersion() < counter) {
            return Optional.of("security version " + m.securityVersion() + " is below the anti-rollback counter " + counter
                    + " (downgrade)");
        }
        return Optional.empty();
    }

    /**
     * Whether this device would run an app image: its kind, temporary flag and signer's role (the policy a boot
     * applies), then its signature. Sideloading asks the same question before writing anything.
     */
    /** Why this device would refuse to boot {@code image} at {@code stage} (the same checks as a boot), or empty. */
    public Optional<String> systemImageRefusal(BootStage stage, ImagePackage image) {
        return checkSystem(stage, image).or(() -> signatureRefusal(image));
    }

    public Optional<String> applicationRefusal(ImagePackage image) {
        Optional<String> refusal = applicationPolicy(image);
        if (refusal.isPresent()) {
            return refusal;
        }
        try {
            ApplicationPackage.of(image);
        } catch (ImagePackageFormatException e) {
            return Optional.of(e.getMessage());
        }
        return signatureRefusal(image);
    }

    private Optional<String> applicationPolicy(ImagePackage image) {
        return customerImagePolicy(image, ImageKind.APPLICATIONS, "an app slot");
    }

    /** Why this device would refuse a board configuration image (the same policy as apps: production or SDK signed). */
    public Optional<String> boardConfigurationRefusal(ImagePackage image) {
        return customerImagePolicy(image, ImageKind.CUSTOMER_BOARD_CONFIG, "the board configuration slot")
                .or(() -> signatureRefusal(image));
    }

    /** Why this device would refuse a certificate store image: its kind, a signer whose role signs it, its signature. */
    public Optional<String> certificateStoreRefusal(ImagePackage image) {
        if (image.metadata().kind() != ImageKind.UPDATE_CERT_STORE) {
            return Optional.of("the certificate store holds UpdateCertStore images, not " + image.metadata().kind().platformName());
        }
        return signerRefusal(image, false).or(() -> signatureRefusal(image));
    }

    /** Why the image's signature does not verify against the trusted key store, or empty. */
    private Optional<String> signatureRefusal(ImagePackage image) {
        try {
            verifier().verify(image);
            return Optional.empty();
        } catch (ImageVerificationException e) {
            return Optional.of(e.getMessage());
        }
    }

    private PackageVerifier verifier() {
        return new PackageVerifier(id -> keys.find(id).map(TrustedKey::key));
    }

    /** A customer image (an app, a board configuration): its kind, temporary flag and signer's role. */
    private Optional<String> customerImagePolicy(ImagePackage image, ImageKind kind, String slot) {
        ImageMetadata m = image.metadata();
        if (m.kind() != kind) {
            return Optional.of(slot + " holds a " + m.kind().platformName() + " image");
        }
        boolean development = capabilities.contains(DeviceCapability.APP_DEVELOPMENT);
        if (m.temporary() == TemporaryImage.UNDER_DEVELOPMENT && !development) {
            return Optional.of("an under-development image runs only with the appDevelopment capability");
        }
        return signerRefusal(image, development);
    }

    /** The signer must be in the trusted key store with a role that signs this kind (the SDK test key only in development). */
    private Optional<String> signerRefusal(ImagePackage image, boolean development) {
        ImageMetadata m = image.metadata();
        Optional<TrustedKey> key = keys.find(m.signer());
        if (key.isEmpty()) {
            return Optional.of("signer " + m.signer() + " is not in the trusted key store");
        }
        KeyRole role = key.get().role();
        if (!role.signs(m.kind())) {
            return Optional.of("signer " + m.signer() + " has role " + role.storeName() + ", which does not sign "
                    + m.kind().platformName() + " images");
        }
        if (role == KeyRole.SDK_TEST && !development) {
            return Optional.of("signed with the SDK test key, which is trusted only with the appDevelopment capability");
        }
        return Optional.empty();
    }

}
