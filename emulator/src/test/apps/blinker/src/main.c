/* Blinks the LED (GPIO 8) with nanosleep: six half-second halves, each logged with the device's time in ms. */
#include <time.h>
#include <applibs/gpio.h>
#include <applibs/log.h>

static long long now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

int main(void)
{
    int led = GPIO_OpenAsOutput(8, GPIO_OutputMode_PushPull, GPIO_Value_High);
    if (led < 0) {
        return 1;
    }
    long long start = now_ms();
    GPIO_Value_Type level = GPIO_Value_High;
    const struct timespec half = {.tv_sec = 0, .tv_nsec = 500 * 1000 * 1000};
    for (int i = 0; i < 6; i++) {
        nanosleep(&half, NULL);
        level = level == GPIO_Value_High ? GPIO_Value_Low : GPIO_Value_High;
        GPIO_SetValue(led, level);
        Log_Debug("%lld ms: LED %s\n", now_ms() - start, level == GPIO_Value_High ? "on" : "off");
    }
    return 0;
}
