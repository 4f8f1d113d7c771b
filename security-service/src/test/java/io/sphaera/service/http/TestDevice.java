package io.sphaera.service.http;

import io.sphaera.firmware.signing.SigningKey;

/** A device of a test: its ID, its identity key and the certificate it presents to the service on {@code port}. */
record TestDevice(String id, SigningKey key, byte[] certificate, int port) {
    /** A client presenting the device's certificate (mutual TLS, as a device after attestation). */
    ServiceHttps client() throws Exception {
        return ServiceHttps.device(port, LoopbackService.ROOT, key, certificate);
    }
}
