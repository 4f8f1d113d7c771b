/* The sample names of the MT3620 RDB that this app uses, with the values the shipped hardware definition
 * (sample_appliance.json, through mt3620_rdb.json) maps them to. */
#pragma once

#define SAMPLE_BUTTON_1 12 /* RDB button A: low while pressed */
#define SAMPLE_LED 8       /* RDB LED 1, red: lit when low */
