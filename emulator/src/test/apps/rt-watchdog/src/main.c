/* Starts its core's watchdog (reset mode, 125 ms), kicks it three times, then stops kicking: the core resets. */
#include <stdio.h>
#include <rt/debug_uart.h>
#include <rt/mt3620.h>

#define WDT 0x21020000u
#define WDT_MODE 0x30
#define WDT_LENGTH 0x34
#define WDT_RESTART 0x38
#define WDT_STA 0x3C
#define GPT 0x21030000u
#define GPT3_CNT 0x58

static void WaitMicros(uint32_t micros)
{
    uint32_t start = ReadReg32(GPT, GPT3_CNT);
    while (ReadReg32(GPT, GPT3_CNT) - start < micros) {
        /* GPT3 counts microseconds */
    }
}

int main(void)
{
    DebugUart_Init();
    WriteReg32(GPT, 0x50, (25u << 16) | 1u); /* GPT3_CTRL: 1 us ticks from 26 MHz, enabled */
    char line[48];
    snprintf(line, sizeof line, "start, status %04x\r\n", (unsigned)ReadReg32(WDT, WDT_STA));
    DebugUart_Write(line);
    WriteReg32(WDT, WDT_LENGTH, (3u << 5) | 0x08); /* (3 + 1) / 32 s */
    WriteReg32(WDT, WDT_RESTART, 0x1971);
    WriteReg32(WDT, WDT_MODE, 0x2200 | 0x1);        /* enabled, reset on expiry */
    for (int i = 0; i < 3; i++) {
        WaitMicros(50000);
        WriteReg32(WDT, WDT_RESTART, 0x1971);
        DebugUart_Write("kick\r\n");
    }
    DebugUart_Write("hanging\r\n");
    for (;;) {
        WaitMicros(100000);
    }
}
