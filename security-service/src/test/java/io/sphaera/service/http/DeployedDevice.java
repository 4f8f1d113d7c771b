package io.sphaera.service.http;

import io.sphaera.service.store.Deployment;
import io.sphaera.service.store.DeviceGroup;
import io.sphaera.service.store.Image;
import io.sphaera.service.store.OsFeed;
import io.sphaera.service.store.UpdatePolicy;

/**
 * A device claimed into a group of its own (Retail, all updates) whose current deployment is one new image: where a
 * test of one device's updates starts.
 */
record DeployedDevice(DeviceGroup group, Image image, Deployment deployment, TestDevice device) {
    /** A group named {@code group} in {@code service}'s tenant, a deployment of an image of {@code version} to it, and its device. */
    static DeployedDevice in(LoopbackService service, String group, String version) {
        DeviceGroup g = service.group(group, OsFeed.RETAIL, UpdatePolicy.UPDATE_ALL);
        Image image = service.app(version);
        Deployment d = service.deploy(g, image);
        return new DeployedDevice(g, image, d, service.claimed(g));
    }
}
