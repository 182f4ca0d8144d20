package io.enrolgate.registry.csv;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits CSV text (RFC 4180: comma-separated, fields optionally in double quotes, {@code ""} for a quote
 * inside one, CRLF or LF) into records, each with the line it starts on so that errors can point at it.
 * Blank lines and lines starting with {@code #} are skipped.
 */
final class CsvRecords {
    record Record(int line, List<String> fields) {
    }

    private final String text;
    private int position;
    private int line = 1;

    private CsvRecords(String text) {
        this.text = text;
    }

    /** @throws IllegalArgumentException naming the line of a quoted field that is not closed properly */
    static List<Record> parse(String text) {
        return new CsvRecords(text.startsWith("\uFEFF") ? text.substring(1) : text).records();
    }

    private List<Record> records() {
        List<Record> records = new ArrayList<>();
        while (position < text.length()) {
            int startLine = line;
            if (atLineEnd()) {
                skipLineEnd();
                continue;
            }
            if (text.charAt(position) == '#') {
                while (position < text.length() && !atLineEnd()) {
                    position++;
                }
                continue;
            }
            List<String> fields = new ArrayList<>();
            while (true) {
                fields.add(field());
                if (position < text.length() && text.charAt(position) == ',') {
                    position++;
                    continue;
                }
                break;
            }
            skipLineEnd();
            records.add(new Record(startLine, fields));
        }
        return records;
    }

    private String field() {
        if (position < text.length() && text.charAt(position) == '"') {
            return quotedField();
        }
        int start = position;
        while (position < text.length() && text.charAt(position) != ',' && !atLineEnd()) {
            if (text.charAt(position) == '"') {
                throw new IllegalArgumentException("line " + line + ": a double quote inside an unquoted field:"
                        + " expected the whole field in quotes, with each quote in it doubled (\"\")");
            }
            position++;
        }
        return text.substring(start, position);
    }

    private String quotedField() {
        int startLine = line;
        position++;
        StringBuilder value = new StringBuilder();
        while (position < text.length()) {
            char c = text.charAt(position++);
            if (c == '"') {
                if (position < text.length() && text.charAt(position) == '"') {
                    value.append('"');
                    position++;
                    continue;
                }
                if (position < text.length() && text.charAt(position) != ',' && !atLineEnd()) {
                    throw new IllegalArgumentException("line " + line + ": text after a closing quote: expected a"
                            + " comma or the end of the line");
                }
                return value.toString();
            }
            if (c == '\n') {
                line++;
            }
            value.append(c);
        }
        throw new IllegalArgumentException("line " + startLine + ": a quoted field is not closed: expected a"
                + " closing double quote");
    }

    private boolean atLineEnd() {
        char c = text.charAt(position);
        return c == '\n' || c == '\r';
    }

    private void skipLineEnd() {
        if (position < text.length() && text.charAt(position) == '\r') {
            position++;
        }
        if (position < text.length() && text.charAt(position) == '\n') {
            position++;
            line++;
        }
    }
}
