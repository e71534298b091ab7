package dev.provisioning.scim.schema;

import java.util.List;
import java.util.Optional;

/**
 * A resource type (RFC 7643 §6): its core schema, its extensions and the common attributes
 * ({@code id}, {@code externalId}, {@code meta}) that every resource has.
 */
public record ResourceTypeDefinition(
        String name, String endpoint, String description,
        SchemaDefinition core, List<SchemaDefinition> extensions, SchemaDefinition common) {

    public ResourceTypeDefinition {
        extensions = List.copyOf(extensions);
    }

    public boolean isExtension(String urn) {
        return extensions.stream().anyMatch(schema -> schema.id().equalsIgnoreCase(urn));
    }

    /** The core or extension schema with that URN (case-insensitive). */
    public Optional<SchemaDefinition> schema(String urn) {
        if (core.id().equalsIgnoreCase(urn)) {
            return Optional.of(core);
        }
        return extensions.stream().filter(schema -> schema.id().equalsIgnoreCase(urn)).findFirst();
    }

    /**
     * Resolves a path. Without a URN the name is looked up among the common attributes and the
     * core schema (RFC 7644 §3.10), then, leniently, the extensions; with one, in that schema only (the core URN also reaches the
     * common attributes). Empty when any part is unknown.
     */
    public Optional<ResolvedAttribute> resolve(AttributePath path) {
        Optional<SchemaDefinition> schema;
        Optional<AttributeDefinition> attribute;
        if (path.schemaUrn() == null || core.id().equalsIgnoreCase(path.schemaUrn())) {
            schema = Optional.of(core);
            attribute = common.attribute(path.attribute());
            if (attribute.isEmpty()) {
                attribute = core.attribute(path.attribute());
            }
            if (attribute.isEmpty() && path.schemaUrn() == null) {
                // lenient: an unqualified name that only an extension defines (Entra's legacy
                // "manager eq …" reference check) resolves there
                for (SchemaDefinition extension : extensions) {
                    Optional<AttributeDefinition> found = extension.attribute(path.attribute());
                    if (found.isPresent()) {
                        schema = Optional.of(extension);
                        attribute = found;
                        break;
                    }
                }
            }
        } else {
            schema = schema(path.schemaUrn());
            attribute = schema.flatMap(found -> found.attribute(path.attribute()));
        }
        if (attribute.isEmpty()) {
            return Optional.empty();
        }
        AttributeDefinition sub = null;
        if (path.subAttribute() != null) {
            Optional<AttributeDefinition> found = attribute.get().subAttribute(path.subAttribute());
            if (found.isEmpty()) {
                return Optional.empty();
            }
            sub = found.get();
        }
        return Optional.of(new ResolvedAttribute(schema.get(), attribute.get(), sub));
    }
}
