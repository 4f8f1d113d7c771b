package io.sphaera.emulator.os;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A WebAssembly custom section (id 0: a name and bytes no runtime acts on), appended to a module: the same code under
 * other bytes, as two builds of one app that differ only in what they are stamped with. Benchmarks and tests use it to
 * make versions of an app whose executables differ, so that nothing keyed by the executable's hash is shared by them.
 */
public final class WasmCustomSection {
    private WasmCustomSection() {
    }

    /** {@code wasm} with a custom section named {@code name} holding {@code payload} at its end. */
    public static byte[] append(byte[] wasm, String name, byte[] payload) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(wasm);
        out.write(0);
        writeLeb128(out, leb128(n.length).length + n.length + payload.length);
        writeLeb128(out, n.length);
        out.writeBytes(n);
        out.writeBytes(payload);
        return out.toByteArray();
    }

    private static byte[] leb128(int value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeLeb128(out, value);
        return out.toByteArray();
    }

    private static void writeLeb128(ByteArrayOutputStream out, int value) {
        do {
            int b = value & 0x7f;
            value >>>= 7;
            out.write(value != 0 ? b | 0x80 : b);
        } while (value != 0);
    }
}
