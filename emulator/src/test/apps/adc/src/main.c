/*
 * ADC as the manifest grants it (controller 0): each call's outcome as a line the test checks, and the samples of
 * channels 0 and 2 as the board's voltages give them.
 */
#include <errno.h>
#include <stdint.h>
#include <applibs/adc.h>
#include <applibs/log.h>
#include <applibs/pwm.h>
#include <test_report.h>

int main(void)
{
    int adc = ADC_Open(0); /* MT3620_ADC_CONTROLLER0 */
    report("open controller 0", adc);
    report("open controller 0 again", ADC_Open(0));
    report("open controller 1", ADC_Open(1));
    report("bits", ADC_GetSampleBitCount(adc, 0));
    report("bits of channel 8", ADC_GetSampleBitCount(adc, 8));
    report("reference 2.5 V", ADC_SetReferenceVoltage(adc, 0, 2.5f));
    report("reference 1.8 V", ADC_SetReferenceVoltage(adc, 0, 1.8f));
    report("reference 3.3 V", ADC_SetReferenceVoltage(adc, 0, 3.3f));
    report("reference 0 V", ADC_SetReferenceVoltage(adc, 0, 0.0f));
    uint32_t value = 99999;
    report("poll channel 0", ADC_Poll(adc, 0, &value));
    Log_Debug("channel 0: %u\n", (unsigned)value);
    report("poll channel 2", ADC_Poll(adc, 2, &value));
    Log_Debug("channel 2: %u\n", (unsigned)value);
    report("poll channel 9", ADC_Poll(adc, 9, &value));
    report("poll into NULL", ADC_Poll(adc, 0, NULL));
    report("poll fd 99", ADC_Poll(99, 0, &value));
    int pwm = PWM_Open(2);
    report("poll a PWM", ADC_Poll(pwm, 0, &value));
    return 0;
}
