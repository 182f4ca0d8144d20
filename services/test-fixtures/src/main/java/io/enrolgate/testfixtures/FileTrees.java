package io.enrolgate.testfixtures;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

/** The run directories the fixtures, the demo and the integration tests make, removed when they are done. */
public final class FileTrees {
    private FileTrees() {
    }

    /**
     * Removes {@code root} and everything below it, deepest first; nothing if it does not exist.
     *
     * @throws UncheckedIOException naming {@code root} when something in it cannot be removed
     */
    public static void delete(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            List<Path> all = new ArrayList<>(paths.toList());
            Collections.reverse(all);
            for (Path path : all) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root + ": " + e.getMessage(), e);
        }
    }
}
