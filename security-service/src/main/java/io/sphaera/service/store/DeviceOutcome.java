package io.sphaera.service.store;

/**
 * A device's latest word on one deployment: the outcome of its newest update report naming it, and where that report
 * stands in the store's order of reports.
 */
public record DeviceOutcome(String deviceId, UpdateOutcome outcome, long reportSequence) {
    /** RolledBack or Failed: the deployment did not take on this device. */
    public boolean failed() {
        return outcome != UpdateOutcome.INSTALLED;
    }
}
