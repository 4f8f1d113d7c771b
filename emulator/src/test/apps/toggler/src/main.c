/* Toggles the LED (GPIO 8) as fast as it can, for the host-call benchmark: 200,000 GPIO_SetValue calls. */
#include <applibs/gpio.h>

int main(void)
{
    int led = GPIO_OpenAsOutput(8, GPIO_OutputMode_PushPull, GPIO_Value_Low);
    if (led < 0) {
        return 1;
    }
    for (int i = 0; i < 200000; i++) {
        if (GPIO_SetValue(led, (GPIO_Value_Type)(i & 1)) != 0) {
            return 2;
        }
    }
    return 0;
}
