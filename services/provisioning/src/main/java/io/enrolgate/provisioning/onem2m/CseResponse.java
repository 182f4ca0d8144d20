package io.enrolgate.provisioning.onem2m;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * One response of the CSE over the HTTP binding: the oneM2M Response Status Code (X-M2M-RSC), the HTTP status,
 * and the JSON body (a resource, or {@code m2m:dbg} with the CSE's explanation).
 */
public record CseResponse(int httpStatus, int rsc, JsonNode body) {
    public boolean isSuccess() {
        return ResponseStatusCodes.isSuccess(rsc);
    }

    /** The resource of type {@code shortName} in the body (e.g. {@code m2m:ae}), or a missing node. */
    public JsonNode resource(String shortName) {
        JsonNode node = body == null ? null : body.get(shortName);
        return node == null ? MissingNode.getInstance() : node;
    }

    /** The CSE's debug text ({@code m2m:dbg}), bounded, for messages. */
    public String debugText() {
        JsonNode dbg = body == null ? null : body.get("m2m:dbg");
        String text = dbg == null ? "" : dbg.asText();
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    @Override
    public String toString() {
        return "RSC " + rsc + " (HTTP " + httpStatus + ")" + (debugText().isEmpty() ? "" : ": " + debugText());
    }
}
