/* Networking's status calls, each outcome a line the test checks. */
#include <errno.h>
#include <stdbool.h>
#include <applibs/log.h>
#include <applibs/networking.h>

int main(void)
{
    bool ready = false;
    int r = Networking_IsNetworkingReady(&ready);
    Log_Debug("ready: %s\n", r < 0 ? "failed" : ready ? "yes" : "no");
    r = Networking_IsNetworkingReady(0);
    Log_Debug("ready into NULL: %s\n", r < 0 && errno == EFAULT ? "EFAULT" : "other");
    Log_Debug("interfaces: %d\n", (int)Networking_GetInterfaceCount());
    Networking_InterfaceConnectionStatus status = 0;
    r = Networking_GetInterfaceConnectionStatus("wlan0", &status);
    Log_Debug("wlan0: %d status %u\n", r, (unsigned)status);
    r = Networking_GetInterfaceConnectionStatus("eth0", &status);
    Log_Debug("eth0: %s\n", r < 0 && errno == ENOENT ? "ENOENT" : "other");
    return 0;
}
