package io.enrolgate.mef.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Header fields in arrival order; names compare case-insensitively (RFC 9110 5.1). */
public final class HttpHeaders {
    private final List<String[]> fields;

    private HttpHeaders(List<String[]> fields) {
        this.fields = fields;
    }

    public static HttpHeaders empty() {
        return new HttpHeaders(List.of());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The value of a field that may appear at most once; empty when absent. */
    public Optional<String> single(String name) throws HttpParseException {
        String found = null;
        for (String[] field : fields) {
            if (field[0].equalsIgnoreCase(name)) {
                if (found != null) {
                    throw new HttpParseException(400, "header field " + name + " appears more than once:"
                            + " expected at most one");
                }
                found = field[1];
            }
        }
        return Optional.ofNullable(found);
    }

    /** The first value of a field, for fields whose repetition does not matter to us. */
    public Optional<String> first(String name) {
        return fields.stream().filter(f -> f[0].equalsIgnoreCase(name)).map(f -> f[1]).findFirst();
    }

    public boolean contains(String name) {
        return first(name).isPresent();
    }

    /** True when a Connection field lists the {@code close} option. */
    public boolean connectionClose() {
        return fields.stream().filter(f -> f[0].equalsIgnoreCase("Connection"))
                .flatMap(f -> List.of(f[1].split(",")).stream())
                .anyMatch(option -> option.strip().toLowerCase(Locale.ROOT).equals("close"));
    }

    public int size() {
        return fields.size();
    }

    /** Name and value of each field, in order. */
    public List<String[]> fields() {
        return fields.stream().map(String[]::clone).toList();
    }

    public static final class Builder {
        private final List<String[]> fields = new ArrayList<>();

        public Builder add(String name, String value) {
            fields.add(new String[] {name, value});
            return this;
        }

        public HttpHeaders build() {
            return new HttpHeaders(List.copyOf(fields));
        }
    }
}
