/**
 * The cloud security service: device authentication and attestation, tenants, products, device groups, images,
 * deployments and the update service, served over Netty with TLS.
 */
package io.sphaera.service;
