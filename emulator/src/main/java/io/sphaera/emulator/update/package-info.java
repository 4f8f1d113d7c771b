/**
 * The device's update agent (issue 6, docs/updates.md): it asks the security service for its signed update manifest,
 * downloads what it names into staging, installs it with the old images kept for rollback, commits once the new images
 * run and rolls back when they do not; a journal in flash carries every step across power cuts.
 */
package io.sphaera.emulator.update;
