/*
 * PWM as the manifest grants it (controller 2: the RDB's LED 1 on channels 0-2): each call's outcome as a line the
 * test checks. LED 1 red (channel 0, lit when low) is left at a quarter of its brightness, green at three quarters,
 * blue stopped.
 */
#include <errno.h>
#include <stdbool.h>
#include <unistd.h>
#include <applibs/adc.h>
#include <applibs/log.h>
#include <applibs/pwm.h>
#include <test_report.h>

int main(void)
{
    int pwm = PWM_Open(2); /* MT3620_PWM_CONTROLLER2 */
    report("open controller 2", pwm);
    report("open controller 2 again", PWM_Open(2));
    report("open controller 0", PWM_Open(0));
    report("open controller 3", PWM_Open(3));
    /* The LED is lit while the pin is low: low for a quarter of the period. */
    PwmState red = {.period_nsec = 1000000, .dutyCycle_nsec = 250000, .polarity = PWM_Polarity_Inversed, .enabled = true};
    report("red at a quarter", PWM_Apply(pwm, 0, &red));
    PwmState green = {.period_nsec = 1000000, .dutyCycle_nsec = 250000, .polarity = PWM_Polarity_Normal, .enabled = true};
    report("green at three quarters", PWM_Apply(pwm, 1, &green));
    report("blue on", PWM_Apply(pwm, 2, &green));
    PwmState off = green;
    off.enabled = false;
    report("blue off", PWM_Apply(pwm, 2, &off));
    report("channel 4", PWM_Apply(pwm, 4, &red));
    PwmState longer = red;
    longer.dutyCycle_nsec = 2000000;
    report("duty longer than the period", PWM_Apply(pwm, 0, &longer));
    PwmState none = red;
    none.period_nsec = 0;
    none.dutyCycle_nsec = 0;
    report("no period", PWM_Apply(pwm, 0, &none));
    PwmState odd = red;
    odd.polarity = 5;
    report("polarity 5", PWM_Apply(pwm, 0, &odd));
    report("no state", PWM_Apply(pwm, 0, NULL));
    report("fd 99", PWM_Apply(99, 0, &red));
    int adc = ADC_Open(0);
    report("PWM on an ADC", PWM_Apply(adc, 0, &red));
    return 0;
}
