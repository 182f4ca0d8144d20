package io.enrolgate.mef.protocol;

import static io.enrolgate.mef.protocol.MmefFields.EXPIRATION_TIME;
import static io.enrolgate.mef.protocol.MmefFields.KEY_VALUE;
import static io.enrolgate.mef.protocol.MmefFields.LABELS;
import static io.enrolgate.mef.protocol.MmefFields.SUID;
import static io.enrolgate.mef.protocol.MmefFields.TARGET_IDS;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enrolgate.mef.core.KeyRegistrationRequest;
import io.enrolgate.mef.core.KeyRegistrationUpdate;
import io.enrolgate.mef.core.Labels;
import io.enrolgate.mef.core.MefKeyValue;
import io.enrolgate.mef.core.OneM2mId;
import io.enrolgate.mef.core.Suid;
import io.enrolgate.mef.core.TargetIds;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * JSON bodies of the Mmef requests, both ways: the server decodes them, the client encodes them.
 * Decoding throws {@link IllegalArgumentException} naming the parameter and what was expected.
 */
public final class MmefRequests {
    private static final Set<String> REGISTRATION_MEMBERS = Set.of(SUID, TARGET_IDS, KEY_VALUE, EXPIRATION_TIME,
            LABELS);
    private static final Set<String> UPDATE_MEMBERS = Set.of(TARGET_IDS, EXPIRATION_TIME, LABELS);

    private MmefRequests() {
    }

    public static KeyRegistrationRequest decodeRegistration(byte[] body) {
        JsonObjectReader json = JsonObjectReader.parse(body, "MEF Key Registration request", REGISTRATION_MEMBERS);
        Suid suid = Suid.of(json.requiredInt(SUID));
        List<OneM2mId> targets = oneM2mIds(json.requiredStringList(TARGET_IDS, TargetIds.MAX_COUNT));
        MefKeyValue keyValue = keyValue(json.requiredString(KEY_VALUE));
        return new KeyRegistrationRequest(suid, targets, keyValue,
                json.optionalString(EXPIRATION_TIME).map(t -> OneM2mTime.parse(t, EXPIRATION_TIME)),
                json.optionalStringList(LABELS, Labels.MAX_COUNT).orElse(List.of()));
    }

    public static KeyRegistrationUpdate decodeUpdate(byte[] body) {
        JsonObjectReader json = JsonObjectReader.parse(body, "MEF Key Registration Update request",
                UPDATE_MEMBERS);
        return new KeyRegistrationUpdate(
                json.optionalStringList(TARGET_IDS, TargetIds.MAX_COUNT).map(MmefRequests::oneM2mIds),
                json.optionalString(EXPIRATION_TIME).map(t -> OneM2mTime.parse(t, EXPIRATION_TIME)),
                json.optionalStringList(LABELS, Labels.MAX_COUNT));
    }

    public static byte[] encodeRegistration(KeyRegistrationRequest request) {
        ObjectNode json = MmefJson.MAPPER.createObjectNode();
        json.put(SUID, request.suid().value());
        putIds(json, request.targetIds());
        byte[] key = request.keyValue().toBytes();
        try {
            json.put(KEY_VALUE, Base64.getEncoder().encodeToString(key));
        } finally {
            Arrays.fill(key, (byte) 0);
        }
        request.expirationTime().ifPresent(t -> json.put(EXPIRATION_TIME, OneM2mTime.format(t)));
        putStrings(json, LABELS, request.labels());
        return write(json);
    }

    public static byte[] encodeUpdate(KeyRegistrationUpdate update) {
        ObjectNode json = MmefJson.MAPPER.createObjectNode();
        update.targetIds().ifPresent(ids -> putIds(json, ids));
        update.expirationTime().ifPresent(t -> json.put(EXPIRATION_TIME, OneM2mTime.format(t)));
        update.labels().ifPresent(labels -> putStrings(json, LABELS, labels));
        return write(json);
    }

    static List<OneM2mId> oneM2mIds(List<String> values) {
        return values.stream().map(OneM2mId::new).toList();
    }

    /** Decodes a base64 Key Value; the messages give lengths and never the text. */
    static MefKeyValue keyValue(String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(KEY_VALUE + " is not base64 (RFC 4648 section 4, with padding):"
                    + " expected the " + MefKeyValue.LENGTH + "-byte Key Value encoded in base64");
        }
        try {
            return MefKeyValue.of(bytes);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(KEY_VALUE + ": " + e.getMessage());
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    static void putIds(ObjectNode json, List<OneM2mId> ids) {
        putStrings(json, TARGET_IDS, ids.stream().map(OneM2mId::value).toList());
    }

    static void putStrings(ObjectNode json, String name, List<String> values) {
        ArrayNode array = json.putArray(name);
        values.forEach(array::add);
    }

    static byte[] write(ObjectNode json) {
        try {
            return MmefJson.MAPPER.writeValueAsBytes(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be serialised", e);
        }
    }
}
