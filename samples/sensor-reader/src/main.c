/*
 * Sensor reader: every second, reads the temperature from the TMP102 on the I2C bus and writes it as a line to a
 * UART ("22.50 C\r\n"), at 115200 baud 8N1. A periodic timer in the event loop paces it, as the platform's samples
 * do; a failed reading is a line too ("no reading: ..."), so the other end sees the sensor go away.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/timerfd.h>
#include <applibs/eventloop.h>
#include <applibs/i2c.h>
#include <applibs/log.h>
#include <applibs/uart.h>
#include "sensor_reader.h"

static int i2c = -1;
static int uart = -1;

static void send_line(const char *line)
{
    size_t length = strlen(line);
    if (write(uart, line, length) != (ssize_t)length) {
        Log_Debug("ERROR: could not write to the UART: %s (%d)\n", strerror(errno), errno);
    }
}

/* The TMP102's temperature register: 12 bits, 1/16 degree C each, two's complement, left-aligned in two bytes. */
static int read_sixteenths(int *sixteenths)
{
    uint8_t pointer = 0;
    uint8_t raw[2];
    if (I2CMaster_WriteThenRead(i2c, SENSOR_ADDRESS, &pointer, 1, raw, sizeof raw) < 0) {
        return -1;
    }
    int value = ((raw[0] << 8) | raw[1]) >> 4;
    *sixteenths = (value & 0x800) ? value - 0x1000 : value;
    return 0;
}

static void report(EventLoop *el, int fd, EventLoop_IoEvents events, void *context)
{
    uint64_t expirations;
    read(fd, &expirations, sizeof expirations);
    char line[48];
    int sixteenths;
    if (read_sixteenths(&sixteenths) < 0) {
        snprintf(line, sizeof line, "no reading: %s\r\n", strerror(errno));
    } else {
        int hundredths = sixteenths * 100 / 16; /* exact: a sixteenth is 6.25 hundredths, so truncate toward zero */
        int whole = hundredths / 100;
        int part = hundredths % 100;
        snprintf(line, sizeof line, "%s%d.%02d C\r\n", hundredths < 0 && whole == 0 ? "-" : "", whole,
                 part < 0 ? -part : part);
    }
    send_line(line);
}

int main(void)
{
    Log_Debug("Sensor reader starting\n");
    i2c = I2CMaster_Open(SENSOR_I2C);
    if (i2c < 0) {
        Log_Debug("ERROR: could not open the I2C master: %s (%d)\n", strerror(errno), errno);
        return 1;
    }
    I2CMaster_SetBusSpeed(i2c, I2C_BUS_SPEED_STANDARD);
    UART_Config config;
    UART_InitConfig(&config);
    config.baudRate = 115200;
    uart = UART_Open(REPORT_UART, &config);
    if (uart < 0) {
        Log_Debug("ERROR: could not open the UART: %s (%d)\n", strerror(errno), errno);
        return 1;
    }
    int timer = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
    struct itimerspec every_second = {.it_value = {.tv_sec = 1}, .it_interval = {.tv_sec = 1}};
    EventLoop *el = EventLoop_Create();
    if (timer < 0 || el == NULL || timerfd_settime(timer, 0, &every_second, NULL) < 0
        || EventLoop_RegisterIo(el, timer, EventLoop_Input, report, NULL) == NULL) {
        Log_Debug("ERROR: could not set up the timer: %s (%d)\n", strerror(errno), errno);
        return 1;
    }
    send_line("sensor reader\r\n");
    while (EventLoop_Run(el, -1, true) != EventLoop_Run_Failed) {
    }
    Log_Debug("ERROR: the event loop failed: %s (%d)\n", strerror(errno), errno);
    return 1;
}
