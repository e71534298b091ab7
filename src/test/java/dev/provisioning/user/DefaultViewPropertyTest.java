package dev.provisioning.user;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provisioning.scim.message.ScimException;
import dev.provisioning.scim.patch.PatchEngine;
import dev.provisioning.scim.patch.PatchRequestParser;
import dev.provisioning.scim.schema.Projection;
import dev.provisioning.scim.schema.ResourceNormalizer;
import dev.provisioning.scim.schema.ScimSchemas;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link UserQueries} returns the rendered user as it is when no {@code attributes}/{@code excludedAttributes}
 * are given, without running {@link Projection#apply}: that is right only if the default projection changes
 * nothing in any document the service can store. Stored documents come from {@link ResourceNormalizer} (POST,
 * PUT) and {@link PatchEngine} (PATCH); both are fed here with bodies full of what the projection would drop
 * (password, empty objects and arrays, empty elements, unknown attributes and sub-attributes, read-only ones).
 */
class DefaultViewPropertyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String ENT = ScimSchemas.ENTERPRISE_USER_URN;
    private static final Projection DEFAULT = Projection.parse(null, null, ScimSchemas.USER_TYPE);

    @Provide
    Arbitrary<JsonNode> values() {
        return Arbitraries.oneOf(
                Arbitraries.strings().alpha().ofMaxLength(6).map(NODES::textNode),
                Arbitraries.of(true, false).map(NODES::booleanNode),
                Arbitraries.of("True", "false", "").map(NODES::textNode),
                Arbitraries.just(NODES.nullNode()),
                Arbitraries.just(NODES.objectNode()),
                Arbitraries.just(NODES.arrayNode()),
                Arbitraries.just(NODES.arrayNode().add(NODES.objectNode())),
                Arbitraries.just(NODES.arrayNode().add(NODES.objectNode().put("value", "v").put("bogus", "b"))),
                Arbitraries.just(NODES.arrayNode().add(NODES.objectNode().put("type", "work"))),
                Arbitraries.just(NODES.objectNode().put("givenName", "G").put("bogus", "b")),
                Arbitraries.just(NODES.objectNode().put("value", "m1")),
                Arbitraries.just(NODES.objectNode().putNull("value")));
    }

    @Provide
    Arbitrary<String> attributes() {
        return Arbitraries.of("userName", "displayName", "title", "nickName", "active", "password", "name", "emails",
                "phoneNumbers", "addresses", "roles", "entitlements", "x509Certificates", "ims", "photos", "externalId",
                "id", "meta", "groups", "schemas", "bogus", "preferredLanguage", "locale", "timezone", "userType",
                "profileUrl", ENT, "name.givenName", "emails[type eq \"work\"].value", "emails[type eq \"work\"]",
                ENT + ":manager", ENT + ":department", "manager");
    }

    @Provide
    Arbitrary<ObjectNode> bodies() {
        return Combinators.combine(attributes().list().ofMaxSize(8), values().list().ofSize(8))
                .as((names, values) -> {
                    ObjectNode body = NODES.objectNode().put("userName", "u@contoso.com");
                    for (int i = 0; i < names.size(); i++) {
                        String name = names.get(i);
                        if (name.contains(".") || name.contains("[")) {
                            continue;
                        }
                        body.set(name, name.equals(ENT) ? NODES.objectNode().set("manager", values.get(i)) : values.get(i));
                    }
                    return body;
                });
    }

    @Provide
    Arbitrary<ObjectNode> operations() {
        return Combinators.combine(Arbitraries.of("add", "replace", "remove"), attributes(), values())
                .as((op, path, value) -> {
                    ObjectNode operation = NODES.objectNode().put("op", op).put("path", path);
                    if (!op.equals("remove")) {
                        operation.set("value", value);
                    }
                    return operation;
                });
    }

    @Property(tries = 1000)
    void aPostedOrPutDocumentRendersAsTheDefaultProjectionWould(@ForAll("bodies") ObjectNode body) {
        ObjectNode stored;
        try {
            stored = ResourceNormalizer.normalize(body, ScimSchemas.USER_TYPE);
        } catch (ScimException refused) {
            return;
        }
        assertRendersUnprojected(stored);
    }

    @Property(tries = 1000)
    void aPatchedDocumentRendersAsTheDefaultProjectionWould(@ForAll("bodies") ObjectNode body,
            @ForAll("operations") ObjectNode first, @ForAll("operations") ObjectNode second) {
        ObjectNode stored;
        try {
            stored = ResourceNormalizer.normalize(body, ScimSchemas.USER_TYPE);
            ObjectNode patch = NODES.objectNode();
            patch.putArray("schemas").add("urn:ietf:params:scim:api:messages:2.0:PatchOp");
            ArrayNode operations = patch.putArray("Operations");
            operations.add(first);
            operations.add(second);
            stored = PatchEngine.apply(stored, PatchRequestParser.parse(patch), ScimSchemas.USER_TYPE).resource();
        } catch (ScimException refused) {
            return;
        }
        assertRendersUnprojected(stored);
    }

    private static void assertRendersUnprojected(ObjectNode stored) {
        UUID id = UUID.fromString("7d4f5a9e-1b2c-4d3e-8f60-123456789abc");
        OffsetDateTime at = OffsetDateTime.of(2026, 11, 29, 12, 0, 0, 0, ZoneOffset.UTC);
        UserRow row = new UserRow(id, UUID.randomUUID(), "u@contoso.com", "U", "member", true, UUID.randomUUID(), false,
                stored, "u@contoso.com", null, at, at, 3, false, List.of());
        List<UserRepository.TeamRef> groups = List.of(new UserRepository.TeamRef(UUID.randomUUID(), "Team"));
        ObjectNode rendered = UserRenderer.render(row, groups, Map.of("m1", "Boss"), "https://scim.example/scim/v2");
        assertThat(DEFAULT.apply(rendered, ScimSchemas.USER_TYPE)).as("stored %s", stored).isEqualTo(rendered);
        assertThat(UserQueries.view(rendered, DEFAULT)).isSameAs(rendered);
    }
}
