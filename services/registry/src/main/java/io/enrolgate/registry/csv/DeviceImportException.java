package io.enrolgate.registry.csv;

import java.util.List;

/**
 * A CSV import was refused and nothing was stored. {@link #problems()} lists every problem found, each
 * starting with its line number; none contains an install code.
 */
public class DeviceImportException extends IllegalArgumentException {
    private final List<String> problems;

    public DeviceImportException(List<String> problems) {
        super(summary(problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }

    private static String summary(List<String> problems) {
        return (problems.size() == 1 ? "1 problem" : problems.size() + " problems")
                + " in the CSV, nothing imported:\n  " + String.join("\n  ", problems);
    }
}
