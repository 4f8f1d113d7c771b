package io.sphaera.service.store;

import java.util.List;

/** The five device groups a product gets when it is created with defaults, as the platform makes them. */
public final class DefaultDeviceGroups {
    /** One default group's settings. */
    public record Template(String name, String description, OsFeed osFeed, UpdatePolicy updatePolicy) {}

    public static final List<Template> ALL = List.of(
            new Template(
                    "Development",
                    "Default development device group",
                    OsFeed.RETAIL,
                    UpdatePolicy.NO_3RD_PARTY_APP_UPDATES),
            new Template("Field Test", "Default test device group", OsFeed.RETAIL, UpdatePolicy.UPDATE_ALL),
            new Template("Production", "Default production device group", OsFeed.RETAIL, UpdatePolicy.UPDATE_ALL),
            new Template(
                    "Production OS Evaluation",
                    "Default Production OS Evaluation device group",
                    OsFeed.RETAIL_EVAL,
                    UpdatePolicy.UPDATE_ALL),
            new Template(
                    "Field Test OS Evaluation",
                    "Default Field Test OS Evaluation device group",
                    OsFeed.RETAIL_EVAL,
                    UpdatePolicy.UPDATE_ALL));

    private DefaultDeviceGroups() {}
}
