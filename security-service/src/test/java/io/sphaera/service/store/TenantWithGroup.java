package io.sphaera.service.store;

/**
 * A tenant (Contoso) with a product (Lamp) and one group of it (Field: the Retail feed, all updates), as the tests of
 * deployments, manifests and rollouts start from.
 */
public record TenantWithGroup(Tenant tenant, Product product, DeviceGroup group) {
    /** Creates them in {@code store}. */
    public static TenantWithGroup createIn(ServiceStore store) {
        Tenant tenant = store.createTenant("Contoso");
        Product product = store.createProduct(tenant.id(), "Lamp", "", false);
        return new TenantWithGroup(tenant, product,
                store.createDeviceGroup(tenant.id(), product.id(), "Field", "", OsFeed.RETAIL, UpdatePolicy.UPDATE_ALL));
    }
}
