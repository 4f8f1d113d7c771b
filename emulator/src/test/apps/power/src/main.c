/*
 * Counts its boots in its mutable file, then: at the first boot forces a reboot, at the second a power-down of 60 s,
 * after that says it is done. Without its PowerControls each call's errno is a line instead.
 */
#include <errno.h>
#include <stdio.h>
#include <unistd.h>
#include <applibs/log.h>
#include <applibs/powermanagement.h>
#include <applibs/storage.h>

static int next_boot(void)
{
    int boot = 0;
    int fd = Storage_OpenMutableFile();
    if (fd < 0) {
        return 1;
    }
    read(fd, &boot, sizeof boot);
    boot++;
    lseek(fd, 0, SEEK_SET);
    write(fd, &boot, sizeof boot);
    close(fd);
    return boot;
}

static void report(const char *what, int result)
{
    Log_Debug("%s: %s\n", what, result == 0 ? "returned" : errno == EACCES ? "EACCES" : "other");
}

int main(void)
{
    int boot = next_boot();
    Log_Debug("boot %d\n", boot);
    if (boot <= 1) {
        report("reboot", PowerManagement_ForceSystemReboot());
    }
    if (boot <= 2) {
        report("power down", PowerManagement_ForceSystemPowerDown(60));
    }
    Log_Debug("done\n");
    return 0;
}
