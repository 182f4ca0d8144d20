package io.enrolgate.zigbee.frame;

import java.util.function.ToIntFunction;

/** The range and presence checks that the record constructors of this package share. */
final class FieldRules {
    private FieldRules() {
    }

    static void requireU8(int value, String field) {
        requireRange(value, 0, 0xFF, field);
    }

    static void requireU16(int value, String field) {
        requireRange(value, 0, 0xFFFF, field);
    }

    static void requireRange(int value, int min, int max, String field) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(field + " is " + value + ", expected " + min + ".." + max);
        }
    }

    static void requireU8(Integer value, String field) {
        if (value != null) {
            requireU8(value.intValue(), field);
        }
    }

    static void requireU16(Integer value, String field) {
        if (value != null) {
            requireU16(value.intValue(), field);
        }
    }

    /**
     * Checks that an optional field is present exactly when the frame's flags say it is.
     *
     * @param why the rule, phrased to complete "present when ...", e.g. "the frame control's multicast flag is set"
     */
    static void requirePresence(Object value, boolean expected, String field, String why) {
        if (expected && value == null) {
            throw new IllegalArgumentException(field + " is missing: it must be present when " + why);
        }
        if (!expected && value != null) {
            throw new IllegalArgumentException(field + " is given but must be absent unless " + why);
        }
    }

    /** The constant of {@code constants} whose wire value is {@code value}, or null when none has it. */
    static <E> E byWireValue(E[] constants, ToIntFunction<E> wireValue, int value) {
        for (E constant : constants) {
            if (wireValue.applyAsInt(constant) == value) {
                return constant;
            }
        }
        return null;
    }

    static String hex4(int value) {
        return String.format("0x%04X", value);
    }

    static String hex2(int value) {
        return String.format("0x%02X", value);
    }
}
