package io.enrolgate.cli.bench;

import io.enrolgate.common.storage.DatabaseConfig;
import io.enrolgate.keyforge.bench.ForgeLoadGenerator;
import io.enrolgate.keyforge.bench.LoadReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code enrolgate bench forge --rate N --duration S --replicas K}. */
@Command(
        name = "forge",
        mixinStandardHelpOptions = true,
        description = {
            "Start K key-forge replicas in this process on one shared subscription, publish EG Requests through the",
            "broker at N per second for S seconds, and report enrolments/s and latency percentiles (request",
            "published -> response received). The registry must be fresh (a new H2 file by default)."
        })
public final class BenchForgeCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--rate", required = true, paramLabel = "N", description = "Requests per second.")
    private int rate;

    @Option(names = "--duration", required = true, paramLabel = "S", description = "Seconds of load.")
    private int duration;

    @Option(names = "--replicas", defaultValue = "1", paramLabel = "K", description = "key-forge replicas (default 1).")
    private int replicas;

    @Option(names = "--broker", defaultValue = "tcp://127.0.0.1:1883", paramLabel = "URI",
            description = "MQTT v5 broker with shared subscriptions (default ${DEFAULT-VALUE}).")
    private String broker;

    @Option(names = "--database-url", paramLabel = "JDBC-URL",
            description = "A fresh registry database, e.g. jdbc:postgresql://host/bench (default: a new H2 file).")
    private String databaseUrl;

    @Option(names = "--database-user", defaultValue = "", paramLabel = "USER")
    private String databaseUser;

    @Option(names = "--database-password", defaultValue = "${env:ENROLGATE_DATABASE_PASSWORD}", paramLabel = "PASSWORD",
            description = "Default: the environment variable ENROLGATE_DATABASE_PASSWORD.")
    private String databasePassword;

    @Option(names = "--devices", defaultValue = "1000", paramLabel = "N", description = "Devices to spread requests over.")
    private int devices;

    @Option(names = "--timeout", defaultValue = "30", paramLabel = "S", description = "Seconds a request may wait.")
    private int timeout;

    @Override
    public Integer call() throws Exception {
        if (rate < 1 || duration < 1 || replicas < 1 || devices < 1 || timeout < 1) {
            throw new IllegalArgumentException("--rate, --duration, --replicas, --devices and --timeout must be positive");
        }
        DatabaseConfig database = databaseUrl == null ? freshH2() : DatabaseConfig.of(databaseUrl, databaseUser,
                databasePassword == null ? "" : databasePassword);
        ForgeLoadGenerator generator = new ForgeLoadGenerator(broker, database, devices, Duration.ofSeconds(timeout));
        LoadReport report = generator.run(rate, Duration.ofSeconds(duration), replicas);
        spec.commandLine().getOut().println(report.describe());
        return report.unanswered() == 0 ? 0 : 1;
    }

    private static DatabaseConfig freshH2() throws IOException {
        Path directory = Files.createTempDirectory("enrolgate-bench-");
        return DatabaseConfig.h2File(directory.resolve("registry"));
    }
}
