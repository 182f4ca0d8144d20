package io.enrolgate.it;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The ways a secret could show up in text: hex in both cases, with and without separators (tshark and Wireshark
 * write {@code 2b:7e:...}), base64 padded and unpadded, and the raw bytes (for binary files, read as ISO-8859-1).
 * {@link #findIn} names the secret and the form found, never the value.
 */
final class SecretForms {
    private final Map<String, List<String>> forms = new LinkedHashMap<>();

    /** Adds a secret under a label that may be printed (e.g. "network key of 00124b00e1000001"). */
    SecretForms add(String label, byte[] secret) {
        List<String> list = new ArrayList<>();
        String hex = HexFormat.of().formatHex(secret);
        list.add(hex);
        list.add(hex.toUpperCase(Locale.ROOT));
        for (String separator : List.of(":", " ", "-")) {
            String separated = HexFormat.ofDelimiter(separator).formatHex(secret);
            list.add(separated);
            list.add(separated.toUpperCase(Locale.ROOT));
        }
        String base64 = Base64.getEncoder().encodeToString(secret);
        list.add(base64);
        // Unpadded, and what any base64 text holding these bytes at an aligned offset contains: the characters that
        // encode whole 6-bit groups of the secret only.
        list.add(base64.substring(0, secret.length * 8 / 6));
        list.add(Base64.getUrlEncoder().withoutPadding().encodeToString(secret).substring(0, secret.length * 8 / 6));
        list.add(new String(secret, StandardCharsets.ISO_8859_1));
        forms.put(label, list);
        return this;
    }

    int size() {
        return forms.size();
    }

    /** Every (secret label, form index) found in {@code text}, as printable findings; empty when clean. */
    List<String> findIn(String source, String text) {
        List<String> findings = new ArrayList<>();
        String[] formNames = {"hex", "HEX", "hex with ':'", "HEX with ':'", "hex with ' '", "HEX with ' '", "hex with '-'",
            "HEX with '-'", "base64", "base64 (unpadded prefix)", "base64url (unpadded prefix)", "raw bytes"};
        for (Map.Entry<String, List<String>> secret : forms.entrySet()) {
            for (int i = 0; i < secret.getValue().size(); i++) {
                if (text.contains(secret.getValue().get(i))) {
                    findings.add(source + ": " + secret.getKey() + " as " + formNames[i]);
                }
            }
        }
        return findings;
    }
}
