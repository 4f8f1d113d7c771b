/*
 * UART as the manifest grants it (ISU0: the RDB's loopback, ISU3: a line the test holds; ISU2 is an I2C master): each
 * call's outcome as a line the test checks. Then it echoes what comes on ISU3, in brackets, through the event loop,
 * until a 'q'.
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>
#include <applibs/eventloop.h>
#include <applibs/i2c.h>
#include <applibs/log.h>
#include <applibs/uart.h>
#include <test_report.h>

static void echo(EventLoop *el, int fd, EventLoop_IoEvents events, void *context)
{
    char buffer[32];
    ssize_t n = read(fd, buffer, sizeof buffer);
    if (n <= 0) {
        report("read in the loop", n);
        return;
    }
    write(fd, "[", 1);
    write(fd, buffer, (size_t)n);
    write(fd, "]", 1);
    Log_Debug("echoed %d byte(s)\n", (int)n);
    if (memchr(buffer, 'q', (size_t)n) != NULL) {
        EventLoop_Stop(el);
    }
}

int main(void)
{
    UART_Config config;
    UART_InitConfig(&config);
    int loop = UART_Open(4, &config); /* MT3620_ISU0_UART */
    report("open ISU0", loop);
    report("open ISU0 again", UART_Open(4, &config));
    report("open ISU1", UART_Open(5, &config));
    report("open ISU2 (an I2C master)", UART_Open(6, &config));
    report("open id 9", UART_Open(9, &config));
    report("open id 3", UART_Open(3, &config));
    report("open with no config", UART_Open(7, NULL));
    UART_Config blocking = config;
    blocking.blockingMode = 1;
    report("open blocking", UART_Open(7, &blocking));
    UART_Config nine = config;
    nine.dataBits = 9;
    report("open with 9 data bits", UART_Open(7, &nine));
    UART_Config slow = config;
    slow.baudRate = 10;
    report("open at 10 baud", UART_Open(7, &slow));
    UART_Config raw;
    memset(&raw, 0, sizeof raw);
    raw.baudRate = 9600;
    raw.dataBits = 8;
    raw.stopBits = 1;
    report("open without InitConfig", UART_Open(7, &raw));

    char buffer[16];
    report("read before anything came", read(loop, buffer, sizeof buffer));
    report("write hello", write(loop, "hello", 5));
    memset(buffer, 0, sizeof buffer);
    ssize_t n = read(loop, buffer, sizeof buffer);
    report("read back", n);
    Log_Debug("came back: %s\n", buffer);
    report("read again", read(loop, buffer, sizeof buffer));
    report("close", close(loop));
    report("write after close", write(loop, "x", 1));

    int i2c = I2CMaster_Open(2);
    report("write() to an I2C master with no default target", write(i2c, "x", 1));

    UART_Config fast = config;
    fast.baudRate = 9600;
    fast.parity = UART_Parity_Even;
    fast.stopBits = UART_StopBits_Two;
    int line = UART_Open(7, &fast); /* MT3620_ISU3_UART */
    report("open ISU3", line);
    report("write ready", write(line, "ready\n", 6));
    EventLoop *el = EventLoop_Create();
    EventLoop_RegisterIo(el, line, EventLoop_Input, echo, NULL);
    EventLoop_Run_Result r = EventLoop_Run(el, -1, false);
    Log_Debug("loop ended: %d\n", (int)r);
    EventLoop_Close(el);
    return 0;
}
