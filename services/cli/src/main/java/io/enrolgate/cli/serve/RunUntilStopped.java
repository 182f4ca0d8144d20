package io.enrolgate.cli.serve;

import java.util.concurrent.CountDownLatch;

/**
 * Keeps a started service running until the process is asked to stop, then closes it once: the shutdown
 * hook is how SIGTERM from Kubernetes or systemd reaches a clean close.
 */
public final class RunUntilStopped {
    private RunUntilStopped() {
    }

    public static int await(String name, AutoCloseable service) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                service.close();
            } catch (Exception e) {
                System.err.println(name + ": error while stopping: " + e.getMessage());
            } finally {
                stopped.countDown();
            }
        }, name + "-shutdown"));
        stopped.await();
        return 0;
    }
}
