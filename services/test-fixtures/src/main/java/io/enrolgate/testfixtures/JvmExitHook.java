package io.enrolgate.testfixtures;

/**
 * Something to do when the JVM exits (a test run interrupted, a fixture its owner forgot to close), so that no
 * server is left running: registered on start, cancelled by an orderly close.
 */
final class JvmExitHook {
    private final Thread thread;

    private JvmExitHook(Thread thread) {
        this.thread = thread;
    }

    static JvmExitHook register(String name, Runnable action) {
        Thread thread = new Thread(action, name);
        Runtime.getRuntime().addShutdownHook(thread);
        return new JvmExitHook(thread);
    }

    void cancel() {
        try {
            Runtime.getRuntime().removeShutdownHook(thread);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or will run; what it does is safe to do twice
        }
    }
}
