/*
 * Mutable storage, as the platform's applibs/storage.h declares it: one file per app, kept in the device's flash by
 * component ID, at most the manifest's MutableStorage SizeKB. Read, write, lseek and close it as any file. The image
 * package's read-only files (Storage_OpenFileInImagePackage) are not modelled yet.
 */
#pragma once

#include <applibs/sphaera_abi.h>

SPHAERA_IMPORT(Storage_OpenMutableFile) int sphaera_Storage_OpenMutableFile(void);
SPHAERA_IMPORT(Storage_DeleteMutableFile) int sphaera_Storage_DeleteMutableFile(void);

/*
 * A file descriptor on the app's mutable file, at its start (created empty if the app has none), or -1 with errno
 * EACCES (no MutableStorage in the manifest, or SizeKB 0) or EIO. A write past SizeKB writes up to it; one that starts
 * there fails with ENOSPC.
 */
static inline int Storage_OpenMutableFile(void)
{
    return sphaera_result(sphaera_Storage_OpenMutableFile());
}

/* 0, or -1 with errno ENOENT (the app has no mutable file) or EACCES (no MutableStorage in the manifest). */
static inline int Storage_DeleteMutableFile(void)
{
    return sphaera_result(sphaera_Storage_DeleteMutableFile()) < 0 ? -1 : 0;
}
