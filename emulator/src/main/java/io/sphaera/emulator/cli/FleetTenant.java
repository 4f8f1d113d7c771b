package io.sphaera.emulator.cli;

import io.sphaera.service.store.DeviceGroup;
import io.sphaera.service.store.Page;
import io.sphaera.service.store.PageRequest;
import io.sphaera.service.store.Product;
import io.sphaera.service.store.ServiceStore;
import io.sphaera.service.store.Tenant;
import java.util.Optional;
import java.util.function.Function;

/**
 * The tenant, product and device group a fleet run claims its devices into, made on the first run in a workspace
 * and found again by name on later ones.
 */
record FleetTenant(Tenant tenant, Product product, DeviceGroup group) {
    static final String TENANT = "Sphaera Fleet";
    static final String PRODUCT = "Fleet Device";
    static final String GROUP = "Field Test";

    static FleetTenant of(ServiceStore store) {
        Tenant tenant = find(p -> store.tenants(p), t -> t.name().equals(TENANT)).orElseGet(() -> store.createTenant(TENANT));
        Product product = find(p -> store.products(tenant.id(), p), pr -> pr.name().equals(PRODUCT))
                .orElseGet(() -> store.createProduct(tenant.id(), PRODUCT, "Devices of sphaera fleet runs", true));
        DeviceGroup group = find(p -> store.deviceGroups(tenant.id(), product.id(), p), g -> g.name().equals(GROUP)).orElseThrow();
        return new FleetTenant(tenant, product, group);
    }

    /** Walks every page of a listing for the first item that matches. */
    private static <T> Optional<T> find(Function<PageRequest, Page<T>> list, java.util.function.Predicate<T> match) {
        PageRequest request = PageRequest.first(1000);
        while (true) {
            Page<T> page = list.apply(request);
            Optional<T> hit = page.items().stream().filter(match).findFirst();
            if (hit.isPresent() || page.continuationToken().isEmpty()) {
                return hit;
            }
            request = new PageRequest(1000, page.continuationToken());
        }
    }
}
