/**
 * The service's side of over-the-air updates: which images each device is to run — the OS release its group's feed
 * carries, the deployment its group's staged rollout gives it — as signed update manifests with rising versions, its
 * deployment history, and what devices report back, which moves the rollouts on.
 */
package io.sphaera.service.update;
