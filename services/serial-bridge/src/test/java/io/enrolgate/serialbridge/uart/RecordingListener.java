package io.enrolgate.serialbridge.uart;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Records what a decoder reports. */
final class RecordingListener implements FrameListener {
    final List<byte[]> frames = new ArrayList<>();
    final List<FrameError> errors = new ArrayList<>();
    /** Frames and errors in the order they came: a byte[] or a FrameError. */
    final List<Object> events = new ArrayList<>();

    @Override
    public void onFrame(byte[] payload) {
        frames.add(payload);
        events.add(payload);
    }

    @Override
    public void onFrameError(FrameError error) {
        errors.add(error);
        events.add(error);
    }

    Map<FrameError, Integer> errorCounts() {
        Map<FrameError, Integer> counts = new EnumMap<>(FrameError.class);
        errors.forEach(e -> counts.merge(e, 1, Integer::sum));
        return counts;
    }
}
