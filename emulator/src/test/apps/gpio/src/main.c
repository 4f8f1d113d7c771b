/*
 * GPIO as the manifest grants it (8: an LED, 12: a button): each call's outcome as a line the test checks, and the
 * LED left low.
 */
#include <errno.h>
#include <applibs/gpio.h>
#include <applibs/log.h>
#include <test_report.h>

static void report_ok(const char *what, int result)
{
    if (result < 0) {
        Log_Debug("%s: %s\n", what, errno_name(errno));
    } else {
        Log_Debug("%s: ok\n", what);
    }
}

int main(void)
{
    int led = GPIO_OpenAsOutput(8, GPIO_OutputMode_PushPull, GPIO_Value_High);
    report_ok("open LED", led);
    report_ok("open LED again", GPIO_OpenAsOutput(8, GPIO_OutputMode_PushPull, GPIO_Value_High));
    report_ok("open GPIO 9", GPIO_OpenAsOutput(9, GPIO_OutputMode_PushPull, GPIO_Value_Low));
    report_ok("open GPIO 24", GPIO_OpenAsInput(24));
    report_ok("open GPIO 12 as a bad mode", GPIO_OpenAsOutput(12, 7, GPIO_Value_Low));
    report_ok("open GPIO 9 as a bad mode", GPIO_OpenAsOutput(9, 7, GPIO_Value_Low));
    int button = GPIO_OpenAsInput(12);
    report_ok("open button", button);
    GPIO_Value_Type value = 9;
    report_ok("read button", GPIO_GetValue(button, &value));
    Log_Debug("button is %s\n", value == GPIO_Value_High ? "high" : value == GPIO_Value_Low ? "low" : "?");
    report_ok("read into NULL", GPIO_GetValue(button, 0));
    report_ok("set the button", GPIO_SetValue(button, GPIO_Value_High));
    report_ok("set LED to 7", GPIO_SetValue(led, 7));
    report_ok("read fd 99", GPIO_GetValue(99, &value));
    report_ok("LED low", GPIO_SetValue(led, GPIO_Value_Low));
    report_ok("read LED", GPIO_GetValue(led, &value));
    Log_Debug("LED reads %s\n", value == GPIO_Value_High ? "high" : "low");
    return 0;
}
