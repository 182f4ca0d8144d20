package io.enrolgate.cli.serve;

import io.enrolgate.mef.app.MefConfig;
import io.enrolgate.mef.app.MefServer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code enrolgate serve mef --config FILE}. */
@Command(
        name = "mef",
        mixinStandardHelpOptions = true,
        description = {
            "Run the oneM2M MEF (TS-0003 Mmef over HTTPS TLS-PSK) with its admin port (health, metrics).",
            "Configuration: a properties file (services/mef/README.md); any key can be overridden by an",
            "ENROLGATE_ environment variable."
        })
public final class ServeMefCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The MEF's properties file.")
    private Path config;

    @Override
    public Integer call() throws Exception {
        MefServer server = MefServer.start(MefConfig.load(config));
        System.err.printf("mef: Mmef (TLS-PSK) on port %d, health and metrics on port %d%n", server.mmefPort(),
                server.adminPort());
        return RunUntilStopped.await("mef", server);
    }
}
