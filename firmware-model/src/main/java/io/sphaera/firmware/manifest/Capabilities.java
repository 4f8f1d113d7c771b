package io.sphaera.firmware.manifest;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;

/**
 * What an app's manifest grants it, with every "$NAME" already resolved to the chip's own value.
 *
 * @param peripherals                   per peripheral kind, the granted GPIO numbers ("8") or blocks ("ISU0")
 * @param allowedConnections            host names, IP addresses or DNS-SD names the app may connect to
 * @param allowedTcpServerPorts         TCP ports the app may listen on
 * @param allowedUdpServerPorts         UDP ports the app may listen on
 * @param allowedApplicationConnections component IDs of the apps it may talk to across cores
 * @param deviceAuthentication          the tenant whose device certificate the app may use
 * @param mutableStorageKiB             the size of its mutable storage, if any
 * @param powerControls                 the powermanagement.h calls it may make
 * @param switches                      the boolean capabilities that are true (e.g. "SystemEventNotifications")
 */
public record Capabilities(
        Map<PeripheralKind, List<String>> peripherals,
        List<String> allowedConnections,
        List<Integer> allowedTcpServerPorts,
        List<Integer> allowedUdpServerPorts,
        List<UUID> allowedApplicationConnections,
        Optional<UUID> deviceAuthentication,
        OptionalInt mutableStorageKiB,
        Set<PowerControl> powerControls,
        Set<String> switches) {

    /** The boolean capabilities the platform defines. */
    public static final Set<String> SWITCHES = Set.of(
            "SoftwareUpdateDeferral", "SystemEventNotifications", "WifiConfig", "EnterpriseWifiConfig",
            "NetworkConfig", "SntpService", "DhcpService", "CertStore", "HardwareAddressConfig",
            "ReadNetworkProxyConfig", "TimeSyncConfig", "SystemTime");

    public Capabilities {
        peripherals = Map.copyOf(peripherals);
        allowedConnections = List.copyOf(allowedConnections);
        allowedTcpServerPorts = List.copyOf(allowedTcpServerPorts);
        allowedUdpServerPorts = List.copyOf(allowedUdpServerPorts);
        allowedApplicationConnections = List.copyOf(allowedApplicationConnections);
        powerControls = Set.copyOf(powerControls);
        switches = Set.copyOf(switches);
    }

    public List<String> granted(PeripheralKind kind) {
        return peripherals.getOrDefault(kind, List.of());
    }

    public boolean has(String switchName) {
        return switches.contains(switchName);
    }
}
