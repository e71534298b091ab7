package dev.provisioning.scim.patch;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One parsed PATCH operation.
 *
 * @param op    add, replace or remove
 * @param path  the target; null only for a path-less add/replace
 * @param value the value as sent (any JSON); null when absent
 */
public record PatchOperation(Op op, PatchPath path, JsonNode value) {

    public enum Op {
        ADD, REPLACE, REMOVE;

        /** The op name in any case: Entra sends {@code Add}, {@code Replace}, {@code Remove} (§1.8). */
        static Op of(String name) {
            for (Op candidate : values()) {
                if (candidate.name().equalsIgnoreCase(name)) {
                    return candidate;
                }
            }
            return null;
        }
    }

    public static PatchOperation add(String path, JsonNode value) {
        return new PatchOperation(Op.ADD, path == null ? null : PatchPath.parse(path), value);
    }

    public static PatchOperation replace(String path, JsonNode value) {
        return new PatchOperation(Op.REPLACE, path == null ? null : PatchPath.parse(path), value);
    }

    public static PatchOperation remove(String path) {
        return new PatchOperation(Op.REMOVE, PatchPath.parse(path), null);
    }
}
