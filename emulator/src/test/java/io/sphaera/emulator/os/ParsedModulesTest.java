package io.sphaera.emulator.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.dylibso.chicory.wasm.WasmModule;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Modules are parsed once per distinct bytes and shared: every start still gets its own instance and memory, other
 * bytes (even one custom section more) are another module, bytes that do not parse are refused every time, and the
 * kept modules stay within their budget, the least recently used going first.
 */
class ParsedModulesTest {
    private static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");

    /** The module with a custom section appended: the same code, other bytes. */
    private static byte[] withCustomSection(byte[] wasm, String name, String payload) {
        return WasmCustomSection.append(wasm, name, payload.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theSameBytesAreParsedOnceAndShared() throws Exception {
        ParsedModules modules = new ParsedModules(ParsedModules.KEPT_BYTES);
        byte[] hello = TestApps.wasm("hello");
        WasmModule first = modules.parse(hello);
        assertSame(first, modules.parse(hello.clone()), "the same bytes in another array");
        assertNotSame(first, modules.parse(withCustomSection(hello, "version", "2")), "one custom section more");
        assertEquals(2, modules.size());
    }

    @Test
    void appsFromOneSharedModuleEachHaveTheirOwnInstanceAndMemory() throws Exception {
        byte[] grow = TestApps.wasm("grow");
        for (int run = 0; run < 3; run++) {
            var scheduler = TestApps.scheduler(T0);
            AppLog log = new AppLog();
            HighLevelApp app = new HighLevelApp("grow", grow, log, Applibs.logOnly(log), scheduler.clock(), new SplittableRandom(run));
            assertEquals(AppOutcome.exited(0), TestApps.runToEnd(app, scheduler), "run " + run);
            assertEquals(List.of("64 KiB: yes", "300 KiB more: no"), log.lines(), "run " + run + " starts from the module's own memory");
        }
    }

    @Test
    void bytesThatDoNotParseAreRefusedEachTimeAndNotKept() throws Exception {
        ParsedModules modules = new ParsedModules(ParsedModules.KEPT_BYTES);
        byte[] hello = TestApps.wasm("hello");
        byte[] cut = java.util.Arrays.copyOf(hello, hello.length / 2);
        for (int i = 0; i < 2; i++) {
            assertThrows(RuntimeException.class, () -> modules.parse(cut));
        }
        assertEquals(0, modules.size());
        AppLoadException refused = assertThrows(AppLoadException.class, () -> new HighLevelApp("cut", cut, new AppLog(),
                Applibs.logOnly(new AppLog()), TestApps.scheduler(T0).clock(), new SplittableRandom(1)));
        assertEquals(true, refused.getMessage().startsWith("cut: not a WebAssembly module"), refused.getMessage());
    }

    @Test
    void theKeptModulesStayWithinTheirBudgetTheLeastRecentlyUsedGoingFirst() throws Exception {
        byte[] hello = TestApps.wasm("hello");
        byte[] a = withCustomSection(hello, "v", "a");
        byte[] b = withCustomSection(hello, "v", "b");
        byte[] c = withCustomSection(hello, "v", "c");
        ParsedModules modules = new ParsedModules(2L * a.length + a.length / 2); // room for two
        WasmModule firstA = modules.parse(a);
        WasmModule firstB = modules.parse(b);
        assertSame(firstA, modules.parse(a), "a used again: b is now the least recently used");
        modules.parse(c);
        assertEquals(2, modules.size());
        assertSame(firstA, modules.parse(a), "a kept");
        assertNotSame(firstB, modules.parse(b), "b went first, so it is parsed again");

        ParsedModules tiny = new ParsedModules(1);
        WasmModule alone = tiny.parse(a);
        assertSame(alone, tiny.parse(a), "a module larger than the budget is still kept, alone");
        tiny.parse(b);
        assertEquals(1, tiny.size());
    }
}
