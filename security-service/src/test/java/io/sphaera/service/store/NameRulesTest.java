package io.sphaera.service.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NameRulesTest {
    @TempDir
    Path dir;

    @Test
    void fiftyCharactersAreAllowedAndFiftyOneAreNot() {
        assertEquals("a".repeat(50), NameRules.check("name", "a".repeat(50)));
        InvalidNameException e = assertThrows(InvalidNameException.class, () -> NameRules.check("name", "a".repeat(51)));
        assertEquals("name", e.field());
    }

    @Test
    void namesAreTrimmed() {
        assertEquals("Field Test 2", NameRules.check("name", "  Field Test 2 "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "Contoso!", "Con-toso", "Con_toso", "Contoso\tLtd", "Contoso.", "Zoë", "名前"})
    void punctuationEmptyAndNonAsciiAreRefused(String name) {
        assertThrows(InvalidNameException.class, () -> NameRules.check("name", name));
    }

    @Test
    void nullIsRefused() {
        assertThrows(InvalidNameException.class, () -> NameRules.check("name", null));
    }

    @Test
    void storeRefusesBadNamesNamingTheField() {
        try (ServiceStore store = ServiceStore.open(dir, new TickingClock(), new SplittableRandom(1))) {
            InvalidNameException e = assertThrows(InvalidNameException.class, () -> store.createTenant("a".repeat(51)));
            assertEquals("name", e.field());
            Tenant t = store.createTenant("Contoso");
            assertThrows(InvalidNameException.class, () -> store.createProduct(t.id(), "Lamp;", "", false));
            Product p = store.createProduct(t.id(), "Lamp", "", false);
            assertThrows(InvalidNameException.class, () -> store.createDeviceGroup(
                    t.id(), p.id(), "", "", OsFeed.RETAIL, UpdatePolicy.UPDATE_ALL));
            assertThrows(InvalidNameException.class,
                    () -> store.updateProduct(t.id(), p.id(), Optional.of("Lamp/2"), Optional.empty()));
            assertEquals(1, store.tenants(PageRequest.first(10)).items().size(), "only Contoso was made");
        }
    }

    @Test
    void duplicateTenantNamesAreRefusedInAnyCase() {
        try (ServiceStore store = ServiceStore.open(dir, new TickingClock(), new SplittableRandom(2))) {
            store.createTenant("Contoso");
            assertEquals("name", assertThrows(ConflictException.class, () -> store.createTenant("Contoso")).field());
            assertThrows(ConflictException.class, () -> store.createTenant("CONTOSO"));
            assertThrows(ConflictException.class, () -> store.createTenant(" contoso "));
            store.createTenant("Contoso 2");
        }
    }

    @Test
    void productNamesAreUniqueWithinTheirTenantOnly() {
        try (ServiceStore store = ServiceStore.open(dir, new TickingClock(), new SplittableRandom(3))) {
            Tenant a = store.createTenant("A");
            Tenant b = store.createTenant("B");
            Product lamp = store.createProduct(a.id(), "Lamp", "", false);
            assertThrows(ConflictException.class, () -> store.createProduct(a.id(), "lamp", "", false));
            store.createProduct(b.id(), "Lamp", "", false);
            Product oven = store.createProduct(a.id(), "Oven", "", false);
            assertThrows(ConflictException.class,
                    () -> store.updateProduct(a.id(), oven.id(), Optional.of("LAMP"), Optional.empty()));
            // A product may change the case of its own name.
            assertEquals("LAMP", store.updateProduct(a.id(), lamp.id(), Optional.of("LAMP"), Optional.empty()).name());
        }
    }

    @Test
    void groupNamesAreUniqueWithinTheirProductOnly() {
        try (ServiceStore store = ServiceStore.open(dir, new TickingClock(), new SplittableRandom(4))) {
            Tenant a = store.createTenant("A");
            Product lamp = store.createProduct(a.id(), "Lamp", "", true);
            Product oven = store.createProduct(a.id(), "Oven", "", true);
            assertThrows(ConflictException.class, () -> store.createDeviceGroup(
                    a.id(), lamp.id(), "field test", "", OsFeed.RETAIL, UpdatePolicy.UPDATE_ALL));
            DeviceGroup beta = store.createDeviceGroup(
                    a.id(), lamp.id(), "Beta", "", OsFeed.RETAIL, UpdatePolicy.UPDATE_ALL);
            store.createDeviceGroup(a.id(), oven.id(), "Beta", "", OsFeed.RETAIL, UpdatePolicy.UPDATE_ALL);
            assertThrows(ConflictException.class, () -> store.updateDeviceGroup(a.id(), beta.id(),
                    Optional.of("PRODUCTION"), Optional.empty(), Optional.empty(), Optional.empty()));
            UUID unknownProduct = new UUID(1, 2);
            assertThrows(NotFoundException.class, () -> store.createDeviceGroup(
                    a.id(), unknownProduct, "Beta", "", OsFeed.RETAIL, UpdatePolicy.UPDATE_ALL));
        }
    }
}
