package io.enrolgate.cli.bench;

import io.enrolgate.common.storage.DatabaseConfig;
import io.enrolgate.keyforge.bench.BenchDatabases;
import io.enrolgate.keyforge.bench.ForgeLoadGenerator;
import io.enrolgate.keyforge.bench.ForgeLoadSeries;
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
            "published -> response received). The registry must be fresh (a new H2 file by default).",
            "With --runs or --ramp-step: a series in this JVM, every run with fresh replicas and a fresh database",
            "(a new H2 file, or a new database on --database-server-url): a warm-up run, --runs runs at N/s, then the",
            "highest rate sustained (N up by the step while sustained, or down until sustained) run --runs times;",
            "MEDIAN lines report each rate's medians."
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

    @Option(names = "--warmup", defaultValue = "0", paramLabel = "S",
            description = "Seconds of load at the same rate before the measured ones, not counted (default 0); in a"
                    + " series, a run of its own before the first.")
    private int warmup;

    @Option(names = "--runs", defaultValue = "1", paramLabel = "N", description = "Runs per rate (default 1).")
    private int runs;

    @Option(names = "--ramp-step", defaultValue = "0", paramLabel = "N",
            description = "Find the highest rate sustained in steps of N/s (default 0: no ramp).")
    private int rampStep;

    @Option(names = "--max-rate", defaultValue = "20000", paramLabel = "N", description = "The ramp's ceiling.")
    private int maxRate;

    @Option(names = "--p99-limit", defaultValue = "250", paramLabel = "MS",
            description = "Sustained: every request answered, >= 95% of the rate served, p99 <= MS (default 250).")
    private double p99Limit;

    @Option(names = "--database-server-url", paramLabel = "JDBC-URL",
            description = "A PostgreSQL server to create a fresh database on for every run (and drop after), as"
                    + " --database-user, e.g. jdbc:postgresql://host:5432/postgres.")
    private String databaseServerUrl;

    @Override
    public Integer call() throws Exception {
        if (rate < 1 || duration < 1 || replicas < 1 || devices < 1 || timeout < 1 || warmup < 0) {
            throw new IllegalArgumentException("--rate, --duration, --replicas, --devices and --timeout must be positive"
                    + " and --warmup not negative");
        }
        String password = databasePassword == null ? "" : databasePassword;
        if (runs > 1 || rampStep > 0) {
            return series(password);
        }
        DatabaseConfig database = databaseUrl == null ? freshH2() : DatabaseConfig.of(databaseUrl, databaseUser, password);
        ForgeLoadGenerator generator = new ForgeLoadGenerator(broker, database, devices, Duration.ofSeconds(timeout));
        LoadReport report = generator.run(rate, Duration.ofSeconds(duration), replicas, Duration.ofSeconds(warmup));
        spec.commandLine().getOut().println(report.describe());
        return report.unanswered() == 0 ? 0 : 1;
    }

    private int series(String password) throws Exception {
        if (runs < 1 || rampStep < 0 || maxRate < rate || p99Limit <= 0) {
            throw new IllegalArgumentException("--runs must be positive, --ramp-step not negative, --max-rate at least"
                    + " --rate and --p99-limit positive");
        }
        if (databaseUrl != null) {
            throw new IllegalArgumentException("a series needs a fresh database for every run: give"
                    + " --database-server-url (PostgreSQL) instead of --database-url, or neither (H2 files)");
        }
        BenchDatabases databases = databaseServerUrl == null ? BenchDatabases.h2Files()
                : BenchDatabases.postgresServer(databaseServerUrl, databaseUser, password);
        ForgeLoadSeries.Criteria criteria = new ForgeLoadSeries.Criteria(0.95, p99Limit);
        ForgeLoadSeries series = new ForgeLoadSeries(rate, Duration.ofSeconds(duration), replicas,
                Duration.ofSeconds(warmup), runs, rampStep, maxRate, criteria);
        java.io.PrintWriter out = spec.commandLine().getOut();
        out.println("series: " + databases.kind() + ", " + replicas + " replica(s), " + runs + " run(s) of " + duration
                + " s per rate" + (rampStep > 0 ? ", highest rate sustained in steps of " + rampStep + "/s (" + criteria
                + ")" : "") + (warmup > 0 ? ", after a " + warmup + " s warm-up run" : ""));
        out.flush();
        ForgeLoadSeries.Result result = series.run(new ForgeLoadGenerator(broker, databases, devices,
                Duration.ofSeconds(timeout)), line -> {
                    out.println(line);
                    out.flush();
                });
        out.println(result.base().describe("base"));
        if (rampStep > 0) {
            out.println(result.highestSustained().isPresent() ? result.highest().describe("highest")
                    : "MEDIAN highest none");
        }
        out.flush();
        return 0;
    }

    private static DatabaseConfig freshH2() throws IOException {
        Path directory = Files.createTempDirectory("enrolgate-bench-");
        return DatabaseConfig.h2File(directory.resolve("registry"));
    }
}
