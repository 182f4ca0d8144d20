package io.enrolgate.cli.serve;

import io.enrolgate.common.config.ServiceConfig;
import io.enrolgate.keyforge.app.KeyForgeApplication;
import io.enrolgate.keyforge.app.KeyForgeConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code enrolgate serve key-forge --config FILE}. */
@Command(
        name = "key-forge",
        mixinStandardHelpOptions = true,
        description = {
            "Run one key-forge replica (the Enrolment Gateway) with its health and metrics port.",
            "Configuration: a properties file (services/key-forge/key-forge.example.properties); any key can be",
            "overridden by an ENROLGATE_ environment variable (mqtt.server-uri -> ENROLGATE_MQTT_SERVER_URI)."
        })
public final class ServeKeyForgeCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "FILE", description = "key-forge's properties file.")
    private Path config;

    @Override
    public Integer call() throws Exception {
        // A bad configuration is the user's input error (exit 2, message on stderr), not a crash.
        KeyForgeConfig settings = KeyForgeConfig.from(ServiceConfig.load(config));
        KeyForgeApplication application = KeyForgeApplication.start(settings);
        System.err.printf("key-forge: %s serving; health and metrics on port %d%n", settings.instanceId(),
                application.service().httpPort());
        return RunUntilStopped.await("key-forge", application);
    }
}
