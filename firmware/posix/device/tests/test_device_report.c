/* The JSON line: the key only with reveal_key, the fingerprint always, and escaping of the detail. */
#include <string.h>

#include "device_report.h"
#include "device_tests.h"

static void fill_installed(device_identity *id, device_result *r)
{
    memset(id, 0, sizeof *id);
    memset(r, 0, sizeof *r);
    id->ieee = 0x000D6F000A0B0C0DULL;
    r->outcome = DEVICE_KEY_INSTALLED;
    r->associated = true;
    r->channel = 15;
    r->pan_id = 0x1A62;
    r->short_addr = 0x4F2C;
    r->trust_center_ieee = 0x00124B0001020304ULL;
    /* transport_key_frames[0].network_key and its fingerprint */
    test_hex("2B7E151628AED2A6ABF7158809CF4F3C", r->network_key, sizeof r->network_key);
    strcpy(r->key_fingerprint, "d4ffb8b7");
    r->key_ms = 42;
    strcpy(r->detail, "say \"hi\"\\\n");
}

static void key_appears_only_when_revealed(void **state)
{
    (void)state;
    device_identity id;
    device_result r;
    char line[1024];
    fill_installed(&id, &r);
    size_t len = device_report_format(&id, &r, false, line, sizeof line);
    assert_true(len > 0);
    assert_int_equal(line[len - 1], '\n');
    assert_null(strstr(line, "2b7e1516"));
    assert_null(strstr(line, "\"key\""));
    assert_non_null(strstr(line, "\"key_fingerprint\":\"d4ffb8b7\""));
    assert_non_null(strstr(line, "\"outcome\":\"key_installed\""));
    assert_non_null(strstr(line, "\"short\":\"4f2c\""));
    assert_non_null(strstr(line, "\"association_to_key\":42"));
    assert_non_null(strstr(line, "\"detail\":\"say \\\"hi\\\"\\\\\\u000a\""));
    len = device_report_format(&id, &r, true, line, sizeof line);
    assert_non_null(strstr(line, "\"key\":\"2b7e151628aed2a6abf7158809cf4f3c\""));
}

static void failures_carry_no_key_fields(void **state)
{
    (void)state;
    device_identity id;
    device_result r;
    char line[1024];
    fill_installed(&id, &r);
    r.outcome = DEVICE_KEY_TIMEOUT;
    assert_true(device_report_format(&id, &r, true, line, sizeof line) > 0);
    assert_null(strstr(line, "\"key\""));
    assert_null(strstr(line, "key_fingerprint"));
    assert_non_null(strstr(line, "\"outcome\":\"key_timeout\""));
}

static void refuses_small_buffers(void **state)
{
    (void)state;
    device_identity id;
    device_result r;
    char line[64];
    fill_installed(&id, &r);
    assert_int_equal(device_report_format(&id, &r, true, line, sizeof line), 0);
    assert_int_equal(device_report_format(&id, &r, true, line, 0), 0);
}

int run_device_report_tests(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(key_appears_only_when_revealed),
        cmocka_unit_test(failures_carry_no_key_fields),
        cmocka_unit_test(refuses_small_buffers),
    };
    return cmocka_run_group_tests_name("device report", tests, NULL, NULL);
}
