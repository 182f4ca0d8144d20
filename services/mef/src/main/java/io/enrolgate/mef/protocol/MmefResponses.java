package io.enrolgate.mef.protocol;

import static io.enrolgate.mef.protocol.MmefFields.ERROR;
import static io.enrolgate.mef.protocol.MmefFields.EXPIRATION_TIME;
import static io.enrolgate.mef.protocol.MmefFields.KEY_ID;
import static io.enrolgate.mef.protocol.MmefFields.KEY_VALUE;
import static io.enrolgate.mef.protocol.MmefFields.LABELS;
import static io.enrolgate.mef.protocol.MmefFields.MESSAGE;
import static io.enrolgate.mef.protocol.MmefFields.RELATIVE_KEY_ID;
import static io.enrolgate.mef.protocol.MmefFields.SOURCE_MEF_CLIENT_ID;
import static io.enrolgate.mef.protocol.MmefFields.SUID;
import static io.enrolgate.mef.protocol.MmefFields.TARGET_IDS;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enrolgate.mef.core.KeyIdentifier;
import io.enrolgate.mef.core.KeyRegistration;
import io.enrolgate.mef.core.Labels;
import io.enrolgate.mef.core.OneM2mId;
import io.enrolgate.mef.core.Outcome;
import io.enrolgate.mef.core.Printable;
import io.enrolgate.mef.core.RelativeKeyId;
import io.enrolgate.mef.core.Suid;
import io.enrolgate.mef.core.TargetIds;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * JSON bodies of the Mmef responses, both ways: the server encodes them, the client decodes them.
 * Decoding throws {@link IllegalArgumentException} when the MEF's answer is not what Mmef defines.
 */
public final class MmefResponses {
    private static final Set<String> RECEIPT_MEMBERS = Set.of(RELATIVE_KEY_ID, KEY_ID, EXPIRATION_TIME,
            SOURCE_MEF_CLIENT_ID, TARGET_IDS, LABELS);
    private static final Set<String> RETRIEVAL_MEMBERS = Set.of(RELATIVE_KEY_ID, KEY_ID, KEY_VALUE, SUID,
            EXPIRATION_TIME, SOURCE_MEF_CLIENT_ID);
    private static final Set<String> ERROR_MEMBERS = Set.of(ERROR, MESSAGE);

    private MmefResponses() {
    }

    /** Registration and Update responses: everything but the Key Value. */
    public static byte[] encodeReceipt(KeyRegistration registration, String mefFqdn) {
        ObjectNode json = identify(registration, mefFqdn);
        json.put(EXPIRATION_TIME, OneM2mTime.format(registration.expirationTime()));
        json.put(SOURCE_MEF_CLIENT_ID, registration.sourceClientId().value());
        MmefRequests.putIds(json, registration.targetIds());
        MmefRequests.putStrings(json, LABELS, registration.labels());
        return MmefRequests.write(json);
    }

    /** Retrieval response: the Key Value with SUID, expirationTime and Source MEF Client ID. */
    public static byte[] encodeRetrieval(KeyRegistration registration, String mefFqdn) {
        ObjectNode json = identify(registration, mefFqdn);
        byte[] key = registration.keyValue().toBytes();
        try {
            json.put(KEY_VALUE, Base64.getEncoder().encodeToString(key));
        } finally {
            Arrays.fill(key, (byte) 0);
        }
        json.put(SUID, registration.suid().value());
        json.put(EXPIRATION_TIME, OneM2mTime.format(registration.expirationTime()));
        json.put(SOURCE_MEF_CLIENT_ID, registration.sourceClientId().value());
        return MmefRequests.write(json);
    }

    public static byte[] encodeError(Outcome outcome, String message) {
        ObjectNode json = MmefJson.MAPPER.createObjectNode();
        json.put(ERROR, outcome.label());
        json.put(MESSAGE, message);
        return MmefRequests.write(json);
    }

    public static KeyRegistrationReceipt decodeReceipt(byte[] body) {
        JsonObjectReader json = JsonObjectReader.parse(body, "MEF Key Registration response", RECEIPT_MEMBERS);
        KeyIdentifier keyId = keyId(json);
        return new KeyRegistrationReceipt(keyId,
                OneM2mTime.parse(json.requiredString(EXPIRATION_TIME), EXPIRATION_TIME),
                new OneM2mId(json.requiredString(SOURCE_MEF_CLIENT_ID)),
                MmefRequests.oneM2mIds(json.requiredStringList(TARGET_IDS, TargetIds.MAX_COUNT)),
                json.optionalStringList(LABELS, Labels.MAX_COUNT).orElse(List.of()));
    }

    public static RetrievedKey decodeRetrieval(byte[] body) {
        JsonObjectReader json = JsonObjectReader.parse(body, "MEF Key Retrieval response", RETRIEVAL_MEMBERS);
        return new RetrievedKey(keyId(json), MmefRequests.keyValue(json.requiredString(KEY_VALUE)),
                Suid.of(json.requiredInt(SUID)),
                OneM2mTime.parse(json.requiredString(EXPIRATION_TIME), EXPIRATION_TIME),
                new OneM2mId(json.requiredString(SOURCE_MEF_CLIENT_ID)));
    }

    /** The outcome and message of an error response; an unknown or unreadable one becomes ERROR. */
    public static ErrorBody decodeError(byte[] body) {
        try {
            JsonObjectReader json = JsonObjectReader.parse(body, "error response", ERROR_MEMBERS);
            String label = json.requiredString(ERROR);
            Outcome outcome = Arrays.stream(Outcome.values()).filter(o -> o.label().equals(label)).findFirst()
                    .orElse(Outcome.ERROR);
            return new ErrorBody(outcome, Printable.of(json.optionalString(MESSAGE).orElse(label), 500));
        } catch (IllegalArgumentException e) {
            return new ErrorBody(Outcome.ERROR, "unreadable error response (" + e.getMessage() + ")");
        }
    }

    /** An error response's content. */
    public record ErrorBody(Outcome outcome, String message) {
        @Override
        public String toString() {
            return outcome.name().toLowerCase(Locale.ROOT) + ": " + message;
        }
    }

    private static ObjectNode identify(KeyRegistration registration, String mefFqdn) {
        ObjectNode json = MmefJson.MAPPER.createObjectNode();
        json.put(RELATIVE_KEY_ID, registration.relativeKeyId().value());
        json.put(KEY_ID, new KeyIdentifier(registration.relativeKeyId(), mefFqdn).toString());
        return json;
    }

    private static KeyIdentifier keyId(JsonObjectReader json) {
        KeyIdentifier keyId = KeyIdentifier.parse(json.requiredString(KEY_ID));
        RelativeKeyId relative = new RelativeKeyId(json.requiredString(RELATIVE_KEY_ID));
        if (!keyId.relativeKeyId().equals(relative)) {
            throw new IllegalArgumentException(KEY_ID + " " + keyId + " does not carry " + RELATIVE_KEY_ID + " "
                    + relative);
        }
        return keyId;
    }
}
