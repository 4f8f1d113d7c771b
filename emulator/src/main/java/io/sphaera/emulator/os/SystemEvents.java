package io.sphaera.emulator.os;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Optional;

/**
 * The OS's system events (applibs/sysevent.h) between the update agent and the high-level app: the agent says an
 * update is ready, started, or that there is none; an app registered for them is told, and one with
 * SoftwareUpdateDeferral may defer a pending update, up to the longest deferral the update allows counted from when
 * the device learned of it, and resume it early. The agent asks {@link #deferredUntil()} before it installs.
 * Used on the device's executor (or the app's thread while it has control).
 */
public final class SystemEvents {
    public static final int UPDATE_READY_FOR_INSTALL = 0x1;
    public static final int UPDATE_STARTED = 0x2;
    public static final int NO_UPDATE_AVAILABLE = 0x4;
    public static final int STATUS_PENDING = 1;
    public static final int STATUS_FINAL = 2;
    public static final int STATUS_DEFERRED = 3;
    public static final int STATUS_COMPLETE = 4;
    public static final int UPDATE_TYPE_APP = 1;
    public static final int UPDATE_TYPE_SYSTEM = 2;
    /** Events waiting for the app beyond this are dropped, oldest first: the app is not reading them. */
    static final int QUEUED = 16;

    /** One notification as the app's callback gets it. */
    public record Event(int event, int status, int maxDeferralMinutes, int updateType) {
    }

    /** The update the agent announced and that has not started yet. */
    private record Pending(int updateType, Instant learned, Duration maxDeferral) {
    }

    private final InstantSource clock;
    private Pending pending;
    private Instant deferredUntil;
    private int mask;
    private boolean registered;
    private final ArrayDeque<Event> waiting = new ArrayDeque<>();
    private Runnable wake = () -> { };

    public SystemEvents(InstantSource clock) {
        this.clock = clock;
    }

    /** The agent: an update of {@code updateType} is ready, and may be deferred up to {@code maxDeferral} from now. */
    public void updateReady(int updateType, Duration maxDeferral) {
        pending = new Pending(updateType, clock.instant(), maxDeferral);
        deferredUntil = null;
        tell(new Event(UPDATE_READY_FOR_INSTALL, STATUS_PENDING, remainingMinutes(), updateType));
    }

    /** The agent: installation begins (no deferral holds it any more). */
    public void updateStarted() {
        int type = pending == null ? UPDATE_TYPE_SYSTEM : pending.updateType();
        pending = null;
        deferredUntil = null;
        tell(new Event(UPDATE_STARTED, STATUS_FINAL, 0, type));
    }

    /** The agent: an app update is installed (the platform sends Complete for app updates only). */
    public void updateComplete() {
        tell(new Event(UPDATE_STARTED, STATUS_COMPLETE, 0, UPDATE_TYPE_APP));
    }

    /** The agent: it checked and there is nothing to install. */
    public void noUpdateAvailable() {
        tell(new Event(NO_UPDATE_AVAILABLE, STATUS_FINAL, 0, 0));
    }

    /** The agent: until when an app holds the update back, if it does. */
    public Optional<Instant> deferredUntil() {
        if (deferredUntil != null && !clock.instant().isBefore(deferredUntil)) {
            deferredUntil = null; // the deferral ran out
        }
        return Optional.ofNullable(deferredUntil);
    }

    /** The app's registration; false if one exists already (one at a time, as on the platform). */
    boolean register(int eventMask, Runnable wakeApp) {
        if (registered) {
            return false;
        }
        registered = true;
        mask = eventMask;
        wake = wakeApp;
        waiting.clear();
        return true;
    }

    void unregister() {
        registered = false;
        mask = 0;
        wake = () -> { };
        waiting.clear();
    }

    Optional<Event> next() {
        return Optional.ofNullable(waiting.poll());
    }

    boolean hasEvent() {
        return !waiting.isEmpty();
    }

    /**
     * The app defers the pending update by {@code minutes}, cut to what is left of the update's longest deferral; the
     * deferral is told to the app too. False if no update is pending.
     */
    boolean defer(long minutes) {
        if (pending == null || minutes < 0) {
            return false;
        }
        Instant limit = pending.learned().plus(pending.maxDeferral());
        Instant until = clock.instant().plus(Duration.ofMinutes(minutes));
        deferredUntil = until.isAfter(limit) ? limit : until;
        tell(new Event(UPDATE_READY_FOR_INSTALL, STATUS_DEFERRED, remainingMinutes(), pending.updateType()));
        return true;
    }

    /** The app lets a deferred update go ahead now. False if none is pending. */
    boolean resume() {
        if (pending == null) {
            return false;
        }
        deferredUntil = null;
        tell(new Event(UPDATE_READY_FOR_INSTALL, STATUS_PENDING, remainingMinutes(), pending.updateType()));
        return true;
    }

    /** The app has gone (it ended or the device stopped it): its registration goes with it. */
    void appEnded() {
        unregister();
    }

    private int remainingMinutes() {
        if (pending == null) {
            return 0;
        }
        Duration left = Duration.between(clock.instant(), pending.learned().plus(pending.maxDeferral()));
        return (int) Math.max(0, left.toMinutes());
    }

    private void tell(Event e) {
        if (!registered || (mask & e.event()) == 0) {
            return;
        }
        if (waiting.size() == QUEUED) {
            waiting.poll();
        }
        waiting.add(e);
        wake.run();
    }
}
