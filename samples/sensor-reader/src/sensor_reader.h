/* The MT3620 RDB names this app uses, with the values the shipped hardware definition (mt3620_rdb.json, through
 * mt3620.json) gives their main-core headers. */
#pragma once

#define SENSOR_I2C 2         /* MT3620_RDB_HEADER4_ISU2_I2C: ISU2 as I2C master, where the TMP102 sits */
#define SENSOR_ADDRESS 0x48  /* the TMP102's address with ADD0 to ground */
#define REPORT_UART 7        /* MT3620_RDB_HEADER3_ISU3_UART: ISU3 as UART, on header 3 */
