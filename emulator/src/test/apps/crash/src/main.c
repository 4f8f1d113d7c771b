/* Writes a line, then traps: the OS must record a crash, not an exit. */
#include <applibs/log.h>

int main(void)
{
    Log_Debug("about to crash\n");
    __builtin_trap();
    return 0;
}
