package dev.provisioning.scim.schema;

/**
 * An {@link AttributePath} resolved against a resource type: the schema it belongs to, the
 * top-level attribute and, when the path names one, the sub-attribute.
 */
public record ResolvedAttribute(SchemaDefinition schema, AttributeDefinition attribute, AttributeDefinition subAttribute) {

    /** The definition that the path finally designates: the sub-attribute when there is one. */
    public AttributeDefinition target() {
        return subAttribute != null ? subAttribute : attribute;
    }

    /** True for attributes of an extension schema, which live under the schema URN in a resource. */
    public boolean inExtension(ResourceTypeDefinition resourceType) {
        return resourceType.isExtension(schema.id());
    }

    /** The canonical path, URN-qualified only for extension attributes. */
    public AttributePath canonicalPath(ResourceTypeDefinition resourceType) {
        String urn = inExtension(resourceType) ? schema.id() : null;
        return new AttributePath(urn, attribute.name(), subAttribute == null ? null : subAttribute.name());
    }
}
