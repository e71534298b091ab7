package dev.provisioning.scim.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The {@code attributes} / {@code excludedAttributes} query parameters (RFC 7644 §3.4.2.5, §3.9;
 * entra-scim.md §6.3) parsed once against a resource type, then applied to rendered resources.
 *
 * <ul>
 *   <li>{@code attributes} given (non-blank): only the named attributes, plus the {@code returned:
 *       always} ones ({@code schemas}, {@code id}). Naming a sub-attribute ({@code name.givenName},
 *       {@code emails.value}) keeps only the named sub-attributes, in every element of a
 *       multi-valued attribute.</li>
 *   <li>otherwise {@code excludedAttributes}: the default set minus the named attributes or
 *       sub-attributes.</li>
 *   <li>both given: {@code attributes} wins and {@code excludedAttributes} is ignored [DEC].</li>
 *   <li>never removes {@code returned: always} attributes, never adds {@code returned: never} ones
 *       ({@code password}); {@code returned: request} attributes appear only when named in
 *       {@code attributes}.</li>
 * </ul>
 *
 * <p>Names are case-insensitive and may be URN-qualified
 * ({@code urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department}); the bare
 * extension URN stands for the whole extension object. <b>Leniency:</b> unknown attributes, unknown
 * sub-attributes, value filters ({@code emails[type eq "work"]}) and the bare core URN are ignored
 * rather than rejected with 400 — RFC 7644 does not require an error, and a client asking for an
 * attribute we do not have simply does not get it. So {@code attributes=unknown} returns only
 * {@code schemas} and {@code id}.
 *
 * <p>When the projection removes every attribute of an extension, its URN also leaves
 * {@code schemas} (RFC 7643 §3: {@code schemas} lists the extensions actually present).
 *
 * <p>{@link #wants(String)} lets a service skip loading what would be projected away — a group with
 * 100 000 members is never read for {@code excludedAttributes=members} (which Entra sends on every
 * group read, entra-scim.md §1.13).
 */
public final class Projection {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final ResourceTypeDefinition type;
    private final boolean attributesGiven;
    private final List<AttributePath> attributes;
    private final List<AttributePath> excludedAttributes;
    private final Set<AttributePath> attributeSet;
    private final Set<AttributePath> excludedSet;

    private Projection(ResourceTypeDefinition type, boolean attributesGiven, List<AttributePath> attributes,
            List<AttributePath> excludedAttributes) {
        this.type = type;
        this.attributesGiven = attributesGiven;
        this.attributes = List.copyOf(attributes);
        this.excludedAttributes = List.copyOf(excludedAttributes);
        this.attributeSet = new LinkedHashSet<>(attributes);
        this.excludedSet = new LinkedHashSet<>(excludedAttributes);
    }

    /** The default projection: every attribute except {@code returned: never / request}. */
    public static Projection defaults(ResourceTypeDefinition type) {
        return new Projection(type, false, List.of(), List.of());
    }

    /**
     * Parses both query parameters; {@code null} or blank means "not given". Unknown paths are
     * dropped (see the class comment). When {@code attributesParam} is given,
     * {@code excludedAttributesParam} is ignored.
     */
    public static Projection parse(String attributesParam, String excludedAttributesParam,
            ResourceTypeDefinition type) {
        boolean attributesGiven = attributesParam != null && !attributesParam.isBlank();
        if (attributesGiven) {
            return new Projection(type, true, parseList(attributesParam, type), List.of());
        }
        return new Projection(type, false, List.of(), parseList(excludedAttributesParam, type));
    }

    /**
     * The canonical path for one entry of an {@code attributes} list: names in their schema casing,
     * a URN only for extension attributes, and {@code AttributePath(null, <extension URN>, null)} for
     * a bare extension URN (the key the extension object has in a resource). Empty when unknown.
     */
    public static Optional<AttributePath> canonicalPath(String text, ResourceTypeDefinition type) {
        String path = text == null ? "" : text.trim();
        if (path.isEmpty()) {
            return Optional.empty();
        }
        if (path.regionMatches(true, 0, "urn:", 0, 4)) {
            for (SchemaDefinition extension : type.extensions()) {
                if (extension.id().equalsIgnoreCase(path)) {
                    return Optional.of(new AttributePath(null, extension.id(), null));
                }
            }
            Optional<SchemaDefinition> schema = schemaPrefix(path, type);
            if (schema.isEmpty()) {
                return Optional.empty();
            }
            return resolve(schema.get().id(), path.substring(schema.get().id().length() + 1), type);
        }
        return resolve(null, path, type);
    }

    /** The canonical paths kept from {@code attributes}; empty when it was not given. */
    public List<AttributePath> attributes() {
        return attributes;
    }

    /** The canonical paths kept from {@code excludedAttributes}; empty when {@code attributes} won. */
    public List<AttributePath> excludedAttributes() {
        return excludedAttributes;
    }

    public ResourceTypeDefinition type() {
        return type;
    }

    /** True when neither parameter changes anything: the default attribute set is returned. */
    public boolean isDefault() {
        return !attributesGiven && excludedAttributes.isEmpty();
    }

    /**
     * Whether any part of the attribute the path designates would be returned. A path naming a
     * complex attribute is included when at least one of its sub-attributes is. Unknown paths are
     * not included.
     */
    public boolean includes(AttributePath path) {
        if (path.schemaUrn() == null && type.isExtension(path.attribute())) {
            SchemaDefinition extension = type.schema(path.attribute()).orElseThrow();
            return extension.attributes().stream().anyMatch(attribute ->
                    includes(new AttributePath(extension.id(), attribute.name(), null)));
        }
        Optional<ResolvedAttribute> resolved = type.resolve(path);
        if (resolved.isEmpty()) {
            return false;
        }
        AttributeDefinition top = resolved.get().attribute();
        AttributeDefinition sub = resolved.get().subAttribute();
        AttributePath canonical = resolved.get().canonicalPath(type);
        AttributePath topPath = canonical.parent();
        if (top.returned() == Returned.NEVER || (sub != null && sub.returned() == Returned.NEVER)) {
            return false;
        }
        if (top.returned() == Returned.ALWAYS) {
            return true;
        }
        if (attributesGiven) {
            if (wholeNamed(attributeSet, topPath)) {
                return true;
            }
            if (sub != null) {
                return attributeSet.contains(canonical);
            }
            return attributeSet.stream().anyMatch(named -> named.hasSubAttribute() && named.parent().equals(topPath));
        }
        if (top.returned() == Returned.REQUEST || (sub != null && sub.returned() == Returned.REQUEST)) {
            return false;
        }
        if (wholeNamed(excludedSet, topPath)) {
            return false;
        }
        if (sub != null) {
            return !excludedSet.contains(canonical);
        }
        // Excluding some sub-attributes still leaves the others.
        return top.isComplex() ? !allSubAttributesExcluded(top, topPath) : true;
    }

    /**
     * Whether any part of a top-level attribute would be returned; accepts the same forms as the
     * query parameters ({@code members}, {@code urn:…:enterprise:2.0:User:manager}, a bare extension
     * URN). Lets the service avoid reading data that the projection would drop.
     */
    public boolean wants(String attributeName) {
        if ("schemas".equalsIgnoreCase(attributeName == null ? "" : attributeName.trim())) {
            return true;
        }
        return canonicalPath(attributeName, type).map(this::includes).orElse(false);
    }

    /** Shorthand for {@code !wants("members")}: true for Entra's {@code excludedAttributes=members}. */
    public boolean excludesMembers() {
        return !wants("members");
    }

    /** {@link #apply(ObjectNode, ResourceTypeDefinition)} with the type this projection was parsed for. */
    public ObjectNode apply(ObjectNode fullResource) {
        return apply(fullResource, type);
    }

    /**
     * A projected copy of a fully rendered resource (core and common attributes at the top level,
     * extension attributes under their URN). The input is not modified; key order is preserved.
     */
    public ObjectNode apply(ObjectNode fullResource, ResourceTypeDefinition resourceType) {
        ObjectNode result = JSON.objectNode();
        String schemasKey = null;
        Iterator<Map.Entry<String, JsonNode>> fields = fullResource.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            JsonNode value = field.getValue();
            if ("schemas".equalsIgnoreCase(key)) {
                schemasKey = key;
                result.set(key, value.deepCopy()); // placeholder, keeps the position; rewritten below
            } else if (resourceType.isExtension(key)) {
                projectExtension(resourceType.schema(key).orElseThrow(), value)
                        .ifPresent(projected -> result.set(key, projected));
            } else {
                Optional<AttributeDefinition> definition = resourceType.resolve(AttributePath.of(key))
                        .map(ResolvedAttribute::attribute);
                JsonNode projected = definition.isPresent()
                        ? project(definition.get(), new AttributePath(null, definition.get().name(), null), value, false)
                        : (attributesGiven ? null : value.deepCopy());
                if (projected != null) {
                    result.set(key, projected);
                }
            }
        }
        if (schemasKey != null && result.get(schemasKey).isArray()) {
            ArrayNode schemas = JSON.arrayNode();
            for (JsonNode urn : result.get(schemasKey)) {
                if (!resourceType.isExtension(urn.asText()) || hasFieldIgnoreCase(result, urn.asText())) {
                    schemas.add(urn);
                }
            }
            result.set(schemasKey, schemas);
        }
        return result;
    }

    private Optional<ObjectNode> projectExtension(SchemaDefinition extension, JsonNode value) {
        AttributePath whole = new AttributePath(null, extension.id(), null);
        if (!value.isObject()) {
            return Optional.empty();
        }
        boolean wholeNamed = attributesGiven && attributeSet.contains(whole);
        if (!attributesGiven && excludedSet.contains(whole)) {
            return Optional.empty();
        }
        ObjectNode projected = JSON.objectNode();
        Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            Optional<AttributeDefinition> definition = extension.attribute(field.getKey());
            JsonNode kept;
            if (definition.isPresent()) {
                AttributePath path = new AttributePath(extension.id(), definition.get().name(), null);
                kept = project(definition.get(), path, field.getValue(), wholeNamed);
            } else {
                kept = attributesGiven && !wholeNamed ? null : field.getValue().deepCopy();
            }
            if (kept != null) {
                projected.set(field.getKey(), kept);
            }
        }
        return projected.isEmpty() ? Optional.empty() : Optional.of(projected);
    }

    /** The projected value of one top-level attribute, or null to omit it. */
    private JsonNode project(AttributeDefinition definition, AttributePath path, JsonNode value, boolean parentNamed) {
        switch (definition.returned()) {
            case NEVER:
                return null;
            case ALWAYS:
                return value.deepCopy();
            default:
                break;
        }
        if (attributesGiven) {
            if (parentNamed || attributeSet.contains(path)) {
                return filterSubAttributes(definition, value, sub -> sub.returned() != Returned.NEVER, true);
            }
            Set<String> named = namedSubAttributes(attributeSet, path);
            if (named.isEmpty()) {
                return null;
            }
            return filterSubAttributes(definition, value, sub -> sub.returned() != Returned.NEVER
                    && named.contains(lower(sub.name())), false);
        }
        if (definition.returned() == Returned.REQUEST || excludedSet.contains(path)) {
            return null;
        }
        Set<String> excluded = namedSubAttributes(excludedSet, path);
        return filterSubAttributes(definition, value, sub -> sub.returned() != Returned.NEVER
                && sub.returned() != Returned.REQUEST && !excluded.contains(lower(sub.name())), true);
    }

    /**
     * Keeps the sub-attributes the predicate accepts, in the object or in every element of the array;
     * elements left empty are dropped, and an attribute left empty is omitted (null), never rendered
     * as {} or []. Sub-attribute keys we have no definition for are kept only when
     * {@code keepUnknown} (the whole attribute is returned, not a selection of sub-attributes).
     */
    private static JsonNode filterSubAttributes(AttributeDefinition definition, JsonNode value,
            Predicate<AttributeDefinition> keep, boolean keepUnknown) {
        if (!definition.isComplex()) {
            return value.deepCopy();
        }
        if (value.isArray()) {
            ArrayNode elements = JSON.arrayNode();
            for (JsonNode element : value) {
                JsonNode filtered = filterObject(definition, element, keep, keepUnknown);
                if (filtered != null) {
                    elements.add(filtered);
                }
            }
            return elements.isEmpty() ? null : elements;
        }
        return filterObject(definition, value, keep, keepUnknown);
    }

    private static JsonNode filterObject(AttributeDefinition definition, JsonNode value,
            Predicate<AttributeDefinition> keep, boolean keepUnknown) {
        if (!value.isObject()) {
            return keepUnknown ? value.deepCopy() : null;
        }
        ObjectNode filtered = JSON.objectNode();
        Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            Optional<AttributeDefinition> sub = definition.subAttribute(field.getKey());
            if (sub.isPresent() ? keep.test(sub.get()) : keepUnknown) {
                filtered.set(field.getKey(), field.getValue().deepCopy());
            }
        }
        return filtered.isEmpty() ? null : filtered;
    }

    private boolean wholeNamed(Set<AttributePath> named, AttributePath topPath) {
        if (named.contains(topPath)) {
            return true;
        }
        return topPath.schemaUrn() != null && named.contains(new AttributePath(null, topPath.schemaUrn(), null));
    }

    private boolean allSubAttributesExcluded(AttributeDefinition top, AttributePath topPath) {
        Set<String> excluded = namedSubAttributes(excludedSet, topPath);
        return top.subAttributes().stream()
                .filter(sub -> sub.returned() != Returned.NEVER && sub.returned() != Returned.REQUEST)
                .allMatch(sub -> excluded.contains(lower(sub.name())));
    }

    private static Set<String> namedSubAttributes(Set<AttributePath> named, AttributePath topPath) {
        Set<String> subs = new LinkedHashSet<>();
        for (AttributePath path : named) {
            if (path.hasSubAttribute() && path.parent().equals(topPath)) {
                subs.add(lower(path.subAttribute()));
            }
        }
        return subs;
    }

    private static List<AttributePath> parseList(String param, ResourceTypeDefinition type) {
        List<AttributePath> paths = new ArrayList<>();
        if (param == null) {
            return paths;
        }
        for (String entry : param.split(",")) {
            canonicalPath(entry, type).filter(path -> !paths.contains(path)).ifPresent(paths::add);
        }
        return paths;
    }

    private static Optional<AttributePath> resolve(String urn, String dotted, ResourceTypeDefinition type) {
        int dot = dotted.indexOf('.');
        String attribute = (dot < 0 ? dotted : dotted.substring(0, dot)).trim();
        String sub = dot < 0 ? null : dotted.substring(dot + 1).trim();
        if (attribute.isEmpty() || (sub != null && (sub.isEmpty() || sub.indexOf('.') >= 0))) {
            return Optional.empty();
        }
        return type.resolve(new AttributePath(urn, attribute, sub))
                .map(resolved -> resolved.canonicalPath(type));
    }

    /** The core or extension schema whose URN followed by ':' starts the text; the longest wins. */
    private static Optional<SchemaDefinition> schemaPrefix(String text, ResourceTypeDefinition type) {
        SchemaDefinition best = null;
        List<SchemaDefinition> candidates = new ArrayList<>(type.extensions());
        candidates.add(type.core());
        for (SchemaDefinition schema : candidates) {
            String prefix = schema.id() + ":";
            if (text.length() > prefix.length() && text.regionMatches(true, 0, prefix, 0, prefix.length())
                    && (best == null || schema.id().length() > best.id().length())) {
                best = schema;
            }
        }
        return Optional.ofNullable(best);
    }

    private static boolean hasFieldIgnoreCase(ObjectNode node, String name) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            if (names.next().equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    private static String lower(String text) {
        return text.toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return attributesGiven ? "attributes=" + attributes : "excludedAttributes=" + excludedAttributes;
    }
}
