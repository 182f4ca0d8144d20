package io.enrolgate.mef.protocol;

import io.enrolgate.mef.core.RelativeKeyId;
import java.util.Optional;

/**
 * The only place that knows the Mmef resource paths. TS-0032's resource names are not public here, so
 * these are Enrolgate's own; change them here and the server and the client follow.
 * <pre>
 *   POST   /mmef/v1/keys                  MEF Key Registration
 *   GET    /mmef/v1/keys/{RelativeKeyID}  MEF Key Retrieval
 *   PUT    /mmef/v1/keys/{RelativeKeyID}  MEF Key Registration Update
 *   DELETE /mmef/v1/keys/{RelativeKeyID}  MEF Key De-Registration
 * </pre>
 */
public final class MmefPaths {
    public static final String KEYS = "/mmef/v1/keys";
    private static final String KEY_PREFIX = KEYS + "/";

    private MmefPaths() {
    }

    public static String key(RelativeKeyId relativeKeyId) {
        return KEY_PREFIX + relativeKeyId.value();
    }

    /** The raw (unvalidated) RelativeKeyID segment of a key path; empty when {@code path} is not one. */
    public static Optional<String> keySegment(String path) {
        if (!path.startsWith(KEY_PREFIX)) {
            return Optional.empty();
        }
        String segment = path.substring(KEY_PREFIX.length());
        return segment.isEmpty() || segment.contains("/") ? Optional.empty() : Optional.of(segment);
    }
}
