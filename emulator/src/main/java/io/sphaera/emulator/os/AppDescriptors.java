package io.sphaera.emulator.os;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An app's file descriptors for what applibs opens (GPIOs, timers, the mutable file): one numbering for all of them,
 * above the standard streams, so that read, write, lseek and close ({@link WasiFiles}) can tell them from the streams.
 */
public final class AppDescriptors {
    /** Descriptors start above the standard streams, as on the device. */
    static final int FIRST = 3;

    private final Map<Integer, Object> open = new HashMap<>();
    private int next = FIRST;

    int add(Object what) {
        int fd = next++;
        open.put(fd, what);
        return fd;
    }

    <T> Optional<T> get(int fd, Class<T> type) {
        Object what = open.get(fd);
        return type.isInstance(what) ? Optional.of(type.cast(what)) : Optional.empty();
    }

    boolean holds(int fd) {
        return open.containsKey(fd);
    }

    boolean any(java.util.function.Predicate<Object> which) {
        return open.values().stream().anyMatch(which);
    }

    void close(int fd) {
        open.remove(fd);
    }
}
