/*
 * Log lines of the gateway, built without printf: newlib's printf alone would cost more flash than
 * the whole core, and the lines only ever need strings, decimal numbers and hex addresses.
 * Format directives:
 *   %s  const char *         %u  unsigned int (decimal)
 *   %x  unsigned int, as 4 hex digits (short addresses, PAN ids)
 *   %E  uint64_t, as 16 hex digits (IEEE addresses, display order)
 *   %%  a percent sign
 * Anything else is copied as is. The output is truncated to fit and always NUL-terminated.
 */
#ifndef EG_LOG_H
#define EG_LOG_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* GatewayLog.Level values (uart.proto). */
#define EG_LOG_ERROR 1u
#define EG_LOG_WARNING 2u
#define EG_LOG_INFO 3u
#define EG_LOG_DEBUG 4u

/* Capacity of a log line including its NUL: GatewayLog.message max_size in uart.options. */
#define EG_LOG_LINE_MAX 96u

/* Formats into out (capacity cap >= 1). Returns the length written, without the NUL. */
size_t eg_log_format(char *out, size_t cap, const char *fmt, ...);
size_t eg_log_vformat(char *out, size_t cap, const char *fmt, va_list args);

#ifdef __cplusplus
}
#endif

#endif
