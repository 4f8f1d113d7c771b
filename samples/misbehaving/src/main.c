/*
 * The misbehaving sample: an app that asks for what its manifest does not grant, then (by its first argument)
 * crashes, hangs in a loop that never blocks, or exits with a code. The device refuses each call with the
 * platform's errno and notes it in the OS log, restarts the app when it crashes or exits (each end becomes an error
 * report event), and stays responsive while it hangs.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <applibs/gpio.h>
#include <applibs/log.h>

/* The RDB's LED 1 red is granted; its green (GPIO 9) and button B (GPIO 13) are not. */
#define GRANTED_LED 8
#define FORBIDDEN_LED 9
#define FORBIDDEN_BUTTON 13

static void Try(const char *what, int result)
{
    if (result < 0) {
        Log_Debug("%s: refused (%s)\n", what, strerror(errno));
    } else {
        Log_Debug("%s: allowed (fd %d)\n", what, result);
    }
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "crash";
    Log_Debug("Misbehaving app (%s) starting\n", mode);
    Try("GPIO 8, in the manifest", GPIO_OpenAsOutput(GRANTED_LED, GPIO_OutputMode_PushPull, GPIO_Value_High));
    Try("GPIO 9, not in the manifest", GPIO_OpenAsOutput(FORBIDDEN_LED, GPIO_OutputMode_PushPull, GPIO_Value_High));
    Try("GPIO 13, not in the manifest", GPIO_OpenAsInput(FORBIDDEN_BUTTON));
    sleep(1);
    if (strcmp(mode, "hang") == 0) {
        Log_Debug("hanging: a loop that never blocks\n");
        volatile unsigned long spin = 0;
        for (;;) {
            spin++;
        }
    }
    if (strcmp(mode, "exit") == 0) {
        Log_Debug("exiting with code 7\n");
        return 7;
    }
    Log_Debug("crashing\n");
    abort();
}
