package dev.provisioning.scim.patch;

import java.util.List;

/**
 * A change to a group's membership. Members are never held in the group document (a group can
 * have 100 000 of them), so {@link PatchEngine} turns every operation on {@code members} into one
 * of these, in request order, for the service to apply with set-based SQL.
 */
public sealed interface MemberChange {

    /** Add these user ids; ids already members are a no-op (RFC 7644 §3.5.2.1). */
    record Add(List<String> ids) implements MemberChange {
        public Add {
            ids = List.copyOf(ids);
        }
    }

    /** Remove these user ids; ids that are not members are a no-op (entra-scim §8.2). */
    record Remove(List<String> ids) implements MemberChange {
        public Remove {
            ids = List.copyOf(ids);
        }
    }

    /** Remove every member ({@code remove} of {@code members} without filter or value). */
    record RemoveAll() implements MemberChange {
    }

    /** Replace the whole membership with these ids (possibly none). */
    record ReplaceAll(List<String> ids) implements MemberChange {
        public ReplaceAll {
            ids = List.copyOf(ids);
        }
    }
}
