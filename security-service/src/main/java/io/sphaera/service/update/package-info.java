/**
 * The service's side of over-the-air updates: which images each device is to run, as signed update manifests with
 * rising versions, its deployment history, and what devices report back.
 */
package io.sphaera.service.update;
