package io.enrolgate.testfixtures;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTreesTest {
    @TempDir
    Path directory;

    @Test
    void removesATreeDeepestFirst() throws Exception {
        Path root = Files.createDirectories(directory.resolve("run/logs/deep"));
        Files.writeString(root.resolve("a.log"), "x");
        Files.writeString(directory.resolve("run/top.txt"), "y");

        FileTrees.delete(directory.resolve("run"));

        assertThat(directory.resolve("run")).doesNotExist();
        assertThat(directory).exists();
    }

    @Test
    void aTreeThatIsNotThereIsNothingToDo() {
        FileTrees.delete(directory.resolve("never-made"));
        assertThat(directory).exists();
    }
}
