package io.sphaera.emulator.os;

import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import io.sphaera.firmware.signing.Sha256;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * WebAssembly modules parsed and validated, by the SHA-256 of their bytes, shared by every device and core in this
 * JVM. Parsing is the dearest part of starting an app (about 1.5 ms for the 17 KB of code of a small C app, again at
 * every restart after a crash and on every device of a fleet that runs the same app), and a parsed module is immutable:
 * each start still makes its own instance, memory and imports. Only modules that parsed are kept; bytes that do not
 * parse are parsed again, and refused again, each time.
 */
final class ParsedModules {
    /** The source bytes the kept modules may add up to (a parsed module takes some tens of times its code's size). */
    static final long KEPT_BYTES = 2L * 1024 * 1024;

    private static final ParsedModules SHARED = new ParsedModules(KEPT_BYTES);

    private final long keptBytes;
    private final LinkedHashMap<ByteBuffer, Kept> modules = new LinkedHashMap<>(16, 0.75f, true); // by SHA-256
    private long bytes;

    ParsedModules(long keptBytes) {
        this.keptBytes = keptBytes;
    }

    /** The modules every device shares. */
    static ParsedModules shared() {
        return SHARED;
    }

    private record Kept(WasmModule module, int length) {
    }

    /**
     * The module these bytes encode, parsed and validated once.
     *
     * @throws com.dylibso.chicory.wasm.ChicoryException or IllegalArgumentException as {@link Parser#parse(byte[])}
     */
    WasmModule parse(byte[] wasm) {
        ByteBuffer key = ByteBuffer.wrap(Sha256.of(wasm)); // compared by content
        synchronized (this) {
            Kept kept = modules.get(key);
            if (kept != null) {
                return kept.module();
            }
        }
        WasmModule parsed = Parser.parse(wasm); // outside the lock: other devices' starts need not wait for it
        synchronized (this) {
            if (modules.putIfAbsent(key, new Kept(parsed, wasm.length)) == null) {
                bytes += wasm.length;
            }
            var eldest = modules.entrySet().iterator();
            while (bytes > keptBytes && modules.size() > 1 && eldest.hasNext()) {
                Map.Entry<ByteBuffer, Kept> e = eldest.next();
                if (e.getKey().equals(key)) {
                    continue;
                }
                bytes -= e.getValue().length();
                eldest.remove();
            }
        }
        return parsed;
    }

    /** How many modules are kept: for tests. */
    synchronized int size() {
        return modules.size();
    }
}
