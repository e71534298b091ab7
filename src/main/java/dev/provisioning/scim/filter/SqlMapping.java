package dev.provisioning.scim.filter;

import dev.provisioning.scim.schema.ResourceTypeDefinition;
import dev.provisioning.scim.schema.ScimSchemas;

/**
 * How a resource type is stored, for {@link FilterSqlTranslator}. The translated SQL refers to the
 * resource table by {@link #alias()}, so the repository must write {@code from users u} for
 * {@link #USERS} and {@code from teams t} for {@link #GROUPS} (V1__schema.sql).
 */
public enum SqlMapping {
    /** Table {@code users u}: the SCIM document in {@code u.scim}, promoted columns for id, userName, externalId, active, meta. */
    USERS(ScimSchemas.USER_TYPE, "u", "User"),
    /** Table {@code teams t}: displayName in {@code t.name}, members in {@code team_members}. */
    GROUPS(ScimSchemas.GROUP_TYPE, "t", "Group");

    private final ResourceTypeDefinition resourceType;
    private final String alias;
    private final String resourceTypeName;

    SqlMapping(ResourceTypeDefinition resourceType, String alias, String resourceTypeName) {
        this.resourceType = resourceType;
        this.alias = alias;
        this.resourceTypeName = resourceTypeName;
    }

    public ResourceTypeDefinition resourceType() {
        return resourceType;
    }

    /** The alias the query must give the resource table. */
    public String alias() {
        return alias;
    }

    /** The value of {@code meta.resourceType}. */
    public String resourceTypeName() {
        return resourceTypeName;
    }
}
