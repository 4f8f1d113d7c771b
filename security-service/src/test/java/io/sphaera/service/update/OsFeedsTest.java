package io.sphaera.service.update;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sphaera.firmware.image.ImageKind;
import io.sphaera.firmware.image.ImagePackage;
import io.sphaera.firmware.image.ImagePackageFormatException;
import io.sphaera.firmware.signing.Sha256;
import io.sphaera.firmware.update.TargetImage;
import io.sphaera.service.store.OsFeed;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which release each feed carries when: RetailEval from publication, Retail two weeks later, the newest by version. */
class OsFeedsTest {
    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

    @Test
    void aReleaseListsItsImagesInBootOrderWhateverOrderTheyCameIn() throws Exception {
        List<byte[]> images = new ArrayList<>(TestReleases.release("25.05", T0));
        Collections.reverse(images);
        OsRelease r = OsRelease.of("25.05", images);
        assertEquals("25.05", r.version().text());
        assertEquals(T0, r.published(), "the OS image's build time");
        List<TargetImage> targets = r.targets();
        assertEquals(List.of("PlutonRuntime", "SecurityMonitor", "NormalWorldKernel"), targets.stream().map(TargetImage::kind).toList());
        for (int i = 0; i < 3; i++) {
            byte[] bytes = images.get(2 - i);
            var m = ImagePackage.parse(bytes).metadata();
            TargetImage t = targets.get(i);
            assertEquals(m.imageId(), t.imageId());
            assertEquals(m.componentId(), t.componentId());
            assertEquals("25.05", t.version());
            assertEquals(bytes.length, t.length());
            assertArrayEquals(Sha256.of(bytes), t.sha256(), "the SHA-256 of the whole signed package, as a device checks it");
            assertArrayEquals(bytes, r.images().get(i).bytes());
            assertArrayEquals(Arrays.copyOfRange(bytes, 10, 30), r.images().get(i).read(10, 20));
            assertArrayEquals(Arrays.copyOfRange(bytes, bytes.length - 5, bytes.length), r.images().get(i).read(bytes.length - 5, 100),
                    "fewer at the end");
        }
    }

    @Test
    void retailEvalCarriesAReleaseFromItsPublicationAndRetailFourteenDaysLater() throws Exception {
        OsFeeds feeds = OsFeeds.of(Map.of("25.02", TestReleases.release("25.02", T0), "25.05",
                TestReleases.release("25.05", T0.plus(Duration.ofDays(30)))));
        Instant published = T0.plus(Duration.ofDays(30));
        assertEquals(Optional.empty(), feeds.release(OsFeed.RETAIL_EVAL, T0.minusSeconds(1)), "nothing published yet");
        assertEquals("25.02", feeds.release(OsFeed.RETAIL_EVAL, T0).orElseThrow().name());
        assertEquals(Optional.empty(), feeds.release(OsFeed.RETAIL, T0.plus(Duration.ofDays(14)).minusSeconds(1)));
        assertEquals("25.02", feeds.release(OsFeed.RETAIL, T0.plus(Duration.ofDays(14))).orElseThrow().name());
        assertEquals("25.05", feeds.release(OsFeed.RETAIL_EVAL, published).orElseThrow().name(), "at once");
        assertEquals("25.02", feeds.release(OsFeed.RETAIL, published.plus(Duration.ofDays(14)).minusSeconds(1)).orElseThrow().name());
        assertEquals("25.05", feeds.release(OsFeed.RETAIL, published.plus(Duration.ofDays(14))).orElseThrow().name(), "two weeks later");
        assertEquals(published.plus(OsFeeds.RETAIL_DELAY), OsFeeds.availableFrom(feeds.releases().get(0), OsFeed.RETAIL));
    }

    @Test
    void theNewestIsTheHighestOsVersionNotTheLatestPublishedNorTheHighestName() throws Exception {
        // 25.10 was built before a 25.9 hotfix; "25.9" sorts after "25.10" as text but not as a version.
        OsFeeds feeds = OsFeeds.of(Map.of("autumn", TestReleases.release("25.10", T0), "hotfix", TestReleases.release("25.9",
                T0.plusSeconds(3600))));
        assertEquals("autumn", feeds.release(OsFeed.RETAIL_EVAL, T0.plus(Duration.ofDays(1))).orElseThrow().name());
        assertEquals("25.10", feeds.release(OsFeed.RETAIL_EVAL, T0.plus(Duration.ofDays(1))).orElseThrow().version().text());
    }

    @Test
    void aSystemImageIsFoundByItsIdInAnyRelease() throws Exception {
        List<byte[]> a = TestReleases.release("25.02", T0);
        OsFeeds feeds = OsFeeds.of(Map.of("25.02", a, "25.05", TestReleases.release("25.05", T0)));
        var id = ImagePackage.parse(a.get(1)).metadata().imageId();
        assertArrayEquals(a.get(1), feeds.image(id).orElseThrow().bytes());
        assertEquals(Optional.empty(), feeds.image(new java.util.UUID(1, 2)));
        assertEquals(Optional.empty(), OsFeeds.none().release(OsFeed.RETAIL, T0.plus(Duration.ofDays(3650))));
    }

    @Test
    void aMalformedReleaseIsRefusedWithAReason() {
        List<byte[]> good = TestReleases.release("25.02", T0);
        ImagePackageFormatException missing = assertThrows(ImagePackageFormatException.class, () -> OsRelease.of("x", good.subList(0, 2)));
        assertTrue(missing.getMessage().contains("needs its Pluton runtime, security monitor and OS"), missing.getMessage());
        ImagePackageFormatException twice = assertThrows(ImagePackageFormatException.class,
                () -> OsRelease.of("x", List.of(good.get(0), good.get(1), good.get(2), good.get(2))));
        assertTrue(twice.getMessage().contains("two NormalWorldKernel"), twice.getMessage());
        byte[] app = new io.sphaera.firmware.image.ImagePackageBuilder(ImageKind.APPLICATIONS, new java.util.UUID(1, 1))
                .imageId(new java.util.UUID(2, 2)).buildTime(T0).addFile("x", new byte[] {1}, false)
                .sign(io.sphaera.firmware.signing.SigningKey.generate(new java.util.SplittableRandom(1)));
        ImagePackageFormatException wrong = assertThrows(ImagePackageFormatException.class,
                () -> OsRelease.of("x", List.of(good.get(0), good.get(1), app)));
        assertTrue(wrong.getMessage().contains("not Applications"), wrong.getMessage());
        assertThrows(ImagePackageFormatException.class, () -> OsRelease.of("x", List.of(good.get(0), good.get(1), new byte[] {1, 2})));
        // Two releases may share an image, but not hold different bytes under one ID.
        byte[] forged = good.get(0).clone();
        forged[forged.length - 1] ^= 1;
        assertThrows(ImagePackageFormatException.class, () -> OsFeeds.of(Map.of("a", good, "b",
                List.of(forged, good.get(1), good.get(2)))));
    }
}
