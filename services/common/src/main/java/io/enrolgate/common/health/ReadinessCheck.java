package io.enrolgate.common.health;

import java.util.function.BooleanSupplier;

/**
 * One condition for serving traffic (the MQTT session is up, the database answers). {@link #isReady()} may
 * block briefly (a database round trip): the health server calls it off the event loop.
 */
public interface ReadinessCheck {
    String name();

    boolean isReady();

    static ReadinessCheck of(String name, BooleanSupplier check) {
        return new ReadinessCheck() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public boolean isReady() {
                return check.getAsBoolean();
            }
        };
    }
}
