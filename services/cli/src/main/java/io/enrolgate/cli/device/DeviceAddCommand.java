package io.enrolgate.cli.device;

import io.enrolgate.cli.UserInputException;
import io.enrolgate.registry.device.Device;
import io.enrolgate.registry.device.DeviceAlreadyExistsException;
import io.enrolgate.registry.device.DeviceInput;
import io.enrolgate.registry.device.NewDevice;
import io.enrolgate.registry.store.RegistryStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code enrolgate device add --ieee HEX --install-code TEXT [--target AE-ID …] [--label k=v …]}. */
@Command(
        name = "add",
        mixinStandardHelpOptions = true,
        description = "Register a device with its install code.",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:registered", "1:the key-encryption key does not match the registry",
            "2:bad input or the device is registered already (reason on stderr)"})
public final class DeviceAddCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private RegistryOptions registry;

    @Option(names = "--ieee", paramLabel = "HEX",
            description = "The device's IEEE address, 16 hex digits (optional when the label text carries it).")
    private String ieee;

    @Option(names = "--install-code", paramLabel = "TEXT", required = true,
            description = "The install code with its CRC in hex, or the label/QR text (Z:…$I:…, <ieee>|<code>, "
                    + "HUE:Z:… M:…, Aqara, Bosch). Quote it.")
    private String installCode;

    @Option(names = "--target", paramLabel = "AE-ID", description = "A oneM2M AE-ID allowed to fetch the key (repeatable).")
    private List<String> targets = new ArrayList<>();

    @Option(names = "--label", paramLabel = "NAME=VALUE", description = "A label (repeatable).")
    private List<String> labels = new ArrayList<>();

    @Override
    public Integer call() {
        NewDevice device = new DeviceInput(Optional.ofNullable(ieee), installCode, targets, labels()).validate();
        try (RegistryStore store = registry.open(spec.commandLine().getErr())) {
            Device added = store.addDevice(device);
            spec.commandLine().getOut().println("registered " + added.ieee() + " (install code set, status "
                    + added.status() + ")");
            spec.commandLine().getOut().flush();
            return 0;
        } catch (DeviceAlreadyExistsException e) {
            throw new UserInputException(e.getMessage());
        }
    }

    private Map<String, String> labels() {
        Map<String, String> parsed = new LinkedHashMap<>();
        for (String label : labels) {
            int equals = label.indexOf('=');
            if (equals <= 0) {
                throw new UserInputException("--label '" + label + "': expected NAME=VALUE");
            }
            if (parsed.put(label.substring(0, equals), label.substring(equals + 1)) != null) {
                throw new UserInputException("--label " + label.substring(0, equals) + " is given twice");
            }
        }
        return parsed;
    }
}
