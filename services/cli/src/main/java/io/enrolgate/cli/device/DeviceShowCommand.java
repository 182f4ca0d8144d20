package io.enrolgate.cli.device;

import io.enrolgate.cli.UserInputException;
import io.enrolgate.registry.device.DeviceInput;
import io.enrolgate.registry.store.RegistryStore;
import io.enrolgate.zigbee.IeeeAddress;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code enrolgate device show IEEE}. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Show one device (whether its install code is set, never the code).")
public final class DeviceShowCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private RegistryOptions registry;

    @Parameters(paramLabel = "IEEE", description = "The device's IEEE address, 16 hex digits.")
    private String ieee;

    @Override
    public Integer call() {
        IeeeAddress address = DeviceInput.parseIeee(ieee);
        try (RegistryStore store = registry.open(spec.commandLine().getErr())) {
            DeviceText.details(spec.commandLine().getOut(), store.findDevice(address)
                    .orElseThrow(() -> new UserInputException("no device " + address + " is registered")));
            return 0;
        }
    }
}
