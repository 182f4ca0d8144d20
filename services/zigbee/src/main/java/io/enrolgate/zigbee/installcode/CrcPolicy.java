package io.enrolgate.zigbee.installcode;

/**
 * What to do with an install code whose CRC is missing. A CRC that is present but wrong is always
 * rejected, whatever the policy: a wrong CRC means a mistyped code, and "repairing" it would only
 * produce a link key the device does not have.
 */
public enum CrcPolicy {
    /** The code must carry its CRC; a code of exactly 6, 8, 12 or 16 bytes is rejected. The default. */
    REQUIRE,

    /**
     * A code of exactly 6, 12 or 16 bytes is taken as printed without its CRC, and the CRC is
     * computed. For an opt-in only: some labels (e.g. older Bosch devices) print the code alone.
     *
     * <p>Eight bytes are ambiguous: a 6-byte code with its CRC, or an 8-byte code without. They are
     * read as a 6-byte code when their last two bytes are its valid CRC, otherwise as an 8-byte code
     * without CRC. So under this policy a mistyped 6-byte code becomes a wrong 8-byte code rather
     * than an error (and an 8-byte code has a 1 in 65536 chance of being read as a 6-byte one).
     */
    COMPUTE_IF_MISSING
}
