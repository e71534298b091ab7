package dev.provisioning.scim.filter;

import dev.provisioning.scim.message.ScimException;
import dev.provisioning.scim.schema.AttributeDefinition;
import dev.provisioning.scim.schema.AttributePath;
import dev.provisioning.scim.schema.AttributeType;
import dev.provisioning.scim.schema.ResolvedAttribute;
import dev.provisioning.scim.schema.ResourceTypeDefinition;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Optional;

/**
 * Checks a parsed filter against a resource type and returns it normalised, so that the evaluator
 * and the SQL translator see one shape only:
 * <ul>
 * <li>every path is canonical: names spelled as in the schema, the core URN dropped, extension
 * attributes URN-qualified; paths inside a value path are bare sub-attribute names;</li>
 * <li>a comparison on a complex attribute without sub-attribute ({@code emails co "x"},
 * {@code members eq "id"}, {@code manager eq "id"}) compares its {@code value} sub-attribute (RFC 7644 §3.4.2.2);</li>
 * <li>{@code "true"}/{@code "false"} strings compared with a boolean attribute become booleans (Entra
 * sometimes quotes booleans, entra-scim.md P1); numbers and booleans compared with a string attribute
 * become strings (the bare-token leniency: {@code externalId eq 12345}).</li>
 * </ul>
 * Rejected with {@code invalidFilter}: unknown attributes, value paths on anything but a multi-valued
 * complex attribute, ordering ({@code gt ge lt le}) on boolean or binary, substring operators on
 * boolean or dateTime, a dateTime compared with anything but an ISO-8601 date-time string, {@code null}
 * with anything but {@code eq}/{@code ne}, and comparisons of a complex attribute that has no
 * {@code value}.
 */
public final class FilterValidator {

    private FilterValidator() {
    }

    public static Filter validate(Filter filter, ResourceTypeDefinition type) {
        if (filter instanceof Filter.And and) {
            return new Filter.And(validate(and.left(), type), validate(and.right(), type));
        }
        if (filter instanceof Filter.Or or) {
            return new Filter.Or(validate(or.left(), type), validate(or.right(), type));
        }
        if (filter instanceof Filter.Not not) {
            return new Filter.Not(validate(not.inner(), type));
        }
        if (filter instanceof Filter.ValuePath valuePath) {
            ResolvedAttribute resolved = resolve(valuePath.path(), type);
            AttributeDefinition attribute = resolved.attribute();
            if (resolved.subAttribute() != null || !attribute.isComplex() || !attribute.multiValued()) {
                throw ScimException.invalidFilter("A value path [...] needs a multi-valued complex attribute, but '"
                        + valuePath.path() + "' is not one");
            }
            return new Filter.ValuePath(resolved.canonicalPath(type), validateElement(valuePath.filter(), attribute));
        }
        if (filter instanceof Filter.Present present) {
            return new Filter.Present(resolve(present.path(), type).canonicalPath(type));
        }
        Filter.Compare compare = (Filter.Compare) filter;
        ResolvedAttribute resolved = resolve(compare.path(), type);
        AttributePath path = resolved.canonicalPath(type);
        AttributeDefinition target = resolved.target();
        if (target.isComplex()) {
            AttributeDefinition value = target.subAttribute("value").orElseThrow(() -> ScimException.invalidFilter(
                    "The complex attribute '" + compare.path() + "' cannot be compared; name a sub-attribute"));
            path = new AttributePath(path.schemaUrn(), path.attribute(), value.name());
            target = value;
        }
        return new Filter.Compare(path, compare.op(), checkValue(compare, target));
    }

    /**
     * Validates the filter of a value path ({@code emails[type eq "work"]}) or of a PATCH path
     * filter: its paths are sub-attributes of {@code multiValuedAttribute}.
     */
    public static Filter validateElement(Filter filter, AttributeDefinition multiValuedAttribute) {
        if (filter instanceof Filter.And and) {
            return new Filter.And(validateElement(and.left(), multiValuedAttribute),
                    validateElement(and.right(), multiValuedAttribute));
        }
        if (filter instanceof Filter.Or or) {
            return new Filter.Or(validateElement(or.left(), multiValuedAttribute),
                    validateElement(or.right(), multiValuedAttribute));
        }
        if (filter instanceof Filter.Not not) {
            return new Filter.Not(validateElement(not.inner(), multiValuedAttribute));
        }
        if (filter instanceof Filter.ValuePath) {
            throw ScimException.invalidFilter("A value path cannot be nested inside another value path");
        }
        AttributePath path = filter instanceof Filter.Present present ? present.path() : ((Filter.Compare) filter).path();
        if (path.schemaUrn() != null || path.hasSubAttribute()) {
            throw ScimException.invalidFilter("Unknown attribute '" + multiValuedAttribute.name() + "." + path
                    + "' in filter");
        }
        AttributeDefinition sub = multiValuedAttribute.subAttribute(path.attribute()).orElseThrow(() ->
                ScimException.invalidFilter("Unknown attribute '" + multiValuedAttribute.name() + "." + path.attribute()
                        + "' in filter"));
        AttributePath canonical = AttributePath.of(sub.name());
        if (filter instanceof Filter.Present) {
            return new Filter.Present(canonical);
        }
        Filter.Compare compare = (Filter.Compare) filter;
        return new Filter.Compare(canonical, compare.op(), checkValue(compare, sub));
    }

    private static ResolvedAttribute resolve(AttributePath path, ResourceTypeDefinition type) {
        Optional<ResolvedAttribute> resolved = type.resolve(path);
        if (resolved.isEmpty()) {
            throw ScimException.invalidFilter("Unknown attribute '" + path + "' in filter");
        }
        return resolved.get();
    }

    private static CompValue checkValue(Filter.Compare compare, AttributeDefinition target) {
        CompareOp op = compare.op();
        CompValue value = compare.value();
        String where = "'" + compare.path() + "'";
        if (value instanceof CompValue.NullValue) {
            if (op != CompareOp.EQ && op != CompareOp.NE) {
                throw ScimException.invalidFilter("null can only be compared with eq or ne, not " + op.token());
            }
            return value;
        }
        boolean substring = op == CompareOp.CO || op == CompareOp.SW || op == CompareOp.EW;
        AttributeType type = target.type();
        switch (type) {
            case BOOLEAN -> {
                if (op.isOrdering() || substring) {
                    throw ScimException.invalidFilter("The operator " + op.token() + " cannot be used on the boolean attribute " + where);
                }
                if (value instanceof CompValue.StringValue string
                        && (string.value().equalsIgnoreCase("true") || string.value().equalsIgnoreCase("false"))) {
                    return new CompValue.BooleanValue(Boolean.parseBoolean(string.value().toLowerCase(Locale.ROOT)));
                }
                if (!(value instanceof CompValue.BooleanValue)) {
                    throw ScimException.invalidFilter("The boolean attribute " + where + " can only be compared with true or false");
                }
                return value;
            }
            case DATE_TIME -> {
                if (substring) {
                    throw ScimException.invalidFilter("The operator " + op.token() + " cannot be used on the dateTime attribute " + where);
                }
                if (!(value instanceof CompValue.StringValue string) || DateTimes.parse(string.value()) == null) {
                    throw ScimException.invalidFilter("The dateTime attribute " + where
                            + " must be compared with an ISO-8601 date-time such as \"2026-01-01T00:00:00Z\"");
                }
                return value;
            }
            case DECIMAL, INTEGER -> {
                if (substring) {
                    throw ScimException.invalidFilter("The operator " + op.token() + " cannot be used on the numeric attribute " + where);
                }
                if (value instanceof CompValue.StringValue string) {
                    try {
                        return new CompValue.NumberValue(new BigDecimal(string.value().strip()));
                    } catch (NumberFormatException e) {
                        throw ScimException.invalidFilter("The numeric attribute " + where + " must be compared with a number");
                    }
                }
                if (!(value instanceof CompValue.NumberValue)) {
                    throw ScimException.invalidFilter("The numeric attribute " + where + " must be compared with a number");
                }
                return value;
            }
            case BINARY -> {
                if (op.isOrdering()) {
                    throw ScimException.invalidFilter("The operator " + op.token() + " cannot be used on the binary attribute " + where);
                }
                return asString(value);
            }
            default -> {
                return asString(value);
            }
        }
    }

    private static CompValue asString(CompValue value) {
        if (value instanceof CompValue.NumberValue number) {
            return new CompValue.StringValue(number.value().toPlainString());
        }
        if (value instanceof CompValue.BooleanValue bool) {
            return new CompValue.StringValue(Boolean.toString(bool.value()));
        }
        return value;
    }
}
