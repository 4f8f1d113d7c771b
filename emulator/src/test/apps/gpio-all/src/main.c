/*
 * GPIOs from every kind of block (a GPIO group, ISU1, the ADC, I2S0, ISU3, GPIO80) opened as outputs and driven
 * high then left low, and pins of ISU0, the ADC, I2S1 and ISU4 opened as inputs and read; GPIO 72's block belongs to
 * a real-time core. Each outcome is a line the test checks.
 */
#include <errno.h>
#include <applibs/gpio.h>
#include <applibs/log.h>
#include <test_report.h>

static const int outputs[] = {0, 31, 41, 56, 66, 80};
static const int inputs[] = {26, 44, 61, 75};

int main(void)
{
    int fds[sizeof outputs / sizeof outputs[0]];
    for (unsigned i = 0; i < sizeof outputs / sizeof outputs[0]; i++) {
        fds[i] = GPIO_OpenAsOutput(outputs[i], GPIO_OutputMode_PushPull, GPIO_Value_High);
        if (fds[i] < 0) {
            Log_Debug("output %d: %s\n", outputs[i], errno_name(errno));
            continue;
        }
        GPIO_Value_Type value = 9;
        GPIO_GetValue(fds[i], &value);
        Log_Debug("output %d: reads %d\n", outputs[i], (int)value);
    }
    for (unsigned i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        int fd = GPIO_OpenAsInput(inputs[i]);
        if (fd < 0) {
            Log_Debug("input %d: %s\n", inputs[i], errno_name(errno));
            continue;
        }
        GPIO_Value_Type value = 9;
        if (GPIO_GetValue(fd, &value) < 0) {
            Log_Debug("input %d: read %s\n", inputs[i], errno_name(errno));
            continue;
        }
        Log_Debug("input %d: reads %d\n", inputs[i], (int)value);
    }
    int other = GPIO_OpenAsOutput(72, GPIO_OutputMode_PushPull, GPIO_Value_High);
    Log_Debug("output 72: %s\n", other < 0 ? errno_name(errno) : "ok");
    // every output but GPIO 0 ends low, so the test sees both levels the app set
    for (unsigned i = 1; i < sizeof outputs / sizeof outputs[0]; i++) {
        if (fds[i] >= 0 && GPIO_SetValue(fds[i], GPIO_Value_Low) < 0) {
            Log_Debug("set %d low: %s\n", outputs[i], errno_name(errno));
        }
    }
    return 0;
}
