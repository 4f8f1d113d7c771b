package io.sphaera.pluton;

import io.sphaera.firmware.image.ImageKind;
import io.sphaera.firmware.image.ImagePackage;
import io.sphaera.firmware.image.ImagePackageFormatException;
import io.sphaera.firmware.image.ImageVerificationException;
import io.sphaera.firmware.image.PackageFile;
import io.sphaera.firmware.image.PackageVerifier;
import io.sphaera.firmware.signing.SigningKey;
import io.sphaera.firmware.signing.VerificationKey;
import io.sphaera.pluton.boot.BootCostModel;
import io.sphaera.pluton.boot.BootImages;
import io.sphaera.pluton.boot.BootReport;
import io.sphaera.pluton.boot.BootSelection;
import io.sphaera.pluton.boot.MeasurementEvent;
import io.sphaera.pluton.boot.SecureBoot;
import io.sphaera.pluton.capability.CapabilityException;
import io.sphaera.pluton.capability.CapabilityGrant;
import io.sphaera.pluton.capability.DeviceCapability;
import io.sphaera.pluton.evidence.AttestationEvidence;
import io.sphaera.pluton.evidence.EvidenceCodec;
import io.sphaera.pluton.evidence.ImageClaim;
import io.sphaera.pluton.fuse.AntiRollbackCounter;
import io.sphaera.pluton.fuse.FuseException;
import io.sphaera.pluton.fuse.ManufacturingState;
import io.sphaera.pluton.identity.DeviceId;
import io.sphaera.pluton.identity.IdentityException;
import io.sphaera.pluton.keys.KeyRole;
import io.sphaera.pluton.keys.TrustedKey;
import io.sphaera.pluton.keys.TrustedKeyStore;
import io.sphaera.pluton.keys.TrustedKeyStoreException;
import io.sphaera.pluton.storage.AtomicRecord;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * The MT3620's security subsystem: it owns the e-fuses, the device identity (made inside it; the private half never
 * leaves: no method returns it, and it rests sealed under the hardware unique key), the trusted key store, the
 * applied capabilities, secure and measured boot, and attestation. All its state lives in the flash regions it is
 * given; randomness comes only from the generator it is given.
 */
public final class Pluton {
    private final EFuses fuses;
    private final AtomicRecord keyStore;
    private final AtomicRecord trustedKeyStoreRecord;
    private final AtomicRecord capabilityRecord;
    private final AtomicRecord bootStateRecord;
    private final RandomGenerator random;
    private SealedIdentity identity;
    private VerificationKey identityPublic;
    /**
     * The identity key once unsealed, kept for the rest of this power cycle in Pluton's own memory (the chip keeps
     * it in its SRAM): unsealing is a decryption and a scalar multiplication, and attestation and every mutual-TLS
     * handshake sign with it. Volatile: TLS signs on the network's thread, attestation on the device's.
     */
    private volatile SigningKey unsealedIdentity;
    private TrustedKeyStore trustedKeyStore;
    private Set<DeviceCapability> capabilities = Set.of();
    private BootReport lastBoot;

    private Pluton(PlutonStorage storage, RandomGenerator random) {
        this.fuses = new EFuses(storage.fuses());
        this.keyStore = new AtomicRecord(storage.keyStore());
        this.trustedKeyStoreRecord = new AtomicRecord(storage.trustedKeyStore());
        this.capabilityRecord = new AtomicRecord(storage.capability());
        this.bootStateRecord = new AtomicRecord(storage.bootState());
        this.random = random;
    }

    /**
     * Powers Pluton up on its flash: reads the fuses, opens the sealed identity, and loads the trusted key store and
     * capabilities when they verify. A blank chip opens too, with no identity yet.
     */
    public static Pluton open(PlutonStorage storage, RandomGenerator random) throws PlutonException {
        Pluton p = new Pluton(storage, random);
        p.load();
        return p;
    }

    private void load() throws PlutonException {
        Optional<byte[]> sealed = keyStore.read();
        if (sealed.isPresent()) {
            try {
                identity = SealedIdentity.decode(sealed.get());
                identityPublic = identity.publicKey(huk());
            } catch (IdentityException e) {
                throw new PlutonException("the device identity cannot be opened: " + e.getMessage(), e);
            }
        }
        Optional<byte[]> tks = trustedKeyStoreRecord.read();
        Optional<byte[]> root = fuses.rootKeyHash();
        if (tks.isPresent() && root.isPresent()) {
            try {
                trustedKeyStore = TrustedKeyStore.open(tks.get(), root.get(), fuses.counter(AntiRollbackCounter.TRUSTED_KEY_STORE));
            } catch (TrustedKeyStoreException e) {
                throw new PlutonException("the installed trusted key store does not verify: " + e.getMessage(), e);
            }

        }
        capabilities = Set.of();
        Optional<byte[]> capability = capabilityRecord.read();
        if (capability.isPresent() && trustedKeyStore != null && identityPublic != null) {
            try {
                capabilities = checkCapability(capability.get()).capabilities();
            } catch (CapabilityException e) {
                // A capability image the current trusted key store no longer vouches for grants nothing.
                capabilities = Set.of();
            }
        }
    }

    private byte[] huk() throws PlutonException {
        return fuses.hardwareUniqueKey().orElseThrow(() -> new PlutonException("the hardware unique key is not burned"));
    }

    // --- Manufacture ---

    /** Makes the hardware unique key and the identity key pair inside Pluton; once only. */
    public void provisionIdentity() throws PlutonException {
        if (identity != null) {
            throw new PlutonException("the device already has an identity");
        }
        try {
            if (fuses.hardwareUniqueKey().isEmpty()) {
                byte[] huk = new byte[32];
                random.nextBytes(huk);
                fuses.burnHardwareUniqueKey(huk);
            }
        } catch (FuseException e) {
            throw new PlutonException(e.getMessage(), e);
        }
        SigningKey key = SigningKey.generate(random);
        SealedIdentity sealed = SealedIdentity.seal(key, huk(), random);
        keyStore.write(sealed.encode());
        identity = sealed;
        identityPublic = key.verificationKey();
        unsealedIdentity = key;
    }

    /** Keeps the factory identity certificate the manufacturing CA issued for this device's identity key. */
    public void storeFactoryCertificate(byte[] der) throws PlutonException {
        requireIdentity();
        SealedIdentity withCertificate = identity.withCertificate(der);
        keyStore.write(withCertificate.encode());
        identity = withCertificate;
    }

    public void burnRootKeyHash(byte[] sha256) throws PlutonException {
        try {
            fuses.burnRootKeyHash(sha256);
        } catch (FuseException e) {
            throw new PlutonException(e.getMessage(), e);
        }
    }

    /**
     * Installs a trusted-key-store image: it must hold the root key whose hash is burned, be signed by it, and not be
     * older than the counter, which then rises to its security version. The old store stays in force until the new
     * one is completely written.
     */
    public void installTrustedKeyStore(byte[] image) throws PlutonException {
        byte[] root = fuses.rootKeyHash().orElseThrow(() -> new PlutonException("no root key hash is burned"));
        TrustedKeyStore store;
        try {
            store = TrustedKeyStore.open(image, root, fuses.counter(AntiRollbackCounter.TRUSTED_KEY_STORE));
        } catch (TrustedKeyStoreException e) {
            throw new PlutonException(e.getMessage(), e);
        }
        long securityVersion = store.image().metadata().securityVersion();
        if (securityVersion > AntiRollbackCounter.MAX) {
            throw new PlutonException("the trusted key store's security version " + securityVersion + " is past the counter's last fuse ("
                    + AntiRollbackCounter.MAX + ")");
        }
        if (image.length > trustedKeyStoreRecord.capacity()) {
            throw new PlutonException("the trusted key store image has " + image.length + " bytes; its record holds "
                    + trustedKeyStoreRecord.capacity());
        }
        trustedKeyStoreRecord.write(image);
        trustedKeyStore = store;
        raiseCounter(AntiRollbackCounter.TRUSTED_KEY_STORE, store.image().metadata().securityVersion());
    }

    public void advanceManufacturingState(ManufacturingState target) throws PlutonException {
        try {
            fuses.advanceManufacturingState(target);
        } catch (FuseException e) {
            throw new PlutonException(e.getMessage(), e);
        }
    }

    public void raiseCounter(AntiRollbackCounter counter, long value) throws PlutonException {
        try {
            fuses.raiseCounter(counter, value);
        } catch (FuseException e) {
            throw new PlutonException(e.getMessage(), e);
        }
    }

    // --- Capabilities ---

    /** Applies a capability image: signed by a capabilities key in the trusted key store, and for this device. */
    public Set<DeviceCapability> applyCapability(byte[] image) throws CapabilityException, PlutonException {
        requireIdentity();
        if (trustedKeyStore == null) {
            throw new PlutonException("no trusted key store is installed");
        }
        CapabilityGrant grant = checkCapability(image);
        if (image.length > capabilityRecord.capacity()) {
            throw new CapabilityException("the capability image has " + image.length + " bytes; its record holds " + capabilityRecord.capacity());
        }
        capabilityRecord.write(image);
        capabilities = grant.capabilities();
        return capabilities;
    }

    private CapabilityGrant checkCapability(byte[] bytes) throws CapabilityException {
        ImagePackage image;
        try {
            image = ImagePackage.parse(bytes);
        } catch (ImagePackageFormatException e) {
            throw new CapabilityException("the capability image is malformed: " + e.getMessage());
        }
        if (image.metadata().kind() != ImageKind.DEVICE_CAPABILITY) {
            throw new CapabilityException("not a capability image: its kind is " + image.metadata().kind().platformName());
        }
        Optional<TrustedKey> signer = trustedKeyStore.find(image.metadata().signer());
        if (signer.isEmpty() || signer.get().role() != KeyRole.CAPABILITIES) {
            throw new CapabilityException("the capability image is not signed by a capabilities key in the trusted key store");
        }
        try {
            new PackageVerifier(id -> Optional.of(signer.get().key())).verify(image);
        } catch (ImageVerificationException e) {
            throw new CapabilityException("the capability image's signature does not verify: " + e.getMessage());
        }
        PackageFile file = image.file(CapabilityGrant.FILE)
                .orElseThrow(() -> new CapabilityException("the capability image has no " + CapabilityGrant.FILE));
        CapabilityGrant grant = CapabilityGrant.decode(image.read(file));
        if (!grant.device().equals(DeviceId.of(identityPublic))) {
            throw new CapabilityException("the capability image is for device " + grant.device().shortForm()
                    + "..., not this one (" + DeviceId.of(identityPublic).shortForm() + "...)");
        }
        return grant;
    }

    // --- Boot ---

    /** Secure and measured boot of every stage from the images given; keeps the slot selection that booted. */
    public BootReport boot(BootImages images, BootCostModel cost, LongSupplier ticker) throws PlutonException {
        if (trustedKeyStore == null) {
            throw new PlutonException("no trusted key store is installed: the device was never manufactured");
        }
        // An install cut off between writing the store and raising its counter is finished at the next boot (opening
        // Pluton only to look at it writes nothing).
        raiseCounter(AntiRollbackCounter.TRUSTED_KEY_STORE, trustedKeyStore.image().metadata().securityVersion());
        BootSelection selection = bootSelection();
        SecureBoot.Result result = new SecureBoot(trustedKeyStore, fuses::counter, capabilities, cost, ticker).boot(images, selection);
        if (!result.selection().equals(selection)) {
            bootStateRecord.write(result.selection().encode());
        }
        lastBoot = result.report();
        return lastBoot;
    }

    /** Why this device would refuse to run an app image, or empty when it would run it. */
    public Optional<String> applicationRefusal(ImagePackage image) throws PlutonException {
        if (trustedKeyStore == null) {
            throw new PlutonException("no trusted key store is installed");
        }
        return new SecureBoot(trustedKeyStore, fuses::counter, capabilities, BootCostModel.DEFAULT, () -> 0L).applicationRefusal(image);
    }

    /** Why this device would refuse a certificate store image, or empty when it would keep it. */
    public Optional<String> certificateStoreRefusal(ImagePackage image) throws PlutonException {
        if (trustedKeyStore == null) {
            throw new PlutonException("no trusted key store is installed");
        }
        return new SecureBoot(trustedKeyStore, fuses::counter, capabilities, BootCostModel.DEFAULT, () -> 0L).certificateStoreRefusal(image);
    }

    /** Why this device would refuse a board configuration image, or empty when it would apply it. */
    public Optional<String> boardConfigurationRefusal(ImagePackage image) throws PlutonException {
        if (trustedKeyStore == null) {
            throw new PlutonException("no trusted key store is installed");
        }
        return new SecureBoot(trustedKeyStore, fuses::counter, capabilities, BootCostModel.DEFAULT, () -> 0L).boardConfigurationRefusal(image);
    }

    /** Why this device would refuse to boot a system image at {@code stage} (an update's check before it installs one). */
    public Optional<String> systemImageRefusal(io.sphaera.pluton.boot.BootStage stage, ImagePackage image) throws PlutonException {
        if (trustedKeyStore == null) {
            throw new PlutonException("no trusted key store is installed");
        }
        return new SecureBoot(trustedKeyStore, fuses::counter, capabilities, BootCostModel.DEFAULT, () -> 0L).systemImageRefusal(stage, image);
    }

    /**
     * Which slots the next boot tries first: an OS update selects the slots it wrote; a stage whose selected image
     * then fails boots the other slot, and the boot writes back the slots that booted.
     */
    public void selectForNextBoot(BootSelection selection) {
        bootStateRecord.write(selection.encode());
    }

    public BootSelection bootSelection() {
        return bootStateRecord.read().map(BootSelection::decode).orElse(BootSelection.allA());
    }

    public Optional<BootReport> lastBoot() {
        return Optional.ofNullable(lastBoot);
    }

    // --- Attestation ---

    /** Evidence of the last boot for the verifier's nonce, signed inside Pluton by the identity key. */
    public byte[] attest(byte[] nonce) throws PlutonException {
        requireIdentity();
        if (lastBoot == null) {
            throw new PlutonException("the device has not booted: there is nothing to attest");
        }
        if (nonce.length < AttestationEvidence.MIN_NONCE || nonce.length > AttestationEvidence.MAX_NONCE) {
            throw new PlutonException("a nonce has " + AttestationEvidence.MIN_NONCE + " to " + AttestationEvidence.MAX_NONCE
                    + " bytes, not " + nonce.length);
        }
        List<ImageClaim> claims = lastBoot.measurements().events().stream()
                .map((MeasurementEvent e) -> new ImageClaim(e.kindCode(), e.componentId(), e.imageId(), e.version(), e.securityVersion()))
                .toList();
        AttestationEvidence evidence = new AttestationEvidence(deviceId().hex(), nonce, lastBoot.measurements().registers(),
                lastBoot.measurements().eventLogDigest(), lastBoot.osVersion().orElse(""), claims);
        byte[] body = EvidenceCodec.encode(evidence);
        byte[] signature = identityKey().sign(body, 0, body.length);
        byte[] out = java.util.Arrays.copyOf(body, body.length + signature.length);
        System.arraycopy(signature, 0, out, body.length, signature.length);
        return out;
    }

    /**
     * Signs content with the identity key inside Pluton (ECDSA P-256 over its SHA-256; raw r||s): how the device
     * proves, in a TLS handshake, that it holds the key its device certificate names. The key itself stays sealed.
     */
    public byte[] signWithIdentity(byte[] content) throws PlutonException {
        requireIdentity();
        return identityKey().sign(content, 0, content.length);
    }

    private SigningKey identityKey() throws PlutonException {
        SigningKey key = unsealedIdentity;
        if (key == null) {
            try {
                key = identity.unseal(huk());
            } catch (IdentityException e) {
                throw new PlutonException(e.getMessage(), e);
            }
            unsealedIdentity = key;
        }
        return key;
    }

    // --- What it tells ---

    public boolean hasIdentity() {
        return identityPublic != null;
    }

    public DeviceId deviceId() throws PlutonException {
        requireIdentity();
        return DeviceId.of(identityPublic);
    }

    public VerificationKey identityPublicKey() throws PlutonException {
        requireIdentity();
        return identityPublic;
    }

    public Optional<byte[]> factoryCertificate() {
        return identity == null ? Optional.empty() : identity.certificate();
    }

    public ManufacturingState manufacturingState() {
        return fuses.manufacturingState();
    }

    public int counter(AntiRollbackCounter counter) {
        return fuses.counter(counter);
    }

    public Optional<byte[]> rootKeyHash() {
        return fuses.rootKeyHash();
    }

    public Optional<TrustedKeyStore> trustedKeyStore() {
        return Optional.ofNullable(trustedKeyStore);
    }

    public Set<DeviceCapability> capabilities() {
        return capabilities.isEmpty() ? Set.of() : EnumSet.copyOf(capabilities);
    }

    private void requireIdentity() throws PlutonException {
        if (identityPublic == null) {
            throw new PlutonException("the device has no identity yet");
        }
    }
}
