# Shared by the scripts in scripts/: finds (and where missing installs) the C toolchain that builds apps for the
# virtual device's WebAssembly sandbox: clang with the wasm32-wasi target, wasm-ld, wasi-libc and the wasm32
# compiler builtins. Source it after common.sh; do not run it.

SPHAERA_WASI_PACKAGES_DEBIAN=(clang-14 lld-14 wasi-libc libclang-rt-14-dev-wasm32)

# Sets SPHAERA_CLANG and SPHAERA_WASI_SYSROOT, or returns 1. Each clang found is tried with each sysroot found, since
# the first clang on the PATH may lack the wasm32 target or builtins while a versioned one has them.
sphaera_probe_wasm_toolchain() {
  local c probe tmp
  SPHAERA_CLANG=""
  SPHAERA_WASI_SYSROOT=""
  tmp=$(mktemp -d)
  printf '#include <stdio.h>\nint main(void){puts("ok");return 0;}\n' >"$tmp/probe.c"
  for c in ${SPHAERA_CLANG_CANDIDATES:-clang clang-19 clang-18 clang-17 clang-16 clang-15 clang-14}; do
    command -v "$c" >/dev/null 2>&1 || continue
    for probe in ${SPHAERA_WASI_SYSROOT_CANDIDATES:-/usr/share/wasi-sysroot /usr /opt/wasi-sdk/share/wasi-sysroot}; do
      [ -f "$probe/include/wasm32-wasi/stdio.h" ] || [ -f "$probe/include/stdio.h" -a -d "$probe/lib/wasm32-wasi" ] || continue
      # The real test: a C file compiles and links for wasm32-wasi (this needs wasm-ld and the builtins too).
      if "$(command -v "$c")" --target=wasm32-wasi --sysroot="$probe" -O2 -fuse-ld=lld -o "$tmp/probe.wasm" \
          "$tmp/probe.c" >"$tmp/log" 2>&1; then
        SPHAERA_CLANG=$(command -v "$c")
        SPHAERA_WASI_SYSROOT=$probe
        rm -rf "$tmp"
        export SPHAERA_CLANG SPHAERA_WASI_SYSROOT
        return 0
      fi
    done
  done
  rm -rf "$tmp"
  return 1
}

# Finds the toolchain; where it is missing and the Debian packages can be installed here (as root, or with sudo
# that asks for no password), installs them, says so, and looks again.
sphaera_find_wasm_toolchain() {
  if sphaera_probe_wasm_toolchain; then
    return 0
  fi
  local as_root=""
  if [ "$(id -u)" -eq 0 ]; then
    as_root=""
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root="sudo -n"
  else
    as_root="none"
  fi
  if [ "$as_root" != "none" ] && command -v apt-get >/dev/null 2>&1; then
    echo "sphaera: installing the wasm32 C toolchain: ${SPHAERA_WASI_PACKAGES_DEBIAN[*]}" >&2
    if $as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${SPHAERA_WASI_PACKAGES_DEBIAN[@]}" >/dev/null 2>&1 \
        || { $as_root apt-get update -q >/dev/null 2>&1 \
             && $as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${SPHAERA_WASI_PACKAGES_DEBIAN[@]}" >/dev/null 2>&1; }; then
      if sphaera_probe_wasm_toolchain; then
        return 0
      fi
    fi
  fi
  echo "sphaera: no C toolchain for wasm32-wasi found: it needs clang (with the wasm32 target), wasm-ld (lld)," \
    "wasi-libc and the wasm32 compiler builtins; on Debian or Ubuntu: apt-get install ${SPHAERA_WASI_PACKAGES_DEBIAN[*]}" >&2
  return 1
}
