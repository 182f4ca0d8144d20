#include "medium_tests.h"

int main(void)
{
    int failed = 0;
    failed += run_zep_codec_tests();
    failed += run_pcap_writer_tests();
    failed += run_zep_medium_tests();
    return failed == 0 ? 0 : 1;
}
