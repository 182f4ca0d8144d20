package io.enrolgate.testfixtures;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * The file a child process writes its output to, read while it runs: for waiting on a line and for the last lines
 * in a failure message. Reading never fails: a file that is not there yet is empty, one that cannot be read says so.
 */
public final class ProcessLog {
    /** How many lines a failure message quotes. */
    public static final int TAIL_LINES = 40;

    private final Path file;

    public ProcessLog(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** Everything written so far. */
    public String text() {
        try {
            // Bytes, not readString: a process may be in the middle of a multi-byte character, and that must not fail.
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException notYet) {
            return "";
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }

    public List<String> lines() {
        return text().lines().toList();
    }

    /** The last {@value #TAIL_LINES} lines, introduced by where they come from: what a failure message quotes. */
    public String tail() {
        return tail(TAIL_LINES);
    }

    /** The last {@code count} lines, introduced by where they come from. */
    public String tail(int count) {
        List<String> lines = lines();
        if (lines.isEmpty()) {
            return "(no output in " + file + ")";
        }
        return "last lines of " + file + ":\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - count),
                lines.size()));
    }
}
