/*
 * I2C as the manifest grants it (ISU2, where the RDB's TMP102 answers at 0x48): each call's outcome as a line the
 * test checks, and the temperature and configuration registers as the sensor gives them.
 */
#include <errno.h>
#include <stdint.h>
#include <unistd.h>
#include <applibs/i2c.h>
#include <applibs/log.h>
#include <applibs/uart.h>
#include <test_report.h>

int main(void)
{
    int i2c = I2CMaster_Open(2); /* MT3620_ISU2_I2C */
    report("open ISU2", i2c);
    report("open ISU2 again", I2CMaster_Open(2));
    report("open ISU1", I2CMaster_Open(1));
    report("open ISU5", I2CMaster_Open(5));
    report("open ISU0 (a UART)", I2CMaster_Open(0));
    report("speed 400 kHz", I2CMaster_SetBusSpeed(i2c, I2C_BUS_SPEED_FAST));
    report("speed 3.4 MHz", I2CMaster_SetBusSpeed(i2c, I2C_BUS_SPEED_HIGH));
    report("timeout 100 ms", I2CMaster_SetTimeout(i2c, 100));
    report("timeout 0", I2CMaster_SetTimeout(i2c, 0));

    uint8_t pointer = 0; /* the temperature register */
    uint8_t t[2] = {0, 0};
    report("temperature", I2CMaster_WriteThenRead(i2c, 0x48, &pointer, 1, t, 2));
    int raw = ((t[0] << 8) | t[1]) >> 4;
    if (raw & 0x800) {
        raw -= 0x1000;
    }
    Log_Debug("temperature: %d/16 C\n", raw);
    uint8_t config_pointer = 1;
    report("select configuration", I2CMaster_Write(i2c, 0x48, &config_pointer, 1));
    uint8_t c[2] = {0, 0};
    report("read configuration", I2CMaster_Read(i2c, 0x48, c, 2));
    Log_Debug("configuration: 0x%02x%02x\n", c[0], c[1]);

    report("nobody at 0x50", I2CMaster_Read(i2c, 0x50, c, 2));
    report("a 10-bit address", I2CMaster_Read(i2c, 0x148, c, 2));
    uint8_t nine[9] = {0};
    report("nine bytes", I2CMaster_Write(i2c, 0x48, nine, 9));
    report("read into NULL", I2CMaster_Read(i2c, 0x48, NULL, 2));
    report("nothing to move", I2CMaster_Write(i2c, 0x48, NULL, 0));

    report("read() with no default target", read(i2c, c, 2));
    report("default target 0x48", I2CMaster_SetDefaultTargetAddress(i2c, 0x48));
    report("default target 0x80", I2CMaster_SetDefaultTargetAddress(i2c, 0x80));
    report("read() from the default target", read(i2c, c, 2));
    Log_Debug("read(): 0x%02x%02x\n", c[0], c[1]);

    UART_Config config;
    UART_InitConfig(&config);
    int uart = UART_Open(4, &config);
    report("I2C read on a UART", I2CMaster_Read(uart, 0x48, c, 2));
    report("speed on fd 99", I2CMaster_SetBusSpeed(99, I2C_BUS_SPEED_STANDARD));
    report("close", close(i2c));
    report("read after close", I2CMaster_Read(i2c, 0x48, c, 2));
    return 0;
}
