/*
 * For the tests' C apps: each call's outcome as one log line the Java test compares, "what: 42" or "what: EACCES".
 * scripts/build-samples puts this folder on the include path of the test apps only.
 */
#pragma once

#include <errno.h>
#include <applibs/log.h>

/* The errno names the tests check; any other is "other". */
static inline const char *errno_name(int err)
{
    switch (err) {
    case EACCES: return "EACCES";
    case EAGAIN: return "EAGAIN";
    case EBADF: return "EBADF";
    case EBUSY: return "EBUSY";
    case EFAULT: return "EFAULT";
    case EINVAL: return "EINVAL";
    case EIO: return "EIO";
    case ENODEV: return "ENODEV";
    case ENOENT: return "ENOENT";
    case ENOSPC: return "ENOSPC";
    case ENOTSUP: return "ENOTSUP";
    case ENXIO: return "ENXIO";
    case ETIMEDOUT: return "ETIMEDOUT";
    default: return "other";
    }
}

/* "what: result" for a result >= 0, else "what: ERRNO". */
static inline void report(const char *what, long long result)
{
    if (result < 0) {
        Log_Debug("%s: %s\n", what, errno_name(errno));
    } else {
        Log_Debug("%s: %lld\n", what, result);
    }
}
