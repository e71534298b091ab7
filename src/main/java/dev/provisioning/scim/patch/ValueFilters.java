package dev.provisioning.scim.patch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provisioning.scim.filter.Filter;
import dev.provisioning.scim.filter.FilterEvaluator;
import dev.provisioning.scim.filter.FilterParser;
import dev.provisioning.scim.filter.FilterValidator;
import dev.provisioning.scim.message.ScimException;
import dev.provisioning.scim.schema.AttributeDefinition;

/**
 * The calls PATCH makes into the filter package. A bad filter inside a PATCH path is reported as
 * {@code invalidPath} (entra-scim §5 table), not {@code invalidFilter}.
 */
final class ValueFilters {
    private ValueFilters() {
    }

    static Filter parse(String text) {
        return FilterParser.parse(text);
    }

    /** Checks the filter against the attribute's sub-attributes before any element is tested. */
    static void validate(Filter filter, AttributeDefinition multiValuedAttribute, String pathText) {
        try {
            FilterValidator.validateElement(filter, multiValuedAttribute);
        } catch (ScimException invalid) {
            throw ScimException.invalidPath("Invalid PATCH path '" + pathText + "': " + invalid.detail());
        }
    }

    static boolean matches(Filter filter, JsonNode element, AttributeDefinition multiValuedAttribute) {
        return FilterEvaluator.matchesElement(filter, element, multiValuedAttribute);
    }
}
