package dev.provisioning.scim.patch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;

/**
 * The outcome of {@link PatchEngine#apply}.
 *
 * @param resource          the patched document (a new object; the input is never modified)
 * @param changed           false when {@code resource} equals the input document; then the caller
 *                          keeps {@code meta.lastModified} / version. Says nothing about members.
 * @param changedAttributes canonical paths of the top-level attributes whose value differs
 *                          ({@code userName}, {@code emails}, {@code urn:...:User:department})
 * @param memberChanges     group membership changes in request order (always empty for users);
 *                          whether they change anything only the store knows
 */
public record PatchResult(ObjectNode resource, boolean changed, Set<String> changedAttributes,
                          List<MemberChange> memberChanges) {

    public PatchResult {
        changedAttributes = Set.copyOf(changedAttributes);
        memberChanges = List.copyOf(memberChanges);
    }
}
