/*
 * How the applibs calls reach the virtual device: each is a function imported from the WebAssembly module
 * "applibs" that returns a value >= 0 on success and the negated errno on failure; the inline wrappers in these
 * headers set errno and return -1, as the platform's functions do. Apps include the applibs headers, not this one.
 */
#pragma once

#include <errno.h>

#define SPHAERA_IMPORT(name) __attribute__((import_module("applibs"), import_name(#name)))

static inline int sphaera_result(int r)
{
    if (r < 0) {
        errno = -r;
        return -1;
    }
    return r;
}
