package io.enrolgate.mef.core;

/**
 * Makes untrusted text safe to quote in an error message or a log line: control characters and
 * non-ASCII become '?', and long text is cut, so that a hostile input can neither forge log lines nor
 * flood them.
 */
public final class Printable {
    private Printable() {
    }

    public static String of(String text, int maxLength) {
        if (text == null) {
            return "(none)";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), maxLength) + 3);
        for (int i = 0; i < text.length() && i < maxLength; i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c < 0x7F ? c : '?');
        }
        if (text.length() > maxLength) {
            out.append("...");
        }
        return out.toString();
    }
}
