package dev.provisioning.user;

import dev.provisioning.persistence.Timestamps;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provisioning.rules.Versions;
import dev.provisioning.scim.schema.ScimSchemas;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * The User resource as a client sees it: the stored document with {@code schemas}, {@code id},
 * the read-only {@code groups}, {@code manager} as an object with {@code $ref} and
 * {@code displayName}, and {@code meta}.
 */
public final class UserRenderer {

    private UserRenderer() {
    }

    public static ObjectNode render(UserRow row, List<UserRepository.TeamRef> groups, Map<String, String> managerNames,
            String baseUrl) {
        ObjectNode resource = JsonNodeFactory.instance.objectNode();
        ArrayNode schemas = resource.putArray("schemas").add(ScimSchemas.USER_URN);
        resource.put("id", row.id().toString());
        ObjectNode doc = row.scim();
        if (doc.has("externalId")) {
            resource.set("externalId", doc.get("externalId"));
        }
        doc.fields().forEachRemaining(field -> {
            if (!field.getKey().equals("externalId") && !field.getKey().equals(ScimSchemas.ENTERPRISE_USER_URN)) {
                resource.set(field.getKey(), field.getValue().deepCopy());
            }
        });
        if (!groups.isEmpty()) {
            ArrayNode list = resource.putArray("groups");
            for (UserRepository.TeamRef team : groups) {
                ObjectNode group = list.addObject();
                group.put("value", team.id().toString());
                group.put("$ref", baseUrl + "/Groups/" + team.id());
                group.put("display", team.name());
                group.put("type", "direct");
            }
        }
        JsonNode enterprise = doc.get(ScimSchemas.ENTERPRISE_USER_URN);
        if (enterprise instanceof ObjectNode extension && !extension.isEmpty()) {
            schemas.add(ScimSchemas.ENTERPRISE_USER_URN);
            ObjectNode rendered = extension.deepCopy();
            JsonNode manager = rendered.get("manager");
            if (manager instanceof ObjectNode managerObject && managerObject.path("value").isTextual()) {
                String managerId = managerObject.get("value").asText();
                managerObject.put("$ref", baseUrl + "/Users/" + managerId);
                String name = managerNames.get(managerId);
                if (name != null) {
                    managerObject.put("displayName", name);
                }
            }
            resource.set(ScimSchemas.ENTERPRISE_USER_URN, rendered);
        }
        ObjectNode meta = resource.putObject("meta");
        meta.put("resourceType", "User");
        meta.put("created", timestamp(row.createdAt()));
        meta.put("lastModified", timestamp(row.lastModified()));
        meta.put("location", baseUrl + "/Users/" + row.id());
        meta.put("version", Versions.etag(row.version()));
        return resource;
    }

    /** The manager id of a stored document, if any. */
    public static String managerId(ObjectNode doc) {
        JsonNode value = doc.path(ScimSchemas.ENTERPRISE_USER_URN).path("manager").path("value");
        return value.isTextual() ? value.asText() : null;
    }

    static String timestamp(java.time.OffsetDateTime time) {
        return DateTimeFormatter.ISO_INSTANT.format(time.toInstant().truncatedTo(ChronoUnit.MILLIS));
    }
}
