package dev.provisioning.scim.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.types.ResourceTypeResource;
import com.unboundid.scim2.common.types.SchemaResource;
import com.unboundid.scim2.common.types.ServiceProviderConfigResource;
import com.unboundid.scim2.common.utils.SchemaUtils;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The discovery documents describe themselves (RFC 7643 §8.7.2, product.md §11): every document we
 * serve at {@code /ServiceProviderConfig}, {@code /ResourceTypes} and {@code /Schemas} conforms to
 * the schema {@code /Schemas} lists for it, and those schemas have the shape an independent
 * implementation (UnboundID, which derives them from its model classes) gives them.
 */
class DiscoverySchemasTest {
    private static final String BASE = "https://scim.example.com/scim/v2";
    private static final SchemaDocuments.BulkLimits BULK = new SchemaDocuments.BulkLimits(1000, 1_048_576);

    static Stream<Arguments> servedDocuments() {
        List<Arguments> documents = new ArrayList<>();
        documents.add(Arguments.of("ServiceProviderConfig, all features",
                SchemaDocuments.serviceProviderConfig(BASE, 200, true, true, BULK), DiscoverySchemas.SERVICE_PROVIDER_CONFIG));
        documents.add(Arguments.of("ServiceProviderConfig, no bulk or cursor",
                SchemaDocuments.serviceProviderConfig(BASE, 50, false, false, SchemaDocuments.BulkLimits.NONE),
                DiscoverySchemas.SERVICE_PROVIDER_CONFIG));
        SchemaDocuments.resourceTypesList(BASE).get("Resources").forEach(type ->
                documents.add(Arguments.of("ResourceType " + type.get("id").asText(), type, DiscoverySchemas.RESOURCE_TYPE)));
        SchemaDocuments.schemasList(BASE).get("Resources").forEach(schema ->
                documents.add(Arguments.of("Schema " + schema.get("id").asText(), schema, DiscoverySchemas.SCHEMA)));
        return documents.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servedDocuments")
    void everyServedDocumentConformsToTheSchemaListedForIt(String name, ObjectNode document, SchemaDefinition schema) {
        assertThat(document.get("schemas").get(0).asText()).isEqualTo(schema.id());
        List<String> problems = new ArrayList<>();
        conform(document, schema.attributes(), "", problems, true);
        assertThat(problems).as(name).isEmpty();
    }

    @Test
    void schemasListsEachDiscoverySchemaAndServesItById() {
        for (SchemaDefinition schema : List.of(DiscoverySchemas.SERVICE_PROVIDER_CONFIG, DiscoverySchemas.RESOURCE_TYPE,
                DiscoverySchemas.SCHEMA)) {
            ObjectNode served = SchemaDocuments.schemaById(schema.id(), BASE).orElseThrow();
            assertThat(served.get("meta").get("location").asText()).isEqualTo(BASE + "/Schemas/" + schema.id());
            assertThat(served.get("attributes")).isNotEmpty();
        }
    }

    @Test
    void everyDiscoveryAttributeIsReadOnly() {
        List<String> writable = new ArrayList<>();
        for (SchemaDefinition schema : List.of(DiscoverySchemas.SERVICE_PROVIDER_CONFIG, DiscoverySchemas.RESOURCE_TYPE,
                DiscoverySchemas.SCHEMA)) {
            walk(schema.attributes(), schema.name() + ":", (path, attribute) -> {
                if (attribute.mutability() != Mutability.READ_ONLY) {
                    writable.add(path);
                }
            });
        }
        assertThat(writable).isEmpty();
    }

    // ------------------------------------------------------------------ differential: UnboundID

    /**
     * Where our discovery schemas differ from UnboundID's on purpose. UnboundID reflects its Java
     * classes: enum-valued characteristics come out as "complex" without sub-attributes (we follow
     * §8.7.2: strings with canonical values), and it leaves out {@code id}, which it treats as a
     * common attribute although §8.7.2 lists it for ResourceType and Schema.
     */
    static final Map<String, String> OURS_ONLY = Map.of(
            "ResourceType:id", "RFC 7643 §8.7.2 lists id in the ResourceType schema",
            "Schema:id", "RFC 7643 §8.7.2 lists id in the Schema schema",
            "ServiceProviderConfig:pagination.cursor", "RFC 9865 §4 defines the cursor flag; UnboundID 5.1.0 lacks it",
            "ServiceProviderConfig:pagination.index", "RFC 9865 §4 defines the index flag; UnboundID 5.1.0 lacks it",
            "Schema:attributes.subAttributes.subAttributes",
            "the Schema schema describes itself, and its own sub-attributes nest one level deeper than §8.7.2 shows");
    static final Map<String, String> OTHER_TYPE = Map.of(
            "ServiceProviderConfig:documentationUri", "RFC 7643 §5 and §8.7.2 make it a reference; UnboundID a string");

    static Stream<Arguments> unboundIdSchemas() {
        return Stream.of(
                Arguments.of("ServiceProviderConfig", DiscoverySchemas.SERVICE_PROVIDER_CONFIG, ServiceProviderConfigResource.class),
                Arguments.of("ResourceType", DiscoverySchemas.RESOURCE_TYPE, ResourceTypeResource.class),
                Arguments.of("Schema", DiscoverySchemas.SCHEMA, SchemaResource.class));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unboundIdSchemas")
    void sameShapeAsUnboundIdsSchema(String name, SchemaDefinition ours, Class<?> model) throws Exception {
        SchemaResource theirs = SchemaUtils.getSchema(model);
        assertThat(ours.id()).isEqualTo(theirs.getId());
        Map<String, String> ourShape = new TreeMap<>();
        walk(ours.attributes(), name + ":", (path, attribute) -> ourShape.put(key(path),
                (attribute.multiValued() ? "multi " : "single ") + attribute.type().wire()));
        Map<String, String> theirShape = new TreeMap<>();
        walkTheirs(theirs.getAttributes(), name + ":", theirShape);

        for (Map.Entry<String, String> entry : ourShape.entrySet()) {
            String path = entry.getKey();
            String reason = find(OURS_ONLY, path);
            if (reason != null) {
                assertThat(theirShape).as("UnboundID really lacks %s: %s", path, reason).doesNotContainKey(path);
                continue;
            }
            assertThat(theirShape).as("UnboundID has %s", path).containsKey(path);
            String theirs1 = theirShape.get(path);
            if (theirs1.endsWith("enum")) {
                assertThat(entry.getValue()).as(path).isEqualTo(theirs1.replace("enum", "string"));
            } else if (find(OTHER_TYPE, path) != null) {
                assertThat(entry.getValue()).as(path).isNotEqualTo(theirs1);
            } else {
                assertThat(entry.getValue()).as(path).isEqualTo(theirs1);
            }
        }
        assertThat(ourShape.keySet()).as("UnboundID has nothing we lack").containsAll(theirShape.keySet());
    }

    private static String find(Map<String, String> differences, String path) {
        for (Map.Entry<String, String> difference : differences.entrySet()) {
            if (key(difference.getKey()).equals(path)) {
                return difference.getValue();
            }
        }
        return null;
    }

    private static String key(String path) {
        return path.toLowerCase(Locale.ROOT);
    }

    private static void walkTheirs(Collection<com.unboundid.scim2.common.types.AttributeDefinition> attributes, String prefix,
            Map<String, String> shape) {
        if (attributes == null) {
            return;
        }
        for (com.unboundid.scim2.common.types.AttributeDefinition attribute : attributes) {
            String path = prefix + attribute.getName();
            String type = attribute.getType().getName();
            boolean subs = attribute.getSubAttributes() != null && !attribute.getSubAttributes().isEmpty();
            // a Java enum reflected as a complex attribute without sub-attributes
            shape.put(key(path), (attribute.isMultiValued() ? "multi " : "single ")
                    + (type.equals("complex") && !subs ? "enum" : type));
            walkTheirs(attribute.getSubAttributes(), path + ".", shape);
        }
    }

    // ------------------------------------------------------------------ helpers

    private static void walk(List<AttributeDefinition> attributes, String prefix,
            java.util.function.BiConsumer<String, AttributeDefinition> visitor) {
        for (AttributeDefinition attribute : attributes) {
            visitor.accept(prefix + attribute.name(), attribute);
            walk(attribute.subAttributes(), prefix + attribute.name() + ".", visitor);
        }
    }

    /**
     * Checks a JSON object against attribute definitions: no undeclared key, required ones present,
     * multi-valued ones arrays, JSON types matching, canonical values respected. At the top level
     * {@code schemas} and {@code meta} are common (RFC 7643 §3.1) and skipped.
     */
    private static void conform(JsonNode object, List<AttributeDefinition> attributes, String path, List<String> problems,
            boolean topLevel) {
        object.fieldNames().forEachRemaining(key -> {
            if (topLevel && (key.equals("schemas") || key.equals("meta"))) {
                return;
            }
            AttributeDefinition attribute = attributes.stream().filter(a -> a.name().equals(key)).findFirst().orElse(null);
            if (attribute == null) {
                problems.add(path + key + ": not declared");
                return;
            }
            JsonNode value = object.get(key);
            if (attribute.multiValued()) {
                if (!value.isArray()) {
                    problems.add(path + key + ": declared multi-valued, served " + value.getNodeType());
                    return;
                }
                value.forEach(element -> single(element, attribute, path + key + "[]", problems));
            } else {
                single(value, attribute, path + key, problems);
            }
        });
        for (AttributeDefinition attribute : attributes) {
            if (attribute.required() && !object.has(attribute.name())) {
                problems.add(path + attribute.name() + ": required but absent");
            }
        }
    }

    private static void single(JsonNode value, AttributeDefinition attribute, String path, List<String> problems) {
        boolean ok = switch (attribute.type()) {
            case COMPLEX -> value.isObject();
            case BOOLEAN -> value.isBoolean();
            case INTEGER -> value.isIntegralNumber();
            case DECIMAL -> value.isNumber();
            default -> value.isTextual();
        };
        if (!ok) {
            problems.add(path + ": declared " + attribute.type().wire() + ", served " + value.getNodeType());
            return;
        }
        if (attribute.type() == AttributeType.COMPLEX) {
            if (!attribute.subAttributes().isEmpty()) { // a complex attribute declared without sub-attributes is open
                conform(value, attribute.subAttributes(), path + ".", problems, false);
            }
        } else if (!attribute.canonicalValues().isEmpty() && !attribute.canonicalValues().contains(value.asText())) {
            problems.add(path + ": '" + value.asText() + "' is not among " + attribute.canonicalValues());
        }
    }
}
