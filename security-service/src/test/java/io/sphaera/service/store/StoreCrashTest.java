package io.sphaera.service.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Kills a real writer process with SIGKILL after it has acknowledged some operations, then checks that the store
 * opens, holds every acknowledged operation, and shows nothing half-done.
 */
class StoreCrashTest {
    private static final long RUN_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final String END = "\u0000end";

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(ints = {5, 50, 200, 2000})
    void everyAcknowledgedOperationSurvivesAKill(int acknowledgements) throws Exception {
        Path data = dir.resolve("data");
        List<String> acked = runAndKill(data, acknowledgements);
        assertTrue(acked.size() >= acknowledgements, "only " + acked.size() + " lines");

        checkDatabaseIntegrity(data);
        try (ServiceStore store = ServiceStore.open(data, new TickingClock(Instant.parse("2030-01-01T00:00:00Z")),
                new SplittableRandom(99))) {
            for (String line : acked) {
                checkAcknowledged(store, line);
            }
            checkNothingHalfDone(store, data);
            // The store takes new work after the crash.
            Tenant after = store.createTenant("After the crash");
            assertEquals(Optional.of(after), store.tenant(after.id()));
        }
    }

    private List<String> runAndKill(Path data, int acknowledgements) throws Exception {
        Path stderr = dir.resolve("writer-stderr.txt");
        Process writer = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp", System.getProperty("java.class.path"),
                        "--enable-native-access=ALL-UNNAMED",
                        "-XX:TieredStopAtLevel=1",
                        "-XX:+UseSerialGC",
                        StoreCrashWriter.class.getName(),
                        data.toString(),
                        Integer.toString(acknowledgements))
                .redirectError(stderr.toFile())
                .start();
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = Thread.ofVirtual().start(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the pipe broke with the kill; whatever was read is in the queue
            } finally {
                lines.add(END);
            }
        });
        List<String> acked = new ArrayList<>();
        long deadline = System.nanoTime() + RUN_LIMIT_NANOS;
        try {
            while (acked.size() < acknowledgements + 1) { // + 1 for "ready"
                String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null || line.equals(END)) {
                    fail("the writer " + (line == null ? "was too slow" : "ended") + " after " + acked.size()
                            + " lines: " + Files.readString(stderr));
                }
                acked.add(line);
            }
        } finally {
            writer.destroyForcibly();
            assertTrue(writer.waitFor(10, TimeUnit.SECONDS), "the writer did not die");
            reader.join(TimeUnit.SECONDS.toMillis(10));
        }
        // Lines written before the kill and still in the pipe were acknowledged too.
        for (String line = lines.poll(); line != null && !line.equals(END); line = lines.poll()) {
            acked.add(line);
        }
        assertEquals("ready", acked.remove(0));
        return acked;
    }

    private static void checkDatabaseIntegrity(Path data) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve(ServiceStore.DATABASE_FILE));
                Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery("PRAGMA integrity_check")) {
                assertTrue(r.next());
                assertEquals("ok", r.getString(1));
            }
            try (ResultSet r = s.executeQuery("PRAGMA foreign_key_check")) {
                assertTrue(!r.next(), "a row refers to a missing row");
            }
        }
    }

    private static void checkAcknowledged(ServiceStore store, String line) {
        String[] f = line.split(" ");
        UUID tenant = UUID.fromString(f[1]);
        switch (f[0]) {
            case "tenant" -> assertEquals(line.substring(line.indexOf(' ', 7) + 1),
                    store.tenant(tenant).orElseThrow(() -> new AssertionError("lost: " + line)).name());
            case "product" -> {
                UUID product = UUID.fromString(f[2]);
                assertTrue(store.product(tenant, product).isPresent(), "lost: " + line);
                int groups = store.deviceGroups(tenant, product, PageRequest.first(10)).items().size();
                assertEquals(Boolean.parseBoolean(f[3]) ? 5 : 0, groups, line);
            }
            case "device" -> assertTrue(store.device(tenant, f[2]).isPresent(), "lost: " + line);
            case "moved" -> assertEquals(Optional.of(UUID.fromString(f[3])),
                    store.device(tenant, f[2]).orElseThrow().deviceGroupId(), "lost: " + line);
            case "image" -> {
                Image image = store.image(tenant, UUID.fromString(f[2]))
                        .orElseThrow(() -> new AssertionError("lost: " + line));
                assertEquals(f[3], image.record().sha256());
                assertEquals(Long.parseLong(f[4]), image.record().size());
            }
            case "deployment" -> {
                List<Deployment> history =
                        store.deployments(tenant, UUID.fromString(f[2]), PageRequest.first(10)).items();
                assertTrue(history.stream().anyMatch(d -> d.id().equals(UUID.fromString(f[3]))
                        && d.imageIds().equals(List.of(UUID.fromString(f[4])))), "lost: " + line);
            }
            default -> fail("unknown line " + line);
        }
    }

    /** Every product has all five default groups or none; every image's bytes are whole; no partial file shows. */
    private static void checkNothingHalfDone(ServiceStore store, Path data) throws Exception {
        for (Tenant t : all(store::tenants)) {
            for (Product p : all(page -> store.products(t.id(), page))) {
                int groups = all(page -> store.deviceGroups(t.id(), p.id(), page)).size();
                assertTrue(groups == 0 || groups == 5, p + " has " + groups + " groups");
            }
            for (Image image : all(page -> store.images(t.id(), page))) {
                Path blob = store.imagePath(image.record().sha256())
                        .orElseThrow(() -> new AssertionError("no bytes for " + image));
                byte[] bytes = Files.readAllBytes(blob);
                assertEquals(image.record().size(), bytes.length);
                assertEquals(image.record().sha256(), StoreTestData.sha256(bytes));
            }
        }
        try (Stream<Path> partial = Files.list(data.resolve(ServiceStore.IMAGES_DIRECTORY).resolve("partial"))) {
            assertEquals(0, partial.count(), "partial files are swept");
        }
    }

    private static <T> List<T> all(java.util.function.Function<PageRequest, Page<T>> list) {
        List<T> items = new ArrayList<>();
        PageRequest request = PageRequest.first(PageRequest.MAX_PAGE_SIZE);
        while (true) {
            Page<T> page = list.apply(request);
            items.addAll(page.items());
            if (page.continuationToken().isEmpty()) {
                return items;
            }
            request = request.next(page);
        }
    }
}
