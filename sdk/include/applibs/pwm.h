/*
 * PWM for high-level apps, as the platform's applibs/pwm.h declares it. The manifest's "Pwm" list
 * ("PWM-CONTROLLER-0".."PWM-CONTROLLER-2") is the grant; controller IDs are MT3620_PWM_CONTROLLERn = n, channels 0-3
 * (channel c of controller n drives GPIO 4n + c).
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <applibs/sphaera_abi.h>

typedef unsigned int PWM_ControllerId;
typedef uint32_t PWM_ChannelId;
typedef uint32_t PwmPolarity;

enum {
    PWM_Polarity_Normal,  /* high for the duty cycle, low for the rest of the period */
    PWM_Polarity_Inversed /* low for the duty cycle, high for the rest */
};

typedef struct PwmState {
    unsigned int period_nsec;
    unsigned int dutyCycle_nsec;
    PwmPolarity polarity;
    bool enabled;
} PwmState;

SPHAERA_IMPORT(PWM_Open) int sphaera_PWM_Open(unsigned int pwm);
SPHAERA_IMPORT(PWM_Apply) int sphaera_PWM_Apply(int pwmFd, uint32_t pwmChannel, unsigned int period_nsec,
                                                unsigned int dutyCycle_nsec, uint32_t polarity, int enabled);

/*
 * A file descriptor for the controller, or -1 with errno ENODEV (no such controller), EACCES (not in the manifest's
 * Pwm list, or the controller is not the A7's) or EBUSY (this app has it open).
 */
static inline int PWM_Open(PWM_ControllerId pwm)
{
    return sphaera_result(sphaera_PWM_Open(pwm));
}

/*
 * 0, or -1 with errno EBADF (not an open PWM controller), ENODEV (no such channel) or EINVAL (no state, a period of
 * 0, a duty cycle longer than the period, a period the PWM clocks cannot count, or an unknown polarity).
 */
static inline int PWM_Apply(int pwmFd, PWM_ChannelId pwmChannel, const PwmState *newState)
{
    if (newState == 0) {
        errno = EINVAL;
        return -1;
    }
    return sphaera_result(sphaera_PWM_Apply(pwmFd, pwmChannel, newState->period_nsec, newState->dutyCycle_nsec,
                                            newState->polarity, newState->enabled ? 1 : 0)) < 0 ? -1 : 0;
}
