/* Minimal log line formatter (see eg_log.h for why not printf). */
#include "eg_log.h"

typedef struct line {
    char *out;
    size_t cap; /* including the NUL */
    size_t len;
} line;

static void put(line *l, char c)
{
    if (l->len + 1u < l->cap) {
        l->out[l->len++] = c;
    }
}

static void put_hex(line *l, uint64_t v, int digits)
{
    static const char hex[] = "0123456789abcdef";
    int i;
    for (i = digits - 1; i >= 0; i--) {
        put(l, hex[(v >> (4 * i)) & 0xFu]);
    }
}

static void put_dec(line *l, unsigned int v)
{
    char tmp[10];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10u);
        v /= 10u;
    } while (v != 0u && n < (int)sizeof(tmp));
    while (n > 0) {
        put(l, tmp[--n]);
    }
}

size_t eg_log_vformat(char *out, size_t cap, const char *fmt, va_list args)
{
    line l;
    const char *s;

    if (out == NULL || cap == 0u) {
        return 0;
    }
    l.out = out;
    l.cap = cap;
    l.len = 0;
    for (; fmt != NULL && *fmt != '\0'; fmt++) {
        if (*fmt != '%' || fmt[1] == '\0') {
            put(&l, *fmt);
            continue;
        }
        switch (*++fmt) {
        case 's':
            for (s = va_arg(args, const char *); s != NULL && *s != '\0'; s++) {
                put(&l, *s);
            }
            break;
        case 'u':
            put_dec(&l, va_arg(args, unsigned int));
            break;
        case 'x':
            put_hex(&l, va_arg(args, unsigned int), 4);
            break;
        case 'E':
            put_hex(&l, va_arg(args, uint64_t), 16);
            break;
        case '%':
            put(&l, '%');
            break;
        default: /* unknown directive: copy it, so the mistake shows in the log */
            put(&l, '%');
            put(&l, *fmt);
            break;
        }
    }
    out[l.len] = '\0';
    return l.len;
}

size_t eg_log_format(char *out, size_t cap, const char *fmt, ...)
{
    va_list args;
    size_t n;
    va_start(args, fmt);
    n = eg_log_vformat(out, cap, fmt, args);
    va_end(args);
    return n;
}
