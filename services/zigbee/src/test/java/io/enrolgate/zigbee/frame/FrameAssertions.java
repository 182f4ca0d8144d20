package io.enrolgate.zigbee.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Assertions on the one exception decoders may throw. */
final class FrameAssertions {
    private FrameAssertions() {
    }

    /** Asserts that {@code decoding} throws a FrameFormatException with this reason, field and offset. */
    static FrameFormatException assertRejected(ThrowingCallable decoding, FrameFormatException.Reason reason,
            String field, int offset) {
        Throwable thrown = catchThrowable(decoding);
        assertThat(thrown).isInstanceOf(FrameFormatException.class);
        FrameFormatException exception = (FrameFormatException) thrown;
        assertThat(exception.reason()).as("reason of: %s", exception.getMessage()).isEqualTo(reason);
        assertThat(exception.field()).as("field of: %s", exception.getMessage()).isEqualTo(field);
        assertThat(exception.offset()).as("offset of: %s", exception.getMessage()).isEqualTo(offset);
        return exception;
    }
}
