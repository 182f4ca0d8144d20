package io.enrolgate.mef.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Every byte of every regular file under a directory, searchable for byte sequences. */
final class BytesOnDisk {
    private final List<String> files = new ArrayList<>();
    private final List<Path> paths = new ArrayList<>();

    private BytesOnDisk() {
    }

    static BytesOnDisk under(Path directory) throws IOException {
        BytesOnDisk disk = new BytesOnDisk();
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path path : walk.filter(Files::isRegularFile).toList()) {
                try {
                    // ISO-8859-1 maps each byte to one char, so String.indexOf searches bytes.
                    disk.files.add(new String(Files.readAllBytes(path), StandardCharsets.ISO_8859_1));
                    disk.paths.add(path);
                } catch (IOException e) {
                    // A file that vanished between listing and reading (a temporary one) holds nothing now.
                }
            }
        }
        return disk;
    }

    /** The files that contain {@code bytes}. */
    List<Path> filesContaining(byte[] bytes) {
        String needle = new String(bytes, StandardCharsets.ISO_8859_1);
        List<Path> found = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            if (files.get(i).contains(needle)) {
                found.add(paths.get(i));
            }
        }
        return found;
    }

    int fileCount() {
        return files.size();
    }
}
