/* The one JSON line eg-device-sim prints per device. The network key appears only when asked for
 * (reveal_key, for tests); otherwise the key is named by its fingerprint. */
#ifndef EG_DEVICE_REPORT_H
#define EG_DEVICE_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "device.h"

/* Writes the line (with its '\n') into buf. Returns its length, or 0 if cap is too small. */
size_t device_report_format(const device_identity *id, const device_result *r, bool reveal_key,
                            char *buf, size_t cap);

#endif
