package io.enrolgate.mef.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The one JSON configuration of Mmef: strict (no duplicates, no trailing data), shallow, small. */
public final class MmefJson {
    static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(8)
                            .maxStringLength(16 * 1024)
                            .maxNumberLength(20)
                            .build())
                    .build())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    public static final String CONTENT_TYPE = "application/json";

    private MmefJson() {
    }

    /** Whether a Content-Type field value names JSON (parameters such as charset allowed). */
    public static boolean isJson(String contentType) {
        String mediaType = contentType.split(";", 2)[0].strip();
        return mediaType.equalsIgnoreCase(CONTENT_TYPE);
    }
}
