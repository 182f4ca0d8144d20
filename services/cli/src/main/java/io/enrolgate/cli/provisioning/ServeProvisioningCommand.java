package io.enrolgate.cli.provisioning;

import io.enrolgate.cli.serve.RunUntilStopped;
import io.enrolgate.provisioning.app.ProvisioningApplication;
import io.enrolgate.provisioning.app.ProvisioningConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code enrolgate serve provisioning --config FILE}. */
@Command(
        name = "provisioning",
        mixinStandardHelpOptions = true,
        description = {
            "Run one provisioning replica (keys from key-forge to the MEF, nodes into the oneM2M CSE).",
            "Without cse.url no CSE is used: keys are still registered at the MEF, nodes are not registered",
            "in a CSE (said at start and in /health/ready). provisioning.concurrency: deliveries worked at once.",
            "It serves health and metrics on its HTTP port.",
            "Configuration: a properties file (services/provisioning/provisioning.example.properties); any key",
            "can be overridden by an ENROLGATE_ environment variable (mef.psk -> ENROLGATE_MEF_PSK)."
        })
public final class ServeProvisioningCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "FILE", description = "provisioning's properties file.")
    private Path config;

    @Override
    public Integer call() throws Exception {
        // A bad configuration is the user's input error (exit 2, message on stderr), not a crash.
        ProvisioningConfig settings = ProvisioningConfig.load(config);
        ProvisioningApplication application = ProvisioningApplication.start(settings);
        System.err.printf("provisioning: %s serving; health and metrics on port %d%n", settings.instanceId(),
                application.service().httpPort());
        return RunUntilStopped.await("provisioning", application);
    }
}
