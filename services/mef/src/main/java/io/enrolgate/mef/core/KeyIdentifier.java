package io.enrolgate.mef.core;

import java.util.Locale;

/**
 * The identifier of a MEF-provisioned key, {@code <RelativeKeyID>@<MEF-FQDN>} (TS-0003 8.3.5): what
 * the CSE and the applications see instead of the key. The FQDN names the MEF that holds the key.
 */
public record KeyIdentifier(RelativeKeyId relativeKeyId, String mefFqdn) {
    public KeyIdentifier {
        if (relativeKeyId == null) {
            throw new IllegalArgumentException("a key identifier needs a RelativeKeyID");
        }
        mefFqdn = Fqdn.check(mefFqdn);
    }

    /** Parses {@code <RelativeKeyID>@<MEF-FQDN>}. */
    public static KeyIdentifier parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("key identifier is missing: expected <RelativeKeyID>@<MEF-FQDN>");
        }
        int at = text.indexOf('@');
        if (at < 0 || at != text.lastIndexOf('@')) {
            throw new IllegalArgumentException("key identifier '" + Printable.of(text, 300)
                    + "' is not of the form <RelativeKeyID>@<MEF-FQDN> (exactly one '@')");
        }
        try {
            return new KeyIdentifier(new RelativeKeyId(text.substring(0, at)), text.substring(at + 1));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("key identifier '" + Printable.of(text, 300) + "': "
                    + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return relativeKeyId.value() + "@" + mefFqdn;
    }

    /** Host names as the MEF compares them: lower case, LDH labels (RFC 1123), at most 253 characters. */
    public static final class Fqdn {
        private Fqdn() {
        }

        public static String check(String fqdn) {
            if (fqdn == null || fqdn.isEmpty() || fqdn.length() > 253) {
                throw new IllegalArgumentException("a MEF FQDN is 1 to 253 characters, got '"
                        + Printable.of(fqdn, 300) + "'");
            }
            String lower = fqdn.toLowerCase(Locale.ROOT);
            for (String label : lower.split("\\.", -1)) {
                if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")
                        || !label.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                                || c == '-')) {
                    throw new IllegalArgumentException("'" + Printable.of(fqdn, 300) + "' is not a host name:"
                            + " expected dot-separated labels of letters, digits and inner hyphens");
                }
            }
            return lower;
        }
    }
}
