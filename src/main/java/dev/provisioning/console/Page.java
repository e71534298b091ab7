package dev.provisioning.console;

import dev.provisioning.admin.AdminViews;

/**
 * What every console page shows around its content: title, who is signed in (and the CSRF token
 * its forms carry), the organization and section being viewed, a notice or an error at the top.
 *
 * @param nav the active section: organizations, providers, api-keys, teams, users, conflicts (or empty)
 */
public record Page(String title, String nav, ConsoleSession session, AdminViews.Organization org, String notice,
        String error, ConsoleAssets assets) {

    public boolean signedIn() {
        return session != null;
    }

    public String csrf() {
        return session == null ? "" : session.csrfToken();
    }

    public boolean platformAdmin() {
        return session != null && session.platformAdmin();
    }

    /** The base of the current organization's pages. */
    public String orgPath() {
        return org == null ? "/console" : "/console/organizations/" + org.id();
    }

    public boolean active(String section) {
        return section.equals(nav);
    }

    Page withError(String message) {
        return new Page(title, nav, session, org, notice, message, assets);
    }
}
