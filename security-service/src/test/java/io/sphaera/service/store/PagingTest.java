package io.sphaera.service.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PagingTest {
    private static final int TENANTS = 23;

    @TempDir
    Path dir;

    private ServiceStore store;
    private final List<Tenant> made = new ArrayList<>();

    @BeforeEach
    void manyTenants() {
        store = ServiceStore.open(dir, new TickingClock(), new SplittableRandom(11));
        for (int i = 0; i < TENANTS; i++) {
            made.add(store.createTenant("Tenant " + i));
        }
    }

    @AfterEach
    void close() {
        store.close();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 5, 7, 22, 23, 24, 1000})
    void pagesWalkEveryItemOnceInCreationOrder(int pageSize) {
        List<Tenant> seen = walk(pageSize, store::tenants);
        assertEquals(made, seen);
    }

    @Test
    void theLastPageHasNoToken() {
        Page<Tenant> all = store.tenants(PageRequest.first(TENANTS));
        assertEquals(TENANTS, all.items().size());
        assertEquals(Optional.empty(), all.continuationToken());
        assertTrue(store.tenants(PageRequest.first(TENANTS - 1)).continuationToken().isPresent());
    }

    @Test
    void itemsMadeWhileWalkingAppearOnceAtTheEnd() {
        Page<Tenant> first = store.tenants(PageRequest.first(10));
        Tenant late = store.createTenant("Late");
        List<Tenant> seen = new ArrayList<>(first.items());
        PageRequest next = PageRequest.first(10).next(first);
        while (true) {
            Page<Tenant> page = store.tenants(next);
            seen.addAll(page.items());
            if (page.continuationToken().isEmpty()) {
                break;
            }
            next = next.next(page);
        }
        List<Tenant> expected = new ArrayList<>(made);
        expected.add(late);
        assertEquals(expected, seen);
    }

    @Test
    void deploymentsPageNewestFirst() {
        Tenant t = made.get(0);
        Product p = store.createProduct(t.id(), "Lamp", "", true);
        DeviceGroup g = store.deviceGroups(t.id(), p.id(), PageRequest.first(1)).items().get(0);
        List<Deployment> deployments = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            deployments.add(store.createDeployment(t.id(), g.id(), List.of()));
        }
        assertEquals(deployments.reversed(), walk(4, page -> store.deployments(t.id(), g.id(), page)));
    }

    @Test
    void devicesPageWithAndWithoutAGroup() {
        Tenant t = made.get(1);
        Product p = store.createProduct(t.id(), "Lamp", "", true);
        DeviceGroup g = store.deviceGroups(t.id(), p.id(), PageRequest.first(1)).items().get(0);
        SplittableRandom random = new SplittableRandom(12);
        List<String> all = new ArrayList<>();
        List<String> grouped = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            String id = DeviceIds.next(random);
            store.claimDevice(t.id(), id);
            all.add(id);
            if (i % 3 == 0) {
                store.moveDevice(t.id(), id, g.id());
                grouped.add(id);
            }
        }
        assertEquals(all, walk(3, page -> store.devices(t.id(), page, Optional.empty())).stream()
                .map(Device::deviceId).toList());
        assertEquals(grouped, walk(2, page -> store.devices(t.id(), page, Optional.of(g.id()))).stream()
                .map(Device::deviceId).toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "bogus", "%%%", "MXx0ZW5hbnRzfDEy=", "AAAA"})
    void bogusTokensAreRefused(String token) {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> store.tenants(new PageRequest(5, Optional.of(token))));
        assertEquals("continuationToken", e.field());
    }

    @Test
    void tokensOfAnotherListOrWithAForgedPositionAreRefused() {
        String productsToken = encode("1|products/" + made.get(0).id() + "|3");
        assertThrows(InvalidInputException.class, () -> store.tenants(new PageRequest(5, Optional.of(productsToken))));
        for (String forged : List.of("1|tenants|-1", "1|tenants|", "1|tenants|1e3", "2|tenants|3",
                "1|tenants|99999999999999999999")) {
            assertThrows(InvalidInputException.class,
                    () -> store.tenants(new PageRequest(5, Optional.of(encode(forged)))), forged);
        }
        assertThrows(InvalidInputException.class,
                () -> store.tenants(new PageRequest(5, Optional.of("A".repeat(10_000)))));
    }

    @Test
    void pageSizesOutsideOneToAThousandAreRefused() {
        assertEquals("maxPageSize", assertThrows(InvalidInputException.class, () -> PageRequest.first(0)).field());
        assertThrows(InvalidInputException.class, () -> PageRequest.first(1001));
        assertThrows(InvalidInputException.class, () -> PageRequest.first(-1));
    }

    private static String encode(String plain) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    private static <T> List<T> walk(int pageSize, Function<PageRequest, Page<T>> list) {
        List<T> seen = new ArrayList<>();
        PageRequest request = PageRequest.first(pageSize);
        for (int guard = 0; guard < 10_000; guard++) {
            Page<T> page = list.apply(request);
            assertTrue(page.items().size() <= pageSize);
            seen.addAll(page.items());
            if (page.continuationToken().isEmpty()) {
                return seen;
            }
            assertTrue(page.items().size() == pageSize, "only the last page may be short");
            request = request.next(page);
        }
        throw new AssertionError("paging did not end");
    }
}
