package io.sphaera.pluton;

import io.sphaera.firmware.image.ImageKind;
import io.sphaera.firmware.image.ImagePackageBuilder;
import io.sphaera.firmware.image.ImageVersion;
import io.sphaera.firmware.image.PackageSource;
import io.sphaera.firmware.image.TemporaryImage;
import io.sphaera.firmware.signing.SigningKey;
import io.sphaera.pluton.boot.BootImages;
import io.sphaera.pluton.boot.BootStage;
import io.sphaera.pluton.boot.Slot;
import io.sphaera.pluton.capability.CapabilityGrant;
import io.sphaera.pluton.capability.DeviceCapability;
import io.sphaera.pluton.fuse.ManufacturingState;
import io.sphaera.pluton.identity.DeviceId;
import io.sphaera.pluton.keys.KeyRole;
import io.sphaera.pluton.keys.TrustedKey;
import io.sphaera.pluton.keys.TrustedKeyStore;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;

/** A vendor with its keys, and a chip manufactured by it on memory flash, for Pluton's tests. */
public final class TestChip {
    public static final SigningKey ROOT = SigningKey.generate(new SplittableRandom(100));
    public static final SigningKey SYSTEM = SigningKey.generate(new SplittableRandom(101));
    public static final SigningKey PRODUCTION = SigningKey.generate(new SplittableRandom(102));
    public static final SigningKey CAPABILITIES = SigningKey.generate(new SplittableRandom(103));
    public static final SigningKey SDK_TEST = SigningKey.generate(new SplittableRandom(104));
    public static final SigningKey STRANGER = SigningKey.generate(new SplittableRandom(105));

    public final MemoryFlash fuses = new MemoryFlash(4096, 4096);
    public final MemoryFlash keyStore = new MemoryFlash(8192, 4096);
    public final MemoryFlash tks = new MemoryFlash(16384, 4096);
    public final MemoryFlash capability = new MemoryFlash(8192, 4096);
    public final MemoryFlash bootState = new MemoryFlash(8192, 4096);
    public final Map<BootStage, byte[]> slotA = new EnumMap<>(BootStage.class);
    public final Map<BootStage, byte[]> slotB = new EnumMap<>(BootStage.class);
    public final List<BootImages.AppImage> apps = new ArrayList<>();
    public Pluton pluton;
    private final SplittableRandom random;

    public TestChip(long seed) throws Exception {
        random = new SplittableRandom(seed);
        pluton = Pluton.open(storage(), random);
        pluton.provisionIdentity();
        pluton.burnRootKeyHash(TrustedKeyStore.rootKeyHash(ROOT.verificationKey()));
        pluton.installTrustedKeyStore(trustedKeyStore(1));
        pluton.advanceManufacturingState(ManufacturingState.DEVICE_COMPLETE);
        for (BootStage stage : BootStage.values()) {
            slotA.put(stage, systemImage(stage, "1.0", 1, SYSTEM));
            slotB.put(stage, systemImage(stage, "1.0", 1, SYSTEM));
            pluton.raiseCounter(stage.counter(), 1);
        }
    }

    public PlutonStorage storage() {
        return new PlutonStorage(fuses, keyStore, tks, capability, bootState);
    }

    /** Power off and on: a new Pluton on the same flash. */
    public void powerCycle() throws Exception {
        pluton = Pluton.open(storage(), random);
    }

    public static byte[] trustedKeyStore(long securityVersion) {
        return trustedKeyStore(securityVersion, ROOT);
    }

    public static byte[] trustedKeyStore(long securityVersion, SigningKey signer) {
        byte[] file = TrustedKeyStore.file(List.of(
                new TrustedKey(KeyRole.ROOT, ROOT.verificationKey()),
                new TrustedKey(KeyRole.SYSTEM_IMAGES, SYSTEM.verificationKey()),
                new TrustedKey(KeyRole.PRODUCTION_IMAGES, PRODUCTION.verificationKey()),
                new TrustedKey(KeyRole.CAPABILITIES, CAPABILITIES.verificationKey()),
                new TrustedKey(KeyRole.SDK_TEST, SDK_TEST.verificationKey())));
        return new ImagePackageBuilder(ImageKind.TRUSTED_KEYSTORE, UUID.nameUUIDFromBytes("tks".getBytes()))
                .imageId(UUID.nameUUIDFromBytes(("tks" + securityVersion).getBytes()))
                .buildTime(Instant.parse("2026-01-01T00:00:00Z")).securityVersion(securityVersion)
                .addFile(TrustedKeyStore.FILE, file, false).sign(signer);
    }

    public static byte[] systemImage(BootStage stage, String version, long securityVersion, SigningKey signer) {
        return new ImagePackageBuilder(stage.kind(), stage.componentId())
                .imageId(UUID.nameUUIDFromBytes((stage + version + securityVersion + signer.id()).getBytes()))
                .buildTime(Instant.parse("2026-01-01T00:00:00Z")).buildName(stage.displayName())
                .version(new ImageVersion(version)).securityVersion(securityVersion)
                .addFile("payload", (stage + " " + version + " ").repeat(200).getBytes(StandardCharsets.UTF_8), false)
                .sign(signer);
    }

    public static byte[] app(String name, UUID component, SigningKey signer, TemporaryImage temporary, boolean realTime) {
        String manifest = "{\"SchemaVersion\":1,\"Name\":\"" + name + "\",\"ComponentId\":\"" + component
                + "\",\"EntryPoint\":\"/bin/app\",\"ApplicationType\":\"" + (realTime ? "RealTimeCapable" : "Default") + "\"}";
        return new ImagePackageBuilder(ImageKind.APPLICATIONS, component)
                .imageId(UUID.nameUUIDFromBytes((name + signer.id()).getBytes())).buildTime(Instant.parse("2026-01-01T00:00:00Z"))
                .buildName(name).temporary(temporary)
                .addFile("app_manifest.json", manifest.getBytes(StandardCharsets.UTF_8), false)
                .addFile("bin/app", new byte[] {0, 0x61, 0x73, 0x6d, 1, 0, 0, 0}, true)
                .sign(signer);
    }

    public byte[] capabilityFor(DeviceId device, SigningKey signer, DeviceCapability... granted) {
        return new ImagePackageBuilder(ImageKind.DEVICE_CAPABILITY, UUID.nameUUIDFromBytes("capability".getBytes()))
                .imageId(UUID.randomUUID()).buildTime(Instant.parse("2026-01-01T00:00:00Z"))
                .addFile(CapabilityGrant.FILE, new CapabilityGrant(device, Set.of(granted)).encode(), false)
                .sign(signer);
    }

    public BootImages images() {
        return new BootImages() {
            @Override
            public Optional<PackageSource> system(BootStage stage, Slot slot) {
                return Optional.ofNullable((slot == Slot.A ? slotA : slotB).get(stage)).map(PackageSource::of);
            }

            @Override
            public List<AppImage> applications() {
                return apps;
            }
        };
    }
}
