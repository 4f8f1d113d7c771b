/*
 * The app's mutable file, run with SizeKB 1: what it finds from an earlier run ("runs=N"), then each call's outcome
 * as a line the test checks, and at the end "runs=N+1" kept for the next run.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <applibs/log.h>
#include <applibs/storage.h>
#include <test_report.h>

/* What the descriptor reads from where it is, as text. */
static void show(const char *what, int fd)
{
    char text[64] = {0};
    ssize_t n = read(fd, text, sizeof text - 1);
    if (n < 0) {
        report(what, n);
    } else if (n == 0) {
        Log_Debug("%s: nothing\n", what);
    } else {
        Log_Debug("%s: %s\n", what, text);
    }
}

int main(void)
{
    int fd = Storage_OpenMutableFile();
    if (fd < 0) {
        report("open", fd);
        report("delete", Storage_DeleteMutableFile());
        return 0;
    }
    char found[64] = {0};
    ssize_t n = read(fd, found, sizeof found - 1);
    Log_Debug("found: %s\n", n > 0 ? found : "nothing");
    int runs = 0;
    sscanf(found, "runs=%d", &runs);
    char text[32];
    int length = snprintf(text, sizeof text, "runs=%d", runs + 1) + 1; /* with its NUL */

    report("seek to the start", lseek(fd, 0, SEEK_SET));
    report("write", write(fd, text, length));
    int second = Storage_OpenMutableFile();
    show("a second descriptor reads", second);
    report("close it", close(second));
    report("read it closed", read(second, found, 1));
    report("write it closed", write(second, "x", 1));

    report("seek before the start", lseek(fd, -1, SEEK_SET));
    report("seek to the end", lseek(fd, 0, SEEK_END));
    char block[100];
    memset(block, 'x', sizeof block);
    report("seek to 1000", lseek(fd, 1000, SEEK_SET));
    report("write 100 bytes at 1000", write(fd, block, sizeof block));
    report("write at 1024", write(fd, "y", 1));
    report("seek to 2000", lseek(fd, 2000, SEEK_SET));
    report("write at 2000", write(fd, "y", 1));
    report("size", lseek(fd, 0, SEEK_END));
    char byte = 1;
    lseek(fd, 500, SEEK_SET);
    report("read at 500", read(fd, &byte, 1));
    Log_Debug("byte 500 is %d\n", byte);

    report("delete", Storage_DeleteMutableFile());
    report("delete again", Storage_DeleteMutableFile());
    lseek(fd, 0, SEEK_SET);
    show("the open descriptor still reads", fd);
    close(fd);
    fd = Storage_OpenMutableFile();
    show("a new file reads", fd);
    report("write", write(fd, text, length));
    close(fd);
    printf("kept %s\n", text); /* the standard streams still work */
    return 0;
}
