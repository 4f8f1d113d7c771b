/* Log_Debug, as the platform's applibs/log.h declares it: a line in the app's log. */
#pragma once

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <applibs/sphaera_abi.h>

SPHAERA_IMPORT(Log_Debug) int sphaera_Log_Debug(const char *text, size_t length);

static inline int Log_DebugVarArgs(const char *fmt, va_list args)
{
    if (fmt == 0) {
        errno = EFAULT;
        return -1;
    }
    char text[1024];
    int n = vsnprintf(text, sizeof text, fmt, args);
    if (n < 0) {
        return -1;
    }
    size_t length = (size_t)n < sizeof text ? (size_t)n : sizeof text - 1;
    return sphaera_result(sphaera_Log_Debug(text, length)) < 0 ? -1 : 0;
}

static inline int Log_Debug(const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    int r = Log_DebugVarArgs(fmt, args);
    va_end(args);
    return r;
}
