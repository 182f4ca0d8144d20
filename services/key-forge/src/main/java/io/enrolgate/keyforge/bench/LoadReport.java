package io.enrolgate.keyforge.bench;

import java.util.Locale;

/**
 * What one load run measured. Latency is from the request's publish to its response's arrival, both at
 * the load generator, so it includes the broker twice.
 *
 * @param requestedRate the rate asked for, requests/s
 * @param sent requests published
 * @param answered responses received (each request counts once)
 * @param issued answers carrying a Transport Key
 * @param unanswered requests without an answer within the timeout
 * @param seconds from the first publish to the last answer
 * @param warmupSeconds the warm-up before the measured requests, at the same rate (not counted)
 * @param cpuMillisPerEnrolment CPU time of the process (generator and replicas together) during the measured
 *     phase, per answered request; NaN when unknown
 */
public record LoadReport(int requestedRate, int replicas, String database, long sent, long answered, long issued,
        long unanswered, double seconds, double p50Millis, double p90Millis, double p99Millis, double maxMillis,
        long warmupSeconds, double cpuMillisPerEnrolment) {

    /** Answers per second over the whole run. */
    public double throughput() {
        return seconds <= 0 ? 0 : answered / seconds;
    }

    public String describe() {
        return String.format(Locale.ROOT,
                "%s, %d replica(s), asked %d/s: sent %d, answered %d (%d keys issued), unanswered %d in %.1f s"
                        + " -> %.0f enrolments/s; latency ms p50 %.2f p90 %.2f p99 %.2f max %.2f; process CPU %.2f ms"
                        + " per enrolment%s",
                database, replicas, requestedRate, sent, answered, issued, unanswered, seconds, throughput(), p50Millis,
                p90Millis, p99Millis, maxMillis, cpuMillisPerEnrolment,
                warmupSeconds > 0 ? " (after " + warmupSeconds + " s warm-up)" : "");
    }
}
