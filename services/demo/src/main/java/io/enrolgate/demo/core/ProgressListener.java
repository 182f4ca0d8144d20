package io.enrolgate.demo.core;

/** Told of every change to a device's state (on the thread that made it; calls are serialised). */
@FunctionalInterface
public interface ProgressListener {
    void changed(DeviceState device, ProgressCounts counts);

    ProgressListener NONE = (device, counts) -> { };
}
