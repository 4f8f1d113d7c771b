/* The device's client certificate path, and whether the app can open it. */
#include <errno.h>
#include <stdio.h>
#include <applibs/deviceauth.h>
#include <applibs/log.h>

int main(void)
{
    const char *path = DeviceAuth_GetCertificatePath();
    if (path == NULL) {
        Log_Debug("path: NULL, %s\n", errno == EACCES ? "EACCES" : "other");
        return 0;
    }
    Log_Debug("path: %s\n", path);
    FILE *f = fopen(path, "r");
    Log_Debug("open: %s\n", f == NULL ? "fails" : "works");
    return 0;
}
