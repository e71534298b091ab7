package dev.provisioning.scim.patch;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Entra quirk (entra-scim §1.11, §4.7): Microsoft's validation suite removes the manager with
 * {@code {"op":"Replace","path":"urn:...:User:manager","value":""}}, and its "null/empty update"
 * test clears optional attributes with {@code ""} then {@code null}. An add/replace whose value is
 * unassigned ({@code null}, {@code ""}, {@code []}, {@code {}}) is therefore applied as a remove of
 * that path; for a required attribute it is {@code invalidValue} (a required value is missing).
 */
final class ManagerRemovedByEmptyReplace {
    private ManagerRemovedByEmptyReplace() {
    }

    static boolean isRemoval(PatchOperation operation, JsonNode coercedValue) {
        return operation.op() != PatchOperation.Op.REMOVE && coercedValue == null;
    }
}
