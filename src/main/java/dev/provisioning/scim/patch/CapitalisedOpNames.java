package dev.provisioning.scim.patch;

import dev.provisioning.scim.message.ScimException;

/**
 * Entra quirk (entra-scim §1.8, P14): without {@code aadOptscim062020} Entra sends {@code "Add"},
 * {@code "Replace"}, {@code "Remove"}. Op names are read case-insensitively; any other name is
 * {@code invalidSyntax}.
 */
final class CapitalisedOpNames {
    private CapitalisedOpNames() {
    }

    static PatchOperation.Op read(String name, int index) {
        PatchOperation.Op op = PatchOperation.Op.of(name);
        if (op == null) {
            throw ScimException.invalidSyntax("Operations[" + index + "]: unknown op '" + name
                    + "'; expected add, replace or remove");
        }
        return op;
    }
}
