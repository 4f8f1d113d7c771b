/*
 * SPI as the manifest grants it (ISU1, where the RDB's SPI NOR flash sits on chip select A): each call's outcome as a
 * line the test checks, the flash's JEDEC ID, and a page programmed and read back.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <applibs/log.h>
#include <applibs/spi.h>
#include <applibs/uart.h>
#include <test_report.h>

int main(void)
{
    SPIMaster_Config config;
    report("init config", SPIMaster_InitConfig(&config));
    int spi = SPIMaster_Open(1, -1, &config); /* MT3620_ISU1_SPI, MT3620_SPI_CS_A */
    report("open ISU1 CS A", spi);
    report("open ISU1 CS A again", SPIMaster_Open(1, -1, &config));
    report("open ISU2", SPIMaster_Open(2, -1, &config));
    report("open ISU7", SPIMaster_Open(7, -1, &config));
    report("open ISU0 (a UART)", SPIMaster_Open(0, -1, &config));
    report("open chip select 3", SPIMaster_Open(1, 3, &config));
    SPIMaster_Config high = config;
    high.csPolarity = SPI_ChipSelectPolarity_ActiveHigh;
    report("open active high", SPIMaster_Open(1, -2, &high));
    SPIMaster_Config raw;
    memset(&raw, 0, sizeof raw);
    raw.csPolarity = SPI_ChipSelectPolarity_ActiveLow;
    report("open without InitConfig", SPIMaster_Open(1, -2, &raw));
    report("speed 10 MHz", SPIMaster_SetBusSpeed(spi, 10000000));
    report("speed 80 MHz", SPIMaster_SetBusSpeed(spi, 80000000));
    report("speed 1 kHz", SPIMaster_SetBusSpeed(spi, 1000));
    report("mode 0", SPIMaster_SetMode(spi, SPI_Mode_0));
    report("mode invalid", SPIMaster_SetMode(spi, SPI_Mode_Invalid));
    report("MSB first", SPIMaster_SetBitOrder(spi, SPI_BitOrder_MsbFirst));
    report("order 7", SPIMaster_SetBitOrder(spi, (SPI_BitOrder)7));

    uint8_t jedec = 0x9F;
    uint8_t id[3] = {0, 0, 0};
    report("JEDEC ID", SPIMaster_WriteThenRead(spi, &jedec, 1, id, 3));
    Log_Debug("JEDEC ID: %02x %02x %02x\n", id[0], id[1], id[2]);

    uint8_t enable = 0x06;
    report("write enable", write(spi, &enable, 1));
    uint8_t program[4] = {0x02, 0x00, 0x01, 0x00}; /* page program at 0x000100 */
    const char *text = "Sphaera";
    SPIMaster_Transfer transfers[2];
    SPIMaster_InitTransfers(transfers, 2);
    transfers[0].flags = SPI_TransferFlags_Write;
    transfers[0].writeData = program;
    transfers[0].length = sizeof program;
    transfers[1].flags = SPI_TransferFlags_Write;
    transfers[1].writeData = (const uint8_t *)text;
    transfers[1].length = strlen(text);
    report("page program", SPIMaster_TransferSequential(spi, transfers, 2));
    uint8_t read_cmd[4] = {0x03, 0x00, 0x01, 0x00};
    char back[8];
    memset(back, 0, sizeof back);
    report("read back", SPIMaster_WriteThenRead(spi, read_cmd, sizeof read_cmd, (uint8_t *)back, 7));
    Log_Debug("read back: %s\n", back);

    uint8_t big[40];
    memset(big, 0, sizeof big);
    SPIMaster_Transfer t[3];
    SPIMaster_InitTransfers(t, 3);
    t[0].flags = SPI_TransferFlags_Write;
    t[0].writeData = big;
    t[0].length = sizeof big;
    report("40 bytes out", SPIMaster_TransferSequential(spi, t, 1));
    t[0].length = 1;
    t[1].flags = SPI_TransferFlags_Read;
    t[1].readData = big;
    t[1].length = 2;
    t[2].flags = SPI_TransferFlags_Write;
    t[2].writeData = big;
    t[2].length = 1;
    report("a write after the read", SPIMaster_TransferSequential(spi, t, 3));
    t[1].flags = SPI_TransferFlags_None;
    report("no flags", SPIMaster_TransferSequential(spi, t, 2));
    report("no transfers", SPIMaster_TransferSequential(spi, t, 0));
    SPIMaster_Transfer stray;
    memset(&stray, 0, sizeof stray);
    stray.flags = SPI_TransferFlags_Write;
    stray.writeData = big;
    stray.length = 1;
    report("without InitTransfers", SPIMaster_TransferSequential(spi, &stray, 1));
    report("write from NULL", SPIMaster_WriteThenRead(spi, NULL, 1, big, 1));

    UART_Config uc;
    UART_InitConfig(&uc);
    int uart = UART_Open(4, &uc);
    report("SPI on a UART", SPIMaster_WriteThenRead(uart, &jedec, 1, id, 3));
    report("mode on fd 99", SPIMaster_SetMode(99, SPI_Mode_0));
    return 0;
}
