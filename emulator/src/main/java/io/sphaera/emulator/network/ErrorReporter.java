package io.sphaera.emulator.network;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.channel.EventLoopGroup;
import io.sphaera.emulator.device.DeviceService;
import io.sphaera.emulator.device.Mt3620Device;
import io.sphaera.pluton.PlutonException;
import io.sphaera.pluton.boot.BootReport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The device's error reports: events (app crashes and exits so far) counted by kind with the time range they span,
 * uploaded to the security service over mutual TLS with the device certificate its authentication agent holds,
 * every {@link #UPLOAD_INTERVAL} of the device's time. Events wait in RAM until the service has them: a failed upload
 * keeps them for the next, and a power cut loses those not yet uploaded (our assumption; the platform does not say).
 * Runs on the device's executor.
 */
public final class ErrorReporter implements DeviceService {
    public static final Duration UPLOAD_INTERVAL = Duration.ofMinutes(15);
    /** At most this many kinds of event wait; the service takes 1,000 per report. */
    static final int MAX_KINDS = 1000;

    /** What makes two events the same kind: they are counted together. */
    private record Kind(boolean planned, String eventClass, String category, String description) {
    }

    private static final class Tally {
        int count;
        Instant start;
        Instant end;
    }

    private final Mt3620Device device;
    private final DeviceAuthAgent auth;
    private final EventLoopGroup network;
    private final byte[] rootDer;
    private final InetSocketAddress service;
    private final Map<Kind, Tally> pending = new LinkedHashMap<>();
    /** What the upload under way carries: the service's once it answers, back into pending if it fails. */
    private Map<Kind, Tally> inFlight = Map.of();
    /** Bumped at each power-off, so that an upload that ends after the power went changes nothing. */
    private long generation;
    private ScheduledFuture<?> next;
    private volatile CompletableFuture<Integer> nextUpload = new CompletableFuture<>();

    public ErrorReporter(Mt3620Device device, DeviceAuthAgent auth, EventLoopGroup network, byte[] rootDer, InetSocketAddress service) {
        this.device = device;
        this.auth = auth;
        this.network = network;
        this.rootDer = rootDer.clone();
        this.service = service;
    }

    /** Notes one event; call it on the device's executor. */
    public void record(boolean planned, String eventClass, String category, String description) {
        Kind kind = new Kind(planned, eventClass, category, description);
        if (!pending.containsKey(kind) && pending.size() >= MAX_KINDS) {
            return; // the oldest kinds wait to be uploaded; a flood of new ones is dropped
        }
        Instant now = device.seams().clock().instant();
        Tally t = pending.computeIfAbsent(kind, k -> new Tally());
        if (t.count == 0) {
            t.start = now;
        }
        t.count++;
        t.end = now;
    }

    /** Notes how a run of an app ended: an exit is a planned AppExit, a crash an unplanned AppCrash. */
    public void appEnded(io.sphaera.emulator.os.A7Runtime.AppRun run) {
        var outcome = run.outcome();
        record(!outcome.crashed(), outcome.crashed() ? "AppCrash" : "AppExit", run.app(),
                outcome.crash().orElse("exit code " + outcome.exitCode().orElse(-1)));
    }

    /** The outcome of the next upload: how many events the service kept, or why it failed. */
    public CompletableFuture<Integer> nextUpload() {
        return nextUpload;
    }

    @Override
    public void start(BootReport boot) {
        schedule();
    }

    @Override
    public void stop() {
        generation++;
        pending.clear(); // RAM
        inFlight = Map.of();
        if (next != null) {
            next.cancel(false);
            next = null;
        }
    }

    private void schedule() {
        next = device.seams().executor().schedule(this::upload, UPLOAD_INTERVAL.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void upload() {
        schedule();
        var certificate = auth.certificate();
        if (pending.isEmpty() || certificate.isEmpty() || !inFlight.isEmpty()) {
            return; // nothing to say, no certificate yet, or the last upload is still under way: one at a time
        }
        // The events go in flight; those recorded meanwhile start new tallies in pending.
        Map<Kind, Tally> sending = new LinkedHashMap<>(pending);
        pending.clear();
        inFlight = sending;
        long sentIn = generation;
        ObjectNode body = ServiceConnection.json().createObjectNode();
        ArrayNode events = body.putArray("Events");
        sending.forEach((kind, t) -> events.addObject()
                .put("EventType", kind.planned() ? "Planned" : "Unplanned")
                .put("EventClass", kind.eventClass())
                .put("EventCategory", kind.category())
                .put("Description", kind.description())
                .put("Count", t.count)
                .put("Start", t.start.toString())
                .put("End", t.end.toString()));
        CompletableFuture<Integer> result;
        try {
            var tls = DeviceTls.mutual(rootDer, device.pluton(), certificate.get());
            result = ServiceConnection.open(network, tls, service).thenCompose(c -> c.post("/v1/device/errorreports", body)
                    .whenComplete((r, e) -> c.close()))
                    .thenApply(reply -> {
                        if (!reply.ok()) {
                            throw new java.util.concurrent.CompletionException(new IOException(
                                    "the service refused the error report (" + reply.status() + "): " + reply.error()));
                        }
                        return reply.body().path("Accepted").asInt();
                    });
        } catch (PlutonException | IOException e) {
            result = CompletableFuture.failedFuture(e);
        }
        result.whenComplete((kept, error) -> device.seams().executor().execute(() -> {
            CompletableFuture<Integer> told = nextUpload;
            nextUpload = new CompletableFuture<>();
            if (sentIn == generation) {
                inFlight = Map.of();
                if (error != null) {
                    sending.forEach(this::putBack); // kept for the next upload
                }
            } // else the power went while it was under way: those events are gone with the RAM
            if (error == null) {
                told.complete(kept);
            } else {
                told.completeExceptionally(error);
            }
        }));
    }

    /** An upload failed: its tally joins what was recorded since, spanning both. */
    private void putBack(Kind kind, Tally sent) {
        Tally now = pending.get(kind);
        if (now == null) {
            if (pending.size() < MAX_KINDS) {
                pending.put(kind, sent);
            }
            return;
        }
        now.count += sent.count;
        now.start = sent.start.isBefore(now.start) ? sent.start : now.start;
        now.end = sent.end.isAfter(now.end) ? sent.end : now.end;
    }

    /** Whether an upload is under way: its events may already be the service's while the device still counts them. */
    public boolean uploading() {
        return !inFlight.isEmpty();
    }

    /** Kinds of event the service does not have yet (in an upload under way, or waiting), for `device run` and tests. */
    public List<String> waiting() {
        List<String> out = new ArrayList<>();
        inFlight.forEach((k, t) -> out.add(k.eventClass() + " " + k.category() + " x" + t.count));
        pending.forEach((k, t) -> out.add(k.eventClass() + " " + k.category() + " x" + t.count));
        return out;
    }
}
