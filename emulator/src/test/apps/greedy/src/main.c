/* Needs 512 KiB of memory from the start: more than an app's 256 KiB. */
#include <applibs/log.h>

static char big[512 * 1024] = {1};

int main(int argc, char **argv)
{
    /* Indexed by the argument count, so the compiler keeps the whole array. */
    big[argc * 4096] = (char)argc;
    Log_Debug("%d\n", big[argc * 4096 + 1]);
    return 0;
}
