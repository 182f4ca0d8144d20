package io.enrolgate.cli.device;

import io.enrolgate.cli.UserInputException;
import io.enrolgate.registry.device.DeviceInput;
import io.enrolgate.registry.device.DeviceStatus;
import io.enrolgate.registry.store.RegistryStore;
import io.enrolgate.zigbee.IeeeAddress;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code enrolgate device disable|enable|remove IEEE}: the one-device changes, which differ only in the call. */
final class DeviceChangeCommands {
    private DeviceChangeCommands() {
    }

    /** The shared part: the registry, the address, and "no such device" as bad input. */
    abstract static class Change implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        RegistryOptions registry;

        @Parameters(paramLabel = "IEEE", description = "The device's IEEE address, 16 hex digits.")
        String ieee;

        @Override
        public Integer call() {
            IeeeAddress address = DeviceInput.parseIeee(ieee);
            try (RegistryStore store = registry.open(spec.commandLine().getErr())) {
                if (!apply(store, address)) {
                    throw new UserInputException("no device " + address + " is registered");
                }
                spec.commandLine().getOut().println(done() + " " + address);
                spec.commandLine().getOut().flush();
                return 0;
            }
        }

        abstract boolean apply(RegistryStore store, IeeeAddress address);

        abstract String done();
    }

    @Command(name = "disable", mixinStandardHelpOptions = true,
            description = "Refuse the device's enrolment requests from now on.")
    static final class Disable extends Change {
        @Override
        boolean apply(RegistryStore store, IeeeAddress address) {
            return store.setDeviceStatus(address, DeviceStatus.DISABLED).isPresent();
        }

        @Override
        String done() {
            return "disabled";
        }
    }

    @Command(name = "enable", mixinStandardHelpOptions = true,
            description = "Accept the device's enrolment requests again.")
    static final class Enable extends Change {
        @Override
        boolean apply(RegistryStore store, IeeeAddress address) {
            return store.setDeviceStatus(address, DeviceStatus.ACTIVE).isPresent();
        }

        @Override
        String done() {
            return "enabled";
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Remove the device and its install code (its enrolment history stays).")
    static final class Remove extends Change {
        @Override
        boolean apply(RegistryStore store, IeeeAddress address) {
            return store.removeDevice(address);
        }

        @Override
        String done() {
            return "removed";
        }
    }
}
