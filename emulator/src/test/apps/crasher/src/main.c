/* Crashes as soon as it starts: each run is an AppCrash for the device's error reports. */
#include <applibs/log.h>

int main(void)
{
    Log_Debug("crashing\n");
    __builtin_trap();
}
