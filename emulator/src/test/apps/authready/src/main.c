/* Asks whether the device has authenticated, now and a second later. */
#include <stdbool.h>
#include <unistd.h>
#include <applibs/application.h>
#include <applibs/log.h>

int main(void)
{
    for (int i = 0; i < 2; i++) {
        bool ready = false;
        int r = Application_IsDeviceAuthReady(&ready);
        Log_Debug("%d: %s\n", r, ready ? "authenticated" : "not yet");
        sleep(1);
    }
    return Application_IsDeviceAuthReady(0) == -1 ? 0 : 1;
}
