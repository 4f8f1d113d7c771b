/* Asks for more memory as it runs: 64 KiB fits in the sandbox, 300 KiB more does not, and malloc says so. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <applibs/log.h>

/* The blocks escape through here, so the compiler cannot drop the allocations. */
volatile uintptr_t keep;

int main(void)
{
    char *some = malloc(64 * 1024);
    keep = (uintptr_t)some;
    Log_Debug("64 KiB: %s\n", some != NULL ? "yes" : "no");
    if (some != NULL) {
        memset(some, 1, 64 * 1024);
    }
    char *more = malloc(300 * 1024);
    keep = (uintptr_t)more;
    Log_Debug("300 KiB more: %s\n", more != NULL ? "yes" : "no");
    return 0;
}
