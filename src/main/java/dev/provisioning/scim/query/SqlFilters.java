package dev.provisioning.scim.query;

import dev.provisioning.scim.filter.Filter;
import dev.provisioning.scim.filter.FilterParser;
import dev.provisioning.scim.filter.FilterSqlTranslator;
import dev.provisioning.scim.filter.FilterValidator;
import dev.provisioning.scim.filter.SqlFragment;
import dev.provisioning.scim.filter.SqlMapping;
import dev.provisioning.scim.message.ScimException;
import dev.provisioning.scim.schema.AttributePath;
import dev.provisioning.scim.schema.ResourceTypeDefinition;
import dev.provisioning.scim.schema.ScimSchemas;

/**
 * The one path from a {@code filter} / {@code sortBy} query parameter to SQL: parse, validate
 * against the schema, translate with bind parameters numbered from {@code firstBind}.
 */
public final class SqlFilters {

    private SqlFilters() {
    }

    private static final FilterTemplates TEMPLATES = new FilterTemplates();

    /** The filter as SQL; translated once per shape of filter ({@link FilterTemplates}). */
    public static SqlFragment where(String filterText, ResourceTypeDefinition type, int firstBind) {
        return TEMPLATES.translate(type.name() + ' ' + firstBind, filterText, text -> translate(text, type, firstBind));
    }

    /** Parse, validate against the schema, translate: what {@link #where} does for a shape it has not seen. */
    static SqlFragment translate(String filterText, ResourceTypeDefinition type, int firstBind) {
        Filter filter = FilterValidator.validate(FilterParser.parse(filterText), type);
        return FilterSqlTranslator.translate(filter, mapping(type), firstBind);
    }

    /** The ORDER BY expression for {@code sortBy} (no binds), with its direction. */
    public static String orderBy(String sortBy, ResourceTypeDefinition type, boolean descending) {
        AttributePath path;
        try {
            path = FilterParser.parseAttributePath(sortBy.trim());
        } catch (ScimException e) {
            throw ScimException.invalidValue("sortBy '" + sortBy + "' is not an attribute path");
        }
        SqlFragment expression = new FilterSqlTranslator(mapping(type), 1).sortExpression(path);
        if (!expression.binds().isEmpty()) {
            throw new IllegalStateException("sort expressions take no binds");
        }
        return expression.sql() + (descending ? " desc nulls last" : " asc nulls last");
    }

    static SqlMapping mapping(ResourceTypeDefinition type) {
        return type == ScimSchemas.GROUP_TYPE ? SqlMapping.GROUPS : SqlMapping.USERS;
    }
}
