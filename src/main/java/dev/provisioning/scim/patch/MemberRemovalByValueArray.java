package dev.provisioning.scim.patch;

import dev.provisioning.scim.schema.AttributeValues;
import com.fasterxml.jackson.databind.JsonNode;
import dev.provisioning.scim.schema.AttributeDefinition;
import java.util.ArrayList;
import java.util.List;

/**
 * Entra quirk (entra-scim §1.8, P2): without {@code aadOptscim062020} Entra removes members with
 * {@code {"op":"Remove","path":"members","value":[{"value":"id"}, ...]}}. Only the listed ids are
 * removed: reading it as "remove all members" wipes the group, rejecting it fails provisioning.
 */
final class MemberRemovalByValueArray {
    private MemberRemovalByValueArray() {
    }

    /** The member ids of a members value (array, single object); empty when unassigned. */
    static List<String> ids(AttributeDefinition members, JsonNode value) {
        JsonNode coerced = AttributeValues.attribute(members, value, "members");
        java.util.Set<String> ids = new java.util.LinkedHashSet<>();
        if (coerced != null) {
            for (JsonNode member : coerced) {
                ids.add(member.get("value").textValue());
            }
        }
        return new ArrayList<>(ids);
    }
}
