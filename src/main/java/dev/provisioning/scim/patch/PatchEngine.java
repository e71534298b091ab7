package dev.provisioning.scim.patch;

import dev.provisioning.scim.schema.AttributeValues;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provisioning.scim.filter.CompValue;
import dev.provisioning.scim.filter.CompareOp;
import dev.provisioning.scim.filter.Filter;
import dev.provisioning.scim.message.ScimException;
import dev.provisioning.scim.schema.AttributeDefinition;
import dev.provisioning.scim.schema.Mutability;
import dev.provisioning.scim.schema.ResolvedAttribute;
import dev.provisioning.scim.schema.ResourceTypeDefinition;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies PATCH operations (RFC 7644 §3.5.2, with the deviations of entra-scim §6.2 and §8) to a
 * stored resource document. Pure: the input is never modified, nothing is persisted; the first
 * failing operation's {@link ScimException} is thrown and the caller stores nothing.
 *
 * <p>Group {@code members} are never read from or written to the document: operations on them
 * become {@link MemberChange}s (see {@link PatchResult#memberChanges()}).
 */
public final class PatchEngine {
    private final ResourceTypeDefinition type;
    private final ObjectNode document;
    private final List<MemberChange> memberChanges = new ArrayList<>();

    private PatchEngine(ObjectNode document, ResourceTypeDefinition type) {
        this.document = document;
        this.type = type;
    }

    public static PatchResult apply(ObjectNode resource, List<PatchOperation> operations, ResourceTypeDefinition type) {
        PatchEngine engine = new PatchEngine(resource.deepCopy(), type);
        for (PatchOperation operation : operations) {
            if (operation.path() == null) {
                if (operation.op() == PatchOperation.Op.REMOVE) {
                    throw ScimException.noTarget("'remove' needs a path");
                }
                for (PatchOperation expanded : DottedKeysInPathlessValue.expand(operation, type)) {
                    engine.apply(expanded);
                }
            } else {
                engine.apply(operation);
            }
        }
        Set<String> changedAttributes = changedAttributes(resource, engine.document, type);
        return new PatchResult(engine.document, !changedAttributes.isEmpty(), changedAttributes, engine.memberChanges);
    }

    /** Where an operation points: the resolved attribute and where it lives in the document. */
    private record Target(PatchPath path, AttributeDefinition attribute, AttributeDefinition sub, String urn,
                          String label) {
        boolean hasFilter() {
            return path.hasFilter();
        }
    }

    private void apply(PatchOperation operation) {
        Target target = resolve(operation.path());
        if (target == null) {
            return;
        }
        if (AttributeValues.isMembers(target.attribute())) {
            members(operation, target);
            return;
        }
        switch (operation.op()) {
            case ADD, REPLACE -> write(operation, target);
            case REMOVE -> remove(target, operation.value());
        }
    }

    // ---------------------------------------------------------------- resolution and mutability

    private Target resolve(PatchPath path) {
        if (path.attribute().schemaUrn() == null && path.attribute().attribute().equalsIgnoreCase("schemas")) {
            throw ScimException.mutability("'schemas' cannot be modified by PATCH: it follows from the attributes present");
        }
        ResolvedAttribute parent = UnqualifiedExtensionPath.resolve(path.attribute().parent(), type)
                .orElseThrow(() -> unknownPath(path));
        if (parent.attribute().mutability() == Mutability.READ_ONLY) {
            // checked before the sub-attribute so that meta.anything and groups[...] are all mutability
            throw ScimException.mutability("Attribute '" + parent.attribute().name() + "' is readOnly and cannot be modified");
        }
        ResolvedAttribute resolved = UnqualifiedExtensionPath.resolve(path.attribute(), type)
                .orElseThrow(() -> unknownPath(path));
        AttributeDefinition attribute = resolved.attribute();
        AttributeDefinition sub = resolved.subAttribute();
        if (path.hasFilter() && path.valueSubAttribute() != null) {
            sub = attribute.subAttribute(path.valueSubAttribute()).orElseThrow(() -> unknownPath(path));
        }
        String urn = resolved.inExtension(type) ? resolved.schema().id() : null;
        String label = (urn == null ? "" : urn + ":") + attribute.name() + (sub == null ? "" : "." + sub.name());
        if (attribute.mutability() == Mutability.READ_ONLY) {
            throw ScimException.mutability("Attribute '" + label + "' is readOnly and cannot be modified");
        }
        if (attribute.mutability() == Mutability.WRITE_ONLY) {
            return null; // password: accepted and ignored, never stored (as in POST/PUT)
        }
        if (sub != null && sub.mutability() == Mutability.READ_ONLY) {
            throw ScimException.mutability("Attribute '" + label + "' is readOnly and cannot be modified");
        }
        if (path.hasFilter() && !attribute.isComplex()) {
            throw ScimException.invalidPath("Invalid PATCH path '" + path.text()
                    + "': a value filter needs a complex attribute");
        }
        if (path.hasFilter() && !AttributeValues.isMembers(attribute)) {
            ValueFilters.validate(path.valueFilter(), attribute, path.text());
        }
        return new Target(path, attribute, sub, urn, label);
    }

    private ScimException unknownPath(PatchPath path) {
        return ScimException.invalidPath("Unknown attribute path '" + path.text() + "' for a " + type.name());
    }

    private JsonNode current(Target target) {
        JsonNode container = target.urn() == null ? document : document.get(target.urn());
        return container == null ? null : container.get(target.attribute().name());
    }

    private void store(Target target, JsonNode value) {
        if (value == null || AttributeValues.isUnassigned(value)) {
            unset(target);
            return;
        }
        ObjectNode container = document;
        if (target.urn() != null) {
            JsonNode extension = document.get(target.urn());
            if (!(extension instanceof ObjectNode)) {
                extension = document.putObject(target.urn());
            }
            container = (ObjectNode) extension;
        }
        container.set(target.attribute().name(), value);
    }

    private void unset(Target target) {
        if (target.urn() == null) {
            document.remove(target.attribute().name());
            return;
        }
        JsonNode extension = document.get(target.urn());
        if (extension instanceof ObjectNode object) {
            object.remove(target.attribute().name());
            if (object.isEmpty()) {
                document.remove(target.urn());
            }
        }
    }

    // ---------------------------------------------------------------- add / replace

    private void write(PatchOperation operation, Target target) {
        AttributeDefinition attribute = target.attribute();
        boolean add = operation.op() == PatchOperation.Op.ADD;
        if (target.hasFilter()) {
            writeFiltered(operation, target);
            return;
        }
        if (target.sub() != null) {
            JsonNode value = AttributeValues.simple(target.sub(), operation.value(), target.label());
            if (ManagerRemovedByEmptyReplace.isRemoval(operation, value)) {
                remove(target, null);
                return;
            }
            writeSubAttribute(target, value);
            return;
        }
        JsonNode value = AttributeValues.attribute(attribute, operation.value(), target.label());
        if (ManagerRemovedByEmptyReplace.isRemoval(operation, value)) {
            if (attribute.required()) {
                throw ScimException.invalidValue("Attribute '" + target.label() + "' is required");
            }
            unset(target);
            return;
        }
        JsonNode existing = current(target);
        if (attribute.multiValued()) {
            if (!add || !(existing instanceof ArrayNode)) {
                store(target, value);
                return;
            }
            ArrayNode merged = ((ArrayNode) existing).deepCopy();
            List<JsonNode> appended = new ArrayList<>();
            for (JsonNode element : value) {
                if (!containsEquivalent(attribute, merged, element)) {
                    merged.add(element);
                    appended.add(element);
                }
            }
            settlePrimary(merged, appended);
            AttributeValues.requireSinglePrimary(attribute, merged, target.label());
            store(target, merged);
        } else if (attribute.isComplex() && existing instanceof ObjectNode object) {
            // RFC 7644 §3.5.2.1/.3: listed sub-attributes replace or add, the others are kept
            ObjectNode merged = object.deepCopy();
            merged.setAll((ObjectNode) value);
            store(target, merged);
        } else {
            store(target, value);
        }
    }

    /** {@code name.familyName}, {@code manager.value}; on a multi-valued attribute, every element. */
    private void writeSubAttribute(Target target, JsonNode value) {
        JsonNode existing = current(target);
        if (!target.attribute().multiValued()) {
            ObjectNode object = existing instanceof ObjectNode found ? found.deepCopy() : JsonNodeFactory.instance.objectNode();
            object.set(target.sub().name(), value);
            store(target, object);
            return;
        }
        ArrayNode elements = existing instanceof ArrayNode found ? found.deepCopy() : JsonNodeFactory.instance.arrayNode();
        if (elements.isEmpty()) {
            elements.addObject();
        }
        for (JsonNode element : elements) {
            ((ObjectNode) element).set(target.sub().name(), value);
        }
        AttributeValues.requireSinglePrimary(target.attribute(), elements, target.label());
        store(target, elements);
    }

    /**
     * {@code emails[type eq "work"].value}: only matching elements and only the named sub-attribute
     * change. No match → upsert a new element built from the filter's {@code eq} conditions, for add
     * and replace alike (entra-scim §1.6, §8.1; RFC 7644 would say noTarget for replace).
     */
    private void writeFiltered(PatchOperation operation, Target target) {
        AttributeDefinition attribute = target.attribute();
        JsonNode value = target.sub() != null
                ? AttributeValues.simple(target.sub(), operation.value(), target.label())
                : AttributeValues.element(attribute, singleElement(operation.value()), target.label());
        if (ManagerRemovedByEmptyReplace.isRemoval(operation, value)) {
            remove(target, null);
            return;
        }
        ArrayNode elements = elements(target);
        List<JsonNode> touched = new ArrayList<>();
        for (JsonNode element : elements) {
            if (ValueFilters.matches(target.path().valueFilter(), element, attribute)) {
                ObjectNode object = (ObjectNode) element;
                if (target.sub() != null) {
                    object.set(target.sub().name(), value);
                } else {
                    object.setAll((ObjectNode) value);
                }
                touched.add(object);
            }
        }
        if (touched.isEmpty()) {
            // the filter's conditions win over the value so that the new element matches the filter
            // and a repeated request finds it instead of creating another one
            ObjectNode seed = upsertSeed(target);
            ObjectNode created = JsonNodeFactory.instance.objectNode();
            if (target.sub() != null) {
                created.set(target.sub().name(), value);
            } else {
                created.setAll((ObjectNode) value);
            }
            created.setAll(seed);
            if (!AttributeValues.contains(elements, created)) {
                elements.add(created);
                touched.add(created);
            }
        }
        settlePrimary(elements, touched);
        storeElements(target, elements);
    }

    /** A value-path value given as a one-element array is its single element. */
    private static JsonNode singleElement(JsonNode value) {
        return value != null && value.isArray() && value.size() == 1 ? value.get(0) : value;
    }

    /** The new element for an upsert: the filter's {@code eq} conditions, e.g. {@code {"type": "work"}}. */
    private ObjectNode upsertSeed(Target target) {
        ObjectNode seed = JsonNodeFactory.instance.objectNode();
        if (!collectEquals(target.path().valueFilter(), target.attribute(), seed, target.label())) {
            throw ScimException.noTarget("No value of '" + target.attribute().name() + "' matches '"
                    + target.path().text() + "', and the filter does not describe a value to create");
        }
        return seed;
    }

    private static boolean collectEquals(Filter filter, AttributeDefinition attribute, ObjectNode seed, String label) {
        if (filter instanceof Filter.And and) {
            return collectEquals(and.left(), attribute, seed, label) && collectEquals(and.right(), attribute, seed, label);
        }
        if (filter instanceof Filter.Compare compare && compare.op() == CompareOp.EQ
                && compare.path().schemaUrn() == null && !compare.path().hasSubAttribute()) {
            AttributeDefinition sub = attribute.subAttribute(compare.path().attribute()).orElse(null);
            JsonNode literal = literal(compare.value());
            if (sub == null || literal == null) {
                return false;
            }
            JsonNode value = AttributeValues.simple(sub, literal, label + "." + sub.name());
            if (value != null) {
                seed.set(sub.name(), value);
            }
            return true;
        }
        return false;
    }

    private static JsonNode literal(CompValue value) {
        if (value instanceof CompValue.StringValue string) {
            return JsonNodeFactory.instance.textNode(string.value());
        }
        if (value instanceof CompValue.BooleanValue bool) {
            return BooleanNode.valueOf(bool.value());
        }
        if (value instanceof CompValue.NumberValue number) {
            return JsonNodeFactory.instance.numberNode(number.value());
        }
        return null;
    }

    /** RFC 7643 §2.4: setting {@code primary: true} on one element clears it on the others. */
    private static void settlePrimary(ArrayNode elements, List<JsonNode> touched) {
        boolean newPrimary = touched.stream().anyMatch(element -> element.path("primary").asBoolean(false));
        if (!newPrimary) {
            return;
        }
        for (JsonNode element : elements) {
            if (element.path("primary").asBoolean(false) && touched.stream().noneMatch(t -> t == element)) {
                ((ObjectNode) element).put("primary", false);
            }
        }
    }

    /** The elements of a complex attribute as a mutable copy; a single-valued one is a list of one. */
    private ArrayNode elements(Target target) {
        JsonNode existing = current(target);
        ArrayNode elements = JsonNodeFactory.instance.arrayNode();
        if (existing instanceof ArrayNode array) {
            for (JsonNode element : array) {
                elements.add(element.deepCopy());
            }
        } else if (existing instanceof ObjectNode object) {
            elements.add(object.deepCopy());
        }
        return elements;
    }

    private void storeElements(Target target, ArrayNode elements) {
        elements.removeIf(element -> isHollow(element));
        if (target.attribute().multiValued()) {
            AttributeValues.requireSinglePrimary(target.attribute(), elements, target.label());
            store(target, elements);
        } else if (elements.isEmpty()) {
            unset(target);
        } else {
            store(target, elements.get(0));
        }
    }

    /** An element left with nothing but its {@code type} / {@code primary} no longer holds a value. */
    private static boolean isHollow(JsonNode element) {
        for (Map.Entry<String, JsonNode> field : element.properties()) {
            if (!field.getKey().equals("type") && !field.getKey().equals("primary")) {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- remove

    /**
     * Removes the target. A {@code value} on remove is non-standard; when present it narrows the
     * removal to what equals it (stale removes become no-ops — SCIMReferenceCode PR#87).
     */
    private void remove(Target target, JsonNode expected) {
        AttributeDefinition attribute = target.attribute();
        boolean narrowed = expected != null && !AttributeValues.isUnassigned(expected);
        if (target.hasFilter() || (target.sub() != null && attribute.multiValued())) {
            ArrayNode elements = elements(target);
            JsonNode expectedSub = narrowed && target.sub() != null
                    ? AttributeValues.simple(target.sub(), expected, target.label()) : null;
            for (int i = elements.size() - 1; i >= 0; i--) {
                ObjectNode element = (ObjectNode) elements.get(i);
                if (target.hasFilter() && !ValueFilters.matches(target.path().valueFilter(), element, attribute)) {
                    continue;
                }
                if (target.sub() == null) {
                    elements.remove(i);
                } else if (expectedSub == null || sameValue(target.sub(), element.get(target.sub().name()), expectedSub)) {
                    element.remove(target.sub().name());
                }
            }
            storeElements(target, elements);
            return;
        }
        JsonNode existing = current(target);
        if (target.sub() != null) {
            if (existing instanceof ObjectNode object) {
                ObjectNode copy = object.deepCopy();
                JsonNode expectedSub = narrowed ? AttributeValues.simple(target.sub(), expected, target.label()) : null;
                if (expectedSub == null || sameValue(target.sub(), copy.get(target.sub().name()), expectedSub)) {
                    copy.remove(target.sub().name());
                }
                store(target, copy);
            }
            return;
        }
        if (attribute.required()) {
            throw ScimException.mutability("Attribute '" + target.label() + "' is required and cannot be removed");
        }
        if (!narrowed || existing == null) {
            unset(target);
            return;
        }
        JsonNode given = AttributeValues.attribute(attribute, expected, target.label());
        if (given == null) {
            unset(target);
        } else if (attribute.multiValued()) {
            ArrayNode remaining = ((ArrayNode) existing).deepCopy();
            remaining.removeIf(element -> containsMatch(attribute, given, element));
            store(target, remaining);
        } else if (attribute.isComplex() ? covers(attribute, given, existing) : sameValue(attribute, existing, given)) {
            unset(target);
        }
    }

    /**
     * RFC 7644 §3.5.2.1: adding a value that is already present changes nothing. Present means
     * equal under the attribute's rules: same sub-attributes, strings compared per {@code caseExact}
     * (so {@code Jane@X.com} is already present as {@code jane@x.com} for a case-insensitive email).
     */
    private static boolean containsEquivalent(AttributeDefinition attribute, ArrayNode elements, JsonNode candidate) {
        for (JsonNode element : elements) {
            if (attribute.isComplex()
                    ? element.size() == candidate.size() && covers(attribute, candidate, element)
                    : sameValue(attribute, element, candidate)) {
                return true;
            }
        }
        return false;
    }

    /** Whether some given element has all its sub-attributes equal in {@code element}. */
    private static boolean containsMatch(AttributeDefinition attribute, JsonNode given, JsonNode element) {
        for (JsonNode candidate : given) {
            if (attribute.isComplex() ? covers(attribute, candidate, element) : sameValue(attribute, element, candidate)) {
                return true;
            }
        }
        return false;
    }

    private static boolean covers(AttributeDefinition attribute, JsonNode given, JsonNode stored) {
        for (Map.Entry<String, JsonNode> field : given.properties()) {
            AttributeDefinition sub = attribute.subAttribute(field.getKey()).orElseThrow();
            if (!sameValue(sub, stored.get(sub.name()), field.getValue())) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameValue(AttributeDefinition attribute, JsonNode stored, JsonNode given) {
        if (stored == null) {
            return false;
        }
        if (stored.isTextual() && given.isTextual() && !attribute.caseExact()) {
            return stored.textValue().equalsIgnoreCase(given.textValue());
        }
        return stored.equals(given);
    }

    // ---------------------------------------------------------------- group members

    private void members(PatchOperation operation, Target target) {
        if (target.sub() != null) {
            throw ScimException.mutability("'" + target.path().text()
                    + "': a member's value and type are immutable and its display is readOnly; add or remove the member instead");
        }
        JsonNode value = operation.value();
        switch (operation.op()) {
            case ADD -> {
                rejectMemberFilter(target, "add");
                List<String> ids = MemberRemovalByValueArray.ids(target.attribute(), value);
                if (!ids.isEmpty()) {
                    memberChanges.add(new MemberChange.Add(ids));
                }
            }
            case REPLACE -> {
                rejectMemberFilter(target, "replace");
                memberChanges.add(new MemberChange.ReplaceAll(MemberRemovalByValueArray.ids(target.attribute(), value)));
            }
            case REMOVE -> {
                if (target.hasFilter()) {
                    List<String> ids = new ArrayList<>();
                    if (!memberIds(target.path().valueFilter(), ids)) {
                        throw ScimException.invalidPath("Invalid PATCH path '" + target.path().text()
                                + "': members can only be selected by 'value eq \"<id>\"' (optionally or-ed)");
                    }
                    memberChanges.add(new MemberChange.Remove(ids));
                } else if (value == null || value.isNull()) {
                    // only a remove without any value empties the group: "value": [] removes nobody
                    memberChanges.add(new MemberChange.RemoveAll());
                } else {
                    List<String> ids = MemberRemovalByValueArray.ids(target.attribute(), value);
                    if (!ids.isEmpty()) {
                        memberChanges.add(new MemberChange.Remove(ids));
                    }
                }
            }
        }
    }

    private static void rejectMemberFilter(Target target, String op) {
        if (target.hasFilter()) {
            throw ScimException.invalidPath("Invalid PATCH path '" + target.path().text() + "': members cannot be "
                    + op + "ed through a value filter; use path 'members' with a value array");
        }
    }

    private static boolean memberIds(Filter filter, List<String> ids) {
        if (filter instanceof Filter.Or or) {
            return memberIds(or.left(), ids) && memberIds(or.right(), ids);
        }
        if (filter instanceof Filter.Compare compare && compare.op() == CompareOp.EQ
                && compare.path().schemaUrn() == null && !compare.path().hasSubAttribute()
                && compare.path().attribute().equalsIgnoreCase("value")
                && compare.value() instanceof CompValue.StringValue id) {
            if (!ids.contains(id.value())) {
                ids.add(id.value());
            }
            return true;
        }
        return false;
    }

    // ---------------------------------------------------------------- change detection

    private static Set<String> changedAttributes(ObjectNode before, ObjectNode after, ResourceTypeDefinition type) {
        Set<String> changed = new LinkedHashSet<>();
        Set<String> keys = new LinkedHashSet<>();
        before.fieldNames().forEachRemaining(keys::add);
        after.fieldNames().forEachRemaining(keys::add);
        for (String key : keys) {
            JsonNode old = before.get(key);
            JsonNode now = after.get(key);
            if (type.isExtension(key) && (old == null || old.isObject()) && (now == null || now.isObject())) {
                Set<String> names = new LinkedHashSet<>();
                if (old != null) {
                    old.fieldNames().forEachRemaining(names::add);
                }
                if (now != null) {
                    now.fieldNames().forEachRemaining(names::add);
                }
                for (String name : names) {
                    JsonNode o = old == null ? null : old.get(name);
                    JsonNode n = now == null ? null : now.get(name);
                    if (o == null ? n != null : !o.equals(n)) {
                        changed.add(key + ":" + name);
                    }
                }
            } else if (old == null ? now != null : !old.equals(now)) {
                changed.add(key);
            }
        }
        return changed;
    }
}
