/* One gateway instance in .bss: arm-none-eabi-size of this object is the RAM a port spends on
 * the core (the device table, UART buffers, decoder), everything else being on the stack. */
#include "eg_gateway.h"

eg_gateway eg_ram_probe_gateway;
