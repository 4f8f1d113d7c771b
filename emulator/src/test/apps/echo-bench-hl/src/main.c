/* Mailbox round trips as fast as they go: sends a message to the real-time echo app and waits for it back, N times. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <applibs/application.h>
#include <applibs/log.h>

int main(int argc, char **argv)
{
    int rounds = argc > 1 ? atoi(argv[1]) : 1000;
    int fd = Application_Connect("6e1f7c2a-3b4d-4e5f-8a9b-0c1d2e3f4a5b");
    if (fd < 0) {
        Log_Debug("connect: %s\n", strerror(errno));
        return 1;
    }
    sleep(1); /* the benchmark starts its clock after the boot: the round trips begin a second into the app */
    char message[32] = "round trip payload 0123456789";
    char back[64];
    for (int i = 0; i < rounds; i++) {
        if (send(fd, message, 32, 0) != 32) {
            Log_Debug("send %d: %s\n", i, strerror(errno));
            return 2;
        }
        ssize_t n = recv(fd, back, sizeof back, 0);
        if (n != 32 || memcmp(back, message, 32) != 0) {
            Log_Debug("recv %d: %d %s\n", i, (int)n, n < 0 ? strerror(errno) : "wrong bytes");
            return 3;
        }
    }
    Log_Debug("%d round trips\n", rounds);
    return 0;
}
