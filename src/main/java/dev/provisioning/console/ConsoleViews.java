package dev.provisioning.console;

import dev.provisioning.admin.AdminViews;
import dev.provisioning.oauth.OAuthClients;
import java.util.List;

/** What each console page shows, beyond {@link Page}. */
public final class ConsoleViews {
    private ConsoleViews() {
    }

    /** The sign-in page: single sign-on when configured, the one-time ticket when the link carried one. */
    public record SignIn(boolean ssoConfigured, String ticket, String csrf, String message) {
    }

    public record Organization(AdminViews.Organization org, List<AdminViews.ScimProvider> providers) {
        public boolean canCreateProvider() {
            return org.scimEnabled() && org.multiScimEnabled();
        }
    }

    /**
     * @param path the provider page's path
     * @param tokenEndpoint where the provider's OAuth clients get access tokens (the public base URL, as the Tenant URL)
     */
    public record Provider(String path, AdminViews.ScimProvider provider, List<AdminViews.ApiKey> keys,
            List<OAuthClients.Client> clients, List<AdminViews.Team> teams, ShownOnce shown, String tokenEndpoint) {
        /** What deleting an OAuth client does: asked by the browser's confirmation and by the page without JavaScript. */
        static final String DELETE_CLIENT_CONSEQUENCE = "Entra can no longer get access tokens with it, and those it has stop working"
                + " within a second. This cannot be undone.";

        public String keysPath() {
            return path + "/keys";
        }

        public String keysCaption() {
            return "Keys of " + provider.name();
        }

        public AdminViews.NewApiKey newKey() {
            return shown.key();
        }

        public OAuthClients.NewClient newClient() {
            return shown.client();
        }

        public String clientsPath() {
            return path + "/oauth-clients";
        }

        public String clientsCaption() {
            return "OAuth clients of " + provider.name();
        }

        public String deleteClientConsequence() {
            return DELETE_CLIENT_CONSEQUENCE;
        }

        public long liveKeys() {
            return keys.stream().filter(key -> key.revokedAt() == null).count();
        }

        public List<AdminViews.Team> managedTeams() {
            return teams.stream().filter(team -> provider.id().equals(team.scimProviderId())).toList();
        }

        /** Teams that may be this provider's default team: its own and unmanaged ones. */
        public List<AdminViews.Team> defaultTeamChoices() {
            return teams.stream().filter(team -> team.scimProviderId() == null || provider.id().equals(team.scimProviderId())).toList();
        }
    }

    public record Log(AdminViews.ScimProvider provider, List<AdminViews.Event> events, String outcome, String operation,
            boolean newest, String olderLink) {
        public static final List<String> OUTCOMES = List.of("success", "failure");
        public static final List<String> OPERATIONS = List.of("create", "claim", "replace", "patch", "delete");

        public List<String> outcomes() {
            return OUTCOMES;
        }

        public List<String> operations() {
            return OPERATIONS;
        }
    }

    /** What the provider page shows this once, right after its creation: a key's token or an OAuth client's secret. */
    public record ShownOnce(AdminViews.NewApiKey key, OAuthClients.NewClient client) {
        public static final ShownOnce NOTHING = new ShownOnce(null, null);

        static ShownOnce key(AdminViews.NewApiKey key) {
            return new ShownOnce(key, null);
        }

        static ShownOnce client(OAuthClients.NewClient client) {
            return new ShownOnce(null, client);
        }
    }

    /** @param keysPath the path of the organization's API keys page */
    public record ApiKeys(String keysPath, List<AdminViews.ApiKey> keys, AdminViews.NewApiKey newKey) {
    }

    public record Teams(List<AdminViews.Team> teams, List<AdminViews.ScimProvider> providers, ProviderNames names,
            AdminViews.Team refused, List<AdminViews.LinkConflict> conflicts) {
    }

    public record Users(String email, boolean searched, List<AdminViews.User> users, ProviderNames names, boolean more) {
    }

    public record User(AdminViews.User user, List<AdminViews.Team> teams, ProviderNames names) {
        public List<AdminViews.Team> memberOf() {
            return teams.stream().filter(team -> user.teamIds().contains(team.id())).toList();
        }

        public List<AdminViews.Team> notMemberOf() {
            return teams.stream().filter(team -> !user.teamIds().contains(team.id())).toList();
        }
    }

    public record Conflicts(List<AdminViews.ScopeConflict> conflicts, ProviderNames names) {
    }

    /** A confirmation asked without JavaScript (with it, the browser's confirm dialog asks instead). */
    public record Confirm(String question, String detail, String action, String button, String cancel) {
    }
}
