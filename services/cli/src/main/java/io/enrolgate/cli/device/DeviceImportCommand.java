package io.enrolgate.cli.device;

import io.enrolgate.cli.UserInputException;
import io.enrolgate.registry.csv.DeviceCsv;
import io.enrolgate.registry.device.Device;
import io.enrolgate.registry.store.RegistryStore;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code enrolgate device import FILE.csv}: all devices of the file, or none. */
@Command(
        name = "import",
        mixinStandardHelpOptions = true,
        description = {
            "Register every device of a CSV file, or none if any line is wrong (each problem is reported with",
            "its line). Header columns, any order: install_code (required), ieee, targets (AE-IDs separated",
            "by ;), labels (name=value separated by ;). Example:",
            "  ieee,install_code,targets,labels",
            "  000D6F000A0B0C0D,83FED3407A939723A5C639B26916D505C3B5,CAdmin,room=kitchen"
        },
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:all imported", "1:the key-encryption key does not match the registry",
            "2:nothing imported: bad input (reasons on stderr)"})
public final class DeviceImportCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private RegistryOptions registry;

    @Parameters(paramLabel = "FILE.csv", description = "The CSV file (UTF-8).")
    private Path file;

    @Override
    public Integer call() {
        String csv = read(file);
        try (RegistryStore store = registry.open(spec.commandLine().getErr())) {
            List<Device> imported = DeviceCsv.importInto(store, csv);
            spec.commandLine().getOut().println("imported " + imported.size() + " device"
                    + (imported.size() == 1 ? "" : "s") + " from " + file);
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    private static String read(Path file) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString();
        } catch (NoSuchFileException e) {
            throw new UserInputException("the file " + file + " does not exist");
        } catch (CharacterCodingException e) {
            throw new UserInputException(file + " is not UTF-8 text: expected a CSV file");
        } catch (IOException e) {
            throw new UserInputException("cannot read " + file + ": " + e.getMessage());
        }
    }
}
