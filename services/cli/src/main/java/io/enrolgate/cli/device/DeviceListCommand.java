package io.enrolgate.cli.device;

import io.enrolgate.registry.store.RegistryStore;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code enrolgate device list}. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the registered devices.")
public final class DeviceListCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private RegistryOptions registry;

    @Override
    public Integer call() {
        try (RegistryStore store = registry.open(spec.commandLine().getErr())) {
            DeviceText.table(spec.commandLine().getOut(), store.listDevices());
            return 0;
        }
    }
}
