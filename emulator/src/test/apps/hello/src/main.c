/* Writes to its log three ways and exits with a code the test checks. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <applibs/log.h>

int main(int argc, char **argv)
{
    printf("hello from %s\n", argc > 0 ? argv[0] : "?");
    fprintf(stderr, "to stderr\n");
    Log_Debug("Log_Debug %d %s\n", 42, "works");
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    Log_Debug("the time is %lld\n", (long long)now.tv_sec);
    Log_Debug("no newline at the end");
    return 3;
}
