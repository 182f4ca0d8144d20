package io.enrolgate.provisioning.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/** The textual forms a key could leak in (hex in either case, base64, base64url, padded or not), and a scan for them. */
public final class KeyLeaks {
    private KeyLeaks() {
    }

    public static List<String> forms(byte[] key) {
        String hex = HexFormat.of().formatHex(key);
        String base64 = Base64.getEncoder().encodeToString(key);
        String base64Url = Base64.getUrlEncoder().encodeToString(key);
        return List.of(hex, hex.toUpperCase(Locale.ROOT), base64, base64.replace("=", ""), base64Url,
                base64Url.replace("=", ""));
    }

    /** Asserts that the bytes of a file (a database) hold {@code key} neither raw nor in any textual form. */
    public static void assertAbsentFromBytes(String where, byte[] content, byte[] key) {
        assertThat(indexOf(content, key)).as("%s must not contain the raw key bytes", where).isEqualTo(-1);
        assertAbsent(where, new String(content, java.nio.charset.StandardCharsets.ISO_8859_1), key);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Asserts that {@code text} (named {@code where} in the failure) holds none of the forms of {@code key}. */
    public static void assertAbsent(String where, String text, byte[] key) {
        for (String form : forms(key)) {
            assertThat(text).as("%s must not contain key material (a form of length %d was found)", where,
                    form.length()).doesNotContain(form);
        }
    }
}
