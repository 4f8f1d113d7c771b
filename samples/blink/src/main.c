/*
 * Blink: the LED blinks; each press of button A changes the blink interval (125, 250, 500 ms, then round again).
 * The button is polled every 10 ms and a press is taken on its falling edge. Waits are nanosleep, which the device
 * keeps on its own clock.
 */
#include <errno.h>
#include <string.h>
#include <time.h>
#include <applibs/gpio.h>
#include <applibs/log.h>
#include "sample_appliance.h"

static const long intervals_ms[] = {125, 250, 500};

static void sleep_ms(long ms)
{
    struct timespec t = {.tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L};
    nanosleep(&t, NULL);
}

int main(void)
{
    Log_Debug("Blink starting: press button A to change the interval\n");
    int led = GPIO_OpenAsOutput(SAMPLE_LED, GPIO_OutputMode_PushPull, GPIO_Value_High);
    if (led < 0) {
        Log_Debug("ERROR: could not open the LED: %s (%d)\n", strerror(errno), errno);
        return 1;
    }
    int button = GPIO_OpenAsInput(SAMPLE_BUTTON_1);
    if (button < 0) {
        Log_Debug("ERROR: could not open button A: %s (%d)\n", strerror(errno), errno);
        return 2;
    }
    int interval = 0;
    long since_toggle = 0;
    GPIO_Value_Type led_state = GPIO_Value_High; /* off: the LED is lit when low */
    GPIO_Value_Type last_button = GPIO_Value_High;
    for (;;) {
        GPIO_Value_Type now;
        if (GPIO_GetValue(button, &now) != 0) {
            Log_Debug("ERROR: could not read button A: %s (%d)\n", strerror(errno), errno);
            return 3;
        }
        if (now == GPIO_Value_Low && last_button == GPIO_Value_High) {
            interval = (interval + 1) % (int)(sizeof intervals_ms / sizeof intervals_ms[0]);
            Log_Debug("Interval now %ld ms\n", intervals_ms[interval]);
        }
        last_button = now;
        if (since_toggle >= intervals_ms[interval]) {
            led_state = led_state == GPIO_Value_High ? GPIO_Value_Low : GPIO_Value_High;
            GPIO_SetValue(led, led_state);
            since_toggle = 0;
        }
        sleep_ms(10);
        since_toggle += 10;
    }
}
