package dev.provisioning.scim.schema;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Entra quirk (entra-scim §1.12, P13): member values arrive as {@code {"$ref": null, "value": id}}.
 * Of a member only {@code value} and {@code type} are kept: {@code $ref} is derived from the id when
 * rendering and {@code display} is readOnly, so both are dropped whatever they hold.
 */
final class RefNullInMembers {
    private RefNullInMembers() {
    }

    static void strip(ObjectNode member) {
        member.remove("$ref");
        member.remove("display");
    }
}
