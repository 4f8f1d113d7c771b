package io.sphaera.emulator.fleet;

import io.netty.channel.EventLoopGroup;
import io.sphaera.emulator.device.Mt3620Device;
import io.sphaera.emulator.network.DeviceAuthAgent;
import io.sphaera.emulator.network.DeviceAuthentication;
import io.sphaera.emulator.network.DeviceCertificate;
import io.sphaera.emulator.network.ErrorReporter;
import io.sphaera.emulator.os.A7Runtime;
import io.sphaera.emulator.os.AppLog;
import io.sphaera.emulator.update.UpdateAgent;
import io.sphaera.peripherals.board.Board;
import io.sphaera.peripherals.board.BoardDescription;
import io.sphaera.peripherals.Mt3620Peripherals;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One device of a fleet with what runs on it once it has booted: the authentication agent, the A7's OS with the
 * device's app on the reference board, the error reporter that uploads the app's crashes and exits, and the update
 * agent that keeps its apps those of its device group's deployment.
 */
public final class FleetDevice {
    /** What a device looked like at a moment: its app and whether the LED the blink sample drives is lit. */
    public record Snapshot(A7Runtime.AppStatus app, List<String> appLog, boolean ledOn) {
    }

    /** The RDB's LED 1 red (GPIO 8), which the blink sample drives. */
    public static final String LED = "LED1_RED";

    private final Mt3620Device device;
    private final DeviceAuthAgent auth;
    private final Mt3620Peripherals chip = new Mt3620Peripherals();
    private final Board board = Board.attach(BoardDescription.mt3620Rdb(), chip);
    private final AppLog appLog = new AppLog();
    /** The OS's own lines (apps started and ended, updates), kept as an app's log is. */
    private final AppLog osLog = new AppLog();
    private final A7Runtime os;
    private final UpdateAgent updates;

    /**
     * @param service  the security service's address, for error reports
     * @param rootDer  the vendor root that the service's certificate chains to
     */
    public FleetDevice(Mt3620Device device, DeviceAuthentication authentication, EventLoopGroup network, byte[] rootDer,
                       InetSocketAddress service) {
        this.device = device;
        var seams = device.seams();
        this.auth = new DeviceAuthAgent(() -> authentication.authenticate(device), seams.executor(), seams.clock(), seams.random());
        this.os = new A7Runtime(device, chip, appLog, line -> osLog.write(line + "\n"));
        os.deviceAuthReady(() -> auth.certificate().isPresent());
        ErrorReporter reporter = new ErrorReporter(device, auth, network, rootDer, service);
        os.whenAppEnds(reporter::appEnded);
        this.updates = new UpdateAgent(device, os, auth, network, rootDer, service, line -> osLog.write(line + "\n"));
        device.run(auth);
        device.run(os);
        device.run(reporter);
        device.run(updates); // after the OS: at power-up it may finish an install and restart the apps the OS started
    }

    /**
     * Whether the device waits on the service now (an attestation or an update check under way): a harness driving
     * virtual time gives the network real time to answer before it moves the clock. On the device's executor.
     */
    public boolean waitingOnService() {
        return auth.attempting() || updates.waitingOnService();
    }

    /** The device's update agent. */
    public UpdateAgent updates() {
        return updates;
    }

    /** The OS's lines so far (the last ones kept). */
    public List<String> osLog() {
        return osLog.lines();
    }

    /** The A7's OS, for callers that look at its apps on the device's executor. */
    public A7Runtime os() {
        return os;
    }

    public Mt3620Device device() {
        return device;
    }

    /** The outcome of the agent's next attempt: its first, if asked before the device boots. */
    public CompletableFuture<DeviceCertificate> nextAttestation() {
        return auth.nextAttempt();
    }

    /** The device as it is now, read on its executor between two of its steps. */
    public CompletableFuture<Snapshot> snapshot() {
        CompletableFuture<Snapshot> taken = new CompletableFuture<>();
        device.seams().executor().execute(() -> taken.complete(new Snapshot(os.status(), appLog.lines(),
                board.led(LED).isOn())));
        return taken;
    }
}
