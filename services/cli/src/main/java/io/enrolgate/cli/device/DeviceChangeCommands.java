package io.enrolgate.cli.device;

import io.enrolgate.cli.UserInputException;
import io.enrolgate.registry.device.DeviceInput;
import io.enrolgate.registry.device.DeviceStatus;
import io.enrolgate.registry.store.RegistryStore;
import io.enrolgate.zigbee.IeeeAddress;
import java.util.concurrent.Callable;
import java.util.function.BiPredicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code enrolgate device disable|enable|remove IEEE}: the one-device changes, which differ only in the call
 * and the word printed. Each is a class only because picocli names a subcommand by its annotated class.
 */
final class DeviceChangeCommands {
    private DeviceChangeCommands() {
    }

    /** The one change: the registry, the address, "no such device" as bad input, then "{done} {address}". */
    abstract static class Change implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        RegistryOptions registry;

        @Parameters(paramLabel = "IEEE", description = "The device's IEEE address, 16 hex digits.")
        String ieee;

        private final String done;
        /** Applies the change; false when no such device is registered. */
        private final BiPredicate<RegistryStore, IeeeAddress> apply;

        Change(String done, BiPredicate<RegistryStore, IeeeAddress> apply) {
            this.done = done;
            this.apply = apply;
        }

        @Override
        public Integer call() {
            IeeeAddress address = DeviceInput.parseIeee(ieee);
            try (RegistryStore store = registry.open(spec.commandLine().getErr())) {
                if (!apply.test(store, address)) {
                    throw new UserInputException("no device " + address + " is registered");
                }
                spec.commandLine().getOut().println(done + " " + address);
                spec.commandLine().getOut().flush();
                return 0;
            }
        }
    }

    @Command(name = "disable", mixinStandardHelpOptions = true,
            description = "Refuse the device's enrolment requests from now on.")
    static final class Disable extends Change {
        Disable() {
            super("disabled", (store, address) -> store.setDeviceStatus(address, DeviceStatus.DISABLED).isPresent());
        }
    }

    @Command(name = "enable", mixinStandardHelpOptions = true,
            description = "Accept the device's enrolment requests again.")
    static final class Enable extends Change {
        Enable() {
            super("enabled", (store, address) -> store.setDeviceStatus(address, DeviceStatus.ACTIVE).isPresent());
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Remove the device and its install code (its enrolment history stays).")
    static final class Remove extends Change {
        Remove() {
            super("removed", RegistryStore::removeDevice);
        }
    }
}
