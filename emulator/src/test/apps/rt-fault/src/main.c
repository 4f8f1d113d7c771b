/* Reads a register the core may not reach: the core faults and the app ends as a crash. */
#include <rt/mt3620.h>

int main(void)
{
    WriteReg32(0x38000000u, 0, 1);
    return (int)ReadReg32(0x38070000u, 0); /* ISU0: another core's */
}
