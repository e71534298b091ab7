package dev.provisioning.console;

import dev.provisioning.admin.AdminCaller;
import java.util.Set;

/**
 * A signed-in console user: who it is, what the admin API's role rules let it do, and the secret
 * its forms must carry.
 */
public record ConsoleSession(String subject, AdminCaller caller, String csrfToken) {

    static ConsoleSession of(ConsoleSessionEntity stored) {
        return new ConsoleSession(stored.subject, new AdminCaller(Set.of(stored.groups),
                stored.organizationId == null ? null : stored.organizationId.toString()), stored.csrfToken);
    }

    public boolean platformAdmin() {
        return caller.isPlatformAdmin();
    }

    /** Whether a form's CSRF field is this session's (constant time). */
    boolean formFrom(String csrf) {
        return ConsoleSecrets.matches(csrfToken, csrf);
    }
}
