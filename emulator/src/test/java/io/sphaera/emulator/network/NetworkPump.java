package io.sphaera.emulator.network;

import io.sphaera.emulator.sim.VirtualTimeScheduler;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits for an outcome that comes over the network while a device runs on virtual time: runs the device's ready work
 * (the network's answers are posted to its executor) without moving its time, for up to 30 s of real time.
 */
final class NetworkPump {
    private NetworkPump() {
    }

    static <T> T until(VirtualTimeScheduler scheduler, CompletableFuture<T> outcome) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            scheduler.runReady();
            try {
                return outcome.get(2, TimeUnit.MILLISECONDS);
            } catch (TimeoutException notYet) {
                // the network answers in real time
            }
        }
        throw new AssertionError("no outcome within 30 s");
    }
}
