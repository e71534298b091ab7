package dev.provisioning.team;

import dev.provisioning.persistence.Timestamps;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provisioning.rules.Versions;
import dev.provisioning.scim.schema.ScimSchemas;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The Group resource as a client sees it: {@code displayName} is the team's name, {@code members}
 * the team's members as {@code {value, $ref, display, type: "User"}}. Unassigned attributes and an
 * empty member list are omitted (entra-scim §5), never rendered as {@code null} or {@code []}.
 */
public final class GroupRenderer {

    private GroupRenderer() {
    }

    /** {@code members} null: they were not read (projected away), and the key is absent. */
    public static ObjectNode render(GroupRow row, List<GroupMember> members, String baseUrl) {
        return render(row, members, baseUrl, false);
    }

    /**
     * The resource to be written as it is (the default projection): {@code members} is a {@link MemberList}
     * that writes each member while the response is serialised instead of a tree of them, so that a group of
     * 100 000 members costs a few megabytes of heap, not a hundred (the native executable runs in 128 MB).
     * Nothing may read or change the members of what this returns; {@link #render} gives a full tree.
     */
    public static ObjectNode renderForWriting(GroupRow row, List<GroupMember> members, String baseUrl) {
        return render(row, members, baseUrl, true);
    }

    private static ObjectNode render(GroupRow row, List<GroupMember> members, String baseUrl, boolean streamed) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode resource = json.objectNode();
        resource.putArray("schemas").add(ScimSchemas.GROUP_URN);
        resource.put("id", row.id().toString());
        if (row.externalId() != null) {
            resource.put("externalId", row.externalId());
        }
        resource.put("displayName", row.displayName());
        if (members != null && !members.isEmpty() && streamed) {
            resource.putPOJO("members", new MemberList(members, baseUrl + "/Users/"));
        } else if (members != null && !members.isEmpty()) {
            ArrayNode list = resource.putArray("members");
            String users = baseUrl + "/Users/";
            for (GroupMember member : members) {
                String id = member.userId().toString();
                ObjectNode element = list.addObject();
                element.put("value", id);
                element.put("$ref", users + id);
                if (member.display() != null) {
                    element.put("display", member.display());
                }
                element.put("type", "User");
            }
        }
        ObjectNode meta = resource.putObject("meta");
        meta.put("resourceType", "Group");
        meta.put("created", timestamp(row.createdAt()));
        meta.put("lastModified", timestamp(row.lastModified()));
        meta.put("location", baseUrl + "/Groups/" + row.id());
        meta.put("version", Versions.etag(row.version()));
        return resource;
    }

    static String timestamp(OffsetDateTime time) {
        return DateTimeFormatter.ISO_INSTANT.format(time.toInstant().truncatedTo(ChronoUnit.MILLIS));
    }

    /** The members of {@link #renderForWriting}, written element by element exactly as {@link #render} builds them. */
    static final class MemberList implements JsonSerializable {
        private final List<GroupMember> members;
        private final String users;

        MemberList(List<GroupMember> members, String users) {
            this.members = members;
            this.users = users;
        }

        @Override
        public void serialize(JsonGenerator out, SerializerProvider serializers) throws IOException {
            out.writeStartArray(members, members.size());
            for (GroupMember member : members) {
                String id = member.userId().toString();
                out.writeStartObject();
                out.writeStringField("value", id);
                out.writeFieldName("$ref");
                out.writeString(users + id);
                if (member.display() != null) {
                    out.writeStringField("display", member.display());
                }
                out.writeStringField("type", "User");
                out.writeEndObject();
            }
            out.writeEndArray();
        }

        @Override
        public void serializeWithType(JsonGenerator out, SerializerProvider serializers, TypeSerializer typeSerializer)
                throws IOException {
            serialize(out, serializers);
        }
    }
}
