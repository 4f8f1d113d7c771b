/*
 * The inter-core echo sample, high-level side: connects to the real-time app, sends it a numbered message every
 * second, and logs each answer it gets back (the real-time app sends it back upper-cased).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <unistd.h>
#include <applibs/application.h>
#include <applibs/eventloop.h>
#include <applibs/log.h>

static const char RealTimeApp[] = "005180bc-402f-4cb3-a662-72937dbcde47";
static int sockFd = -1;
static int sent;
static int received;

static void SendNext(EventLoop *el, int fd, EventLoop_IoEvents events, void *context)
{
    uint64_t expirations;
    read(fd, &expirations, sizeof expirations);
    char message[32];
    int length = snprintf(message, sizeof message, "hello-%d", sent);
    if (send(sockFd, message, (size_t)length, 0) < 0) {
        Log_Debug("send failed: %s\n", strerror(errno));
        return;
    }
    Log_Debug("sent %s\n", message);
    sent++;
}

static void Receive(EventLoop *el, int fd, EventLoop_IoEvents events, void *context)
{
    char answer[64];
    ssize_t n = recv(fd, answer, sizeof answer - 1, 0);
    if (n < 0) {
        Log_Debug("recv failed: %s\n", strerror(errno));
        return;
    }
    answer[n] = '\0';
    Log_Debug("received %s\n", answer);
    received++;
    if (received == 3) {
        EventLoop_Stop(el);
    }
}

int main(void)
{
    Log_Debug("IntercoreEcho_HighLevelApp starting\n");
    sockFd = Application_Connect(RealTimeApp);
    if (sockFd < 0) {
        Log_Debug("Application_Connect failed: %s\n", strerror(errno));
        return 1;
    }
    EventLoop *el = EventLoop_Create();
    int timer = timerfd_create(CLOCK_MONOTONIC, 0);
    struct itimerspec every = {.it_value = {.tv_sec = 1}, .it_interval = {.tv_sec = 1}};
    timerfd_settime(timer, 0, &every, NULL);
    EventLoop_RegisterIo(el, timer, EventLoop_Input, SendNext, NULL);
    EventLoop_RegisterIo(el, sockFd, EventLoop_Input, Receive, NULL);
    while (EventLoop_Run(el, -1, true) == EventLoop_Run_Finished) {
        if (received == 3) {
            break;
        }
    }
    Log_Debug("echoed %d of %d\n", received, sent);
    close(sockFd);
    EventLoop_Close(el);
    return 0;
}
