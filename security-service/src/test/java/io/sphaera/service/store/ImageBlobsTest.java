package io.sphaera.service.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageBlobsTest {
    @TempDir
    Path dir;

    @Test
    void identicalBytesAreKeptOnce() throws Exception {
        byte[] bytes = new byte[10_000];
        new SplittableRandom(1).nextBytes(bytes);
        try (ServiceStore store = ServiceStore.open(dir, new TickingClock(), new SplittableRandom(2))) {
            Tenant a = store.createTenant("A");
            Tenant b = store.createTenant("B");
            store.addImage(a.id(), StoreTestData.imageRecord(UUID.randomUUID(), bytes), bytes);
            store.addImage(a.id(), StoreTestData.imageRecord(UUID.randomUUID(), bytes), bytes);
            store.addImage(b.id(), StoreTestData.imageRecord(UUID.randomUUID(), bytes), bytes);
            byte[] other = Arrays.copyOf(bytes, bytes.length + 1);
            store.addImage(b.id(), StoreTestData.imageRecord(UUID.randomUUID(), other), other);
        }
        List<Path> blobs = blobs();
        assertEquals(2, blobs.size());
        String sha = StoreTestData.sha256(bytes);
        assertTrue(blobs.contains(dir.resolve("images").resolve(sha.substring(0, 2)).resolve(sha)), blobs.toString());
    }

    @Test
    void aHalfWrittenBlobNeverBecomesVisible() throws Exception {
        byte[] bytes = new byte[4096];
        new SplittableRandom(3).nextBytes(bytes);
        String sha = StoreTestData.sha256(bytes);
        try (ServiceStore store = ServiceStore.open(dir, new TickingClock(), new SplittableRandom(4))) {
            store.createTenant("A");
        }
        // What a crash in the middle of writing leaves: part of the bytes under the partial directory.
        Path partial = dir.resolve("images").resolve("partial").resolve(sha);
        Files.write(partial, Arrays.copyOf(bytes, 1000));
        try (ServiceStore store = ServiceStore.open(dir, new TickingClock(), new SplittableRandom(5))) {
            assertEquals(Optional.empty(), store.imagePath(sha));
            assertThrows(NotFoundException.class, () -> store.readImageRange(sha, 0, 10));
            assertTrue(Files.notExists(partial), "partial files are swept on open");
            // The same bytes uploaded afterwards arrive whole.
            Tenant t = store.tenants(PageRequest.first(1)).items().get(0);
            store.addImage(t.id(), StoreTestData.imageRecord(UUID.randomUUID(), bytes), bytes);
            assertArrayEquals(bytes, Files.readAllBytes(store.imagePath(sha).orElseThrow()));
        }
        assertEquals(1, blobs().size());
    }

    @Test
    void aRefusedImageLeavesNoRecord() {
        try (ServiceStore store = ServiceStore.open(dir, new TickingClock(), new SplittableRandom(6))) {
            Tenant t = store.createTenant("A");
            byte[] bytes = {1, 2, 3};
            ImageRecord record = StoreTestData.imageRecord(UUID.randomUUID(), bytes);
            store.addImage(t.id(), record, bytes);
            byte[] others = {4, 5, 6};
            ImageRecord sameId = StoreTestData.imageRecord(record.imageId(), others);
            assertThrows(ConflictException.class, () -> store.addImage(t.id(), sameId, others));
            assertEquals(Optional.empty(), store.imagePath(sameId.sha256()), "a refused image writes no bytes");
            assertThrows(NotFoundException.class, () -> store.addImage(new UUID(5, 5),
                    StoreTestData.imageRecord(UUID.randomUUID(), others), others));
            assertEquals(Optional.empty(), store.imagePath(sameId.sha256()));
            assertEquals(record, store.image(t.id(), record.imageId()).orElseThrow().record());
        }
    }

    private List<Path> blobs() throws Exception {
        Path images = dir.resolve("images");
        try (Stream<Path> files = Files.walk(images)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> !p.getParent().getFileName().toString().equals("partial"))
                    .toList();
        }
    }
}
