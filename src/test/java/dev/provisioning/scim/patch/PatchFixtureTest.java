package dev.provisioning.scim.patch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provisioning.scim.message.ScimException;
import dev.provisioning.scim.schema.ResourceTypeDefinition;
import dev.provisioning.scim.schema.ScimSchemas;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays the PATCH bodies of {@code src/test/resources/patch-fixtures/*.json}: the Entra bodies of
 * entra-scim §1.6–§1.12 and §4.7 in both dialects, RFC 7644 §3.5.2 semantics and every error class.
 * Each case: {@code name, type, before, operations} (the whole PatchOp body), optionally {@code ownId}
 * (the id of the patched resource, for values that carry it), and either {@code after} (+ optional
 * {@code changed}, {@code memberChanges}) or {@code error}.
 */
public class PatchFixtureTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> FILES = List.of(
            "entra-1.6-multivalued.json", "entra-1.7-single-valued.json", "entra-1.8-dialects.json",
            "entra-1.11-manager.json", "entra-1.12-groups.json", "entra-roles.json", "validators-4.7.json",
            "rfc-6.2-semantics.json", "errors.json", "generic-clients.json");

    public static List<JsonNode> cases() throws IOException {
        List<JsonNode> cases = new ArrayList<>();
        for (String file : FILES) {
            try (InputStream in = PatchFixtureTest.class.getResourceAsStream("/patch-fixtures/" + file)) {
                assertThat(in).as(file).isNotNull();
                JSON.readTree(in).forEach(cases::add);
            }
        }
        return cases;
    }

    static Stream<Arguments> fixtures() throws IOException {
        return cases().stream().map(c -> Arguments.of(c.get("name").asText(), c));
    }

    @Test
    void atLeastOneHundredFixtures() throws IOException {
        assertThat(cases()).hasSizeGreaterThanOrEqualTo(100);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void replays(String name, JsonNode fixture) {
        ResourceTypeDefinition type = fixture.get("type").asText().equals("Group") ? ScimSchemas.GROUP_TYPE : ScimSchemas.USER_TYPE;
        ObjectNode before = (ObjectNode) fixture.get("before");
        ObjectNode untouched = before.deepCopy();
        String ownId = fixture.hasNonNull("ownId") ? fixture.get("ownId").asText() : null;
        if (fixture.has("error")) {
            ScimException error = catchThrowableOfType(ScimException.class,
                    () -> PatchEngine.apply(before, PatchRequestParser.parse(fixture.get("operations"), ownId), type));
            assertThat(error).as("expected an error").isNotNull();
            assertThat(error.status()).isEqualTo(fixture.at("/error/status").asInt());
            assertThat(error.scimType().wire()).as(error.detail()).isEqualTo(fixture.at("/error/scimType").asText());
            assertThat(error.detail()).isNotBlank();
        } else {
            PatchResult result = PatchEngine.apply(before, PatchRequestParser.parse(fixture.get("operations"), ownId), type);
            assertThat(result.resource()).isEqualTo(fixture.get("after"));
            assertThat(result.changed()).isEqualTo(!fixture.get("after").equals(before));
            if (fixture.has("changed")) {
                assertThat(result.changed()).isEqualTo(fixture.get("changed").asBoolean());
            }
            List<MemberChange> expected = new ArrayList<>();
            fixture.path("memberChanges").forEach(change -> expected.add(memberChange(change)));
            assertThat(result.memberChanges()).isEqualTo(expected);
        }
        assertThat(before).as("input must stay untouched").isEqualTo(untouched);
    }

    static MemberChange memberChange(JsonNode change) {
        if (change.has("add")) {
            return new MemberChange.Add(ids(change.get("add")));
        }
        if (change.has("remove")) {
            return new MemberChange.Remove(ids(change.get("remove")));
        }
        if (change.has("replaceAll")) {
            return new MemberChange.ReplaceAll(ids(change.get("replaceAll")));
        }
        return new MemberChange.RemoveAll();
    }

    private static List<String> ids(JsonNode array) {
        List<String> ids = new ArrayList<>();
        array.forEach(id -> ids.add(id.asText()));
        return ids;
    }
}
