package dev.provisioning.scim.filter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provisioning.scim.schema.AttributeDefinition;
import dev.provisioning.scim.schema.AttributePath;
import dev.provisioning.scim.schema.AttributeType;
import dev.provisioning.scim.schema.ResolvedAttribute;
import dev.provisioning.scim.schema.ResourceTypeDefinition;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Evaluates a filter against a SCIM resource in memory, with the same semantics as the SQL that
 * {@link FilterSqlTranslator} produces:
 * <ul>
 * <li>string comparisons honour the attribute's {@code caseExact}; ordering is lexicographic by
 * code point (lower-cased first when case-insensitive); dateTimes compare chronologically, numbers
 * numerically; booleans support only {@code eq}/{@code ne};</li>
 * <li>a multi-valued attribute matches when any element does; a value path needs all its
 * conditions on one element;</li>
 * <li>{@code ne} is the negation of {@code eq}: a missing attribute is "not equal", and
 * {@code emails.type ne "work"} means no email has type work (as the UnboundID SDK does);</li>
 * <li>{@code pr}: present and not null, not "", not [] and not {};
 * {@code eq null} means "not present" and {@code ne null} means "present";</li>
 * <li>product rule (product.md §3.1): {@code emails.value eq} ignores case and surrounding blanks;</li>
 * <li>a value of the wrong JSON type (a number where a string is defined) never matches.</li>
 * </ul>
 * Member names in the resource are matched case-insensitively; extension attributes live under their
 * schema URN.
 */
public final class FilterEvaluator {

    private FilterEvaluator() {
    }

    /** True when {@code resource} matches {@code filter}; an invalid filter is {@code invalidFilter}. */
    public static boolean matches(Filter filter, JsonNode resource, ResourceTypeDefinition type) {
        return eval(FilterValidator.validate(filter, type), resource, type);
    }

    /**
     * True when one element of a multi-valued complex attribute ({@code {"type":"work","value":…}})
     * matches a value filter such as {@code type eq "work"}; used to select PATCH targets.
     */
    public static boolean matchesElement(Filter filter, JsonNode element, AttributeDefinition multiValuedAttribute) {
        return evalElement(FilterValidator.validateElement(filter, multiValuedAttribute), element, multiValuedAttribute);
    }

    private static boolean eval(Filter filter, JsonNode resource, ResourceTypeDefinition type) {
        if (filter instanceof Filter.And and) {
            return eval(and.left(), resource, type) && eval(and.right(), resource, type);
        }
        if (filter instanceof Filter.Or or) {
            return eval(or.left(), resource, type) || eval(or.right(), resource, type);
        }
        if (filter instanceof Filter.Not not) {
            return !eval(not.inner(), resource, type);
        }
        if (filter instanceof Filter.ValuePath valuePath) {
            ResolvedAttribute resolved = type.resolve(valuePath.path()).orElseThrow();
            for (JsonNode element : elements(attributeNode(resource, valuePath.path()))) {
                if (evalElement(valuePath.filter(), element, resolved.attribute())) {
                    return true;
                }
            }
            return false;
        }
        AttributePath path = filter instanceof Filter.Present present ? present.path() : ((Filter.Compare) filter).path();
        ResolvedAttribute resolved = type.resolve(path).orElseThrow();
        JsonNode node = attributeNode(resource, path);
        List<JsonNode> candidates = new ArrayList<>();
        AttributeDefinition attribute = resolved.attribute();
        if (attribute.multiValued()) {
            for (JsonNode element : elements(node)) {
                candidates.add(path.hasSubAttribute() ? member(element, path.subAttribute()) : element);
            }
        } else {
            candidates.add(path.hasSubAttribute() ? member(node, path.subAttribute()) : node);
        }
        boolean emailValue = isEmails(attribute) && path.hasSubAttribute()
                && path.subAttribute().equals("value");
        return anyMatches(filter, candidates, resolved.target(), emailValue);
    }

    private static boolean evalElement(Filter filter, JsonNode element, AttributeDefinition multiValued) {
        if (filter instanceof Filter.And and) {
            return evalElement(and.left(), element, multiValued) && evalElement(and.right(), element, multiValued);
        }
        if (filter instanceof Filter.Or or) {
            return evalElement(or.left(), element, multiValued) || evalElement(or.right(), element, multiValued);
        }
        if (filter instanceof Filter.Not not) {
            return !evalElement(not.inner(), element, multiValued);
        }
        AttributePath path = filter instanceof Filter.Present present ? present.path() : ((Filter.Compare) filter).path();
        AttributeDefinition sub = multiValued.subAttribute(path.attribute()).orElseThrow();
        boolean emailValue = isEmails(multiValued) && sub.name().equals("value");
        return anyMatches(filter, java.util.Collections.singletonList(member(element, path.attribute())), sub, emailValue);
    }

    private static boolean anyMatches(Filter filter, List<JsonNode> candidates, AttributeDefinition target,
            boolean emailValue) {
        if (filter instanceof Filter.Present) {
            return candidates.stream().anyMatch(FilterEvaluator::isPresent);
        }
        Filter.Compare compare = (Filter.Compare) filter;
        if (compare.value() instanceof CompValue.NullValue) {
            boolean present = candidates.stream().anyMatch(FilterEvaluator::isPresent);
            return compare.op() == CompareOp.EQ ? !present : present;
        }
        if (compare.op() == CompareOp.NE) {
            Filter.Compare equal = new Filter.Compare(compare.path(), CompareOp.EQ, compare.value());
            return !anyMatches(equal, candidates, target, emailValue);
        }
        for (JsonNode candidate : candidates) {
            if (candidate != null && compare(candidate, compare.op(), compare.value(), target, emailValue)) {
                return true;
            }
        }
        return false;
    }

    static boolean compare(JsonNode node, CompareOp op, CompValue value, AttributeDefinition target,
            boolean emailValue) {
        AttributeType type = target.type();
        if (type == AttributeType.BOOLEAN) {
            return node.isBoolean() && value instanceof CompValue.BooleanValue bool
                    && op == CompareOp.EQ && node.booleanValue() == bool.value();
        }
        if (type == AttributeType.DATE_TIME) {
            if (!node.isTextual() || !(value instanceof CompValue.StringValue string)) {
                return false;
            }
            OffsetDateTime actual = DateTimes.parse(node.textValue());
            OffsetDateTime expected = DateTimes.parse(string.value());
            return actual != null && expected != null && ordered(actual.toInstant().compareTo(expected.toInstant()), op);
        }
        if (type == AttributeType.DECIMAL || type == AttributeType.INTEGER) {
            if (!node.isNumber() || !(value instanceof CompValue.NumberValue number)) {
                return false;
            }
            return ordered(node.decimalValue().compareTo(number.value()), op);
        }
        if (!node.isTextual() || !(value instanceof CompValue.StringValue string)) {
            return false;
        }
        String actual = node.textValue();
        String expected = string.value();
        if (emailValue && op == CompareOp.EQ) {
            actual = trimBlanks(actual);
            expected = trimBlanks(expected);
        }
        if (!target.caseExact()) {
            actual = actual.toLowerCase(Locale.ROOT);
            expected = expected.toLowerCase(Locale.ROOT);
        }
        return switch (op) {
            case CO -> actual.contains(expected);
            case SW -> actual.startsWith(expected);
            case EW -> actual.endsWith(expected);
            default -> ordered(compareCodePoints(actual, expected), op);
        };
    }

    private static boolean ordered(int comparison, CompareOp op) {
        return switch (op) {
            case EQ -> comparison == 0;
            case NE -> comparison != 0;
            case GT -> comparison > 0;
            case GE -> comparison >= 0;
            case LT -> comparison < 0;
            case LE -> comparison <= 0;
            default -> false;
        };
    }

    /** Code point order, which is PostgreSQL's {@code COLLATE "C"} order for UTF-8. */
    static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }

    /** PostgreSQL's {@code btrim(text)}: removes spaces (only) at both ends. */
    static String trimBlanks(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && text.charAt(start) == ' ') {
            start++;
        }
        while (end > start && text.charAt(end - 1) == ' ') {
            end--;
        }
        return text.substring(start, end);
    }

    static boolean isPresent(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return false;
        }
        if (node.isTextual()) {
            return !node.textValue().isEmpty();
        }
        if (node.isContainerNode()) {
            return node.size() > 0;
        }
        return true;
    }

    private static JsonNode attributeNode(JsonNode resource, AttributePath path) {
        JsonNode container = resource;
        if (path.schemaUrn() != null) {
            container = member(resource, path.schemaUrn());
        }
        return member(container, path.attribute());
    }

    private static List<JsonNode> elements(JsonNode node) {
        List<JsonNode> elements = new ArrayList<>();
        if (node != null && node.isArray()) {
            node.forEach(elements::add);
        }
        return elements;
    }

    /** The member named {@code name}, ignoring case; null when absent or when {@code node} is no object. */
    private static JsonNode member(JsonNode node, String name) {
        if (node == null || !node.isObject()) {
            return null;
        }
        JsonNode exact = node.get(name);
        if (exact != null) {
            return exact;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().equalsIgnoreCase(name)) {
                return field.getValue();
            }
        }
        return null;
    }

    private static boolean isEmails(AttributeDefinition attribute) {
        return attribute.name().equals("emails") && attribute.multiValued();
    }
}
