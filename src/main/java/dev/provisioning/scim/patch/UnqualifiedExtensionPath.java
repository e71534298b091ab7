package dev.provisioning.scim.patch;

import dev.provisioning.scim.schema.AttributePath;
import dev.provisioning.scim.schema.ResolvedAttribute;
import dev.provisioning.scim.schema.ResourceTypeDefinition;
import dev.provisioning.scim.schema.SchemaDefinition;
import java.util.Optional;

/**
 * Entra quirk (entra-scim §1.11): the legacy tutorial PATCHes {@code "path": "manager"} (and
 * {@code manager[value eq "id"]}) without the enterprise URN. A PATCH path that names no core
 * attribute is looked up in the extensions. POST/PUT bodies stay strict: enterprise attributes at
 * the top level of a body are ignored there (entra-scim §1.2).
 */
final class UnqualifiedExtensionPath {
    private UnqualifiedExtensionPath() {
    }

    static Optional<ResolvedAttribute> resolve(AttributePath path, ResourceTypeDefinition type) {
        Optional<ResolvedAttribute> resolved = type.resolve(path);
        if (resolved.isPresent() || path.schemaUrn() != null) {
            return resolved;
        }
        for (SchemaDefinition extension : type.extensions()) {
            Optional<ResolvedAttribute> found = type.resolve(
                    new AttributePath(extension.id(), path.attribute(), path.subAttribute()));
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }
}
