package dev.provisioning.console;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provisioning.admin.AdminAccess;
import dev.provisioning.admin.AdminBodies;
import dev.provisioning.admin.AdminViews;
import dev.provisioning.admin.OrganizationAdmin;
import dev.provisioning.admin.ProviderAdmin;
import dev.provisioning.admin.PublicBase;
import dev.provisioning.admin.TeamAdmin;
import dev.provisioning.admin.UserAdmin;
import dev.provisioning.oauth.OAuthClients;
import dev.provisioning.oauth.TokenResource;
import dev.provisioning.web.AdminException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import org.jboss.resteasy.reactive.RestCookie;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * The console's pages (product.md §10). Every page and form works through the admin API's own
 * services and role rules ({@link dev.provisioning.admin.AdminCaller}, checked before anything is
 * read); this class only turns form fields into their calls and their answers into pages.
 */
@WithSession
@Path(ConsoleResponses.PATH + "/organizations")
public class ConsoleResource {
    static final int LOG_PAGE = 50;
    static final int USER_PAGE = 100;
    private static final Map<String, String> NOTICES = Map.ofEntries(
            Map.entry("organization-created", "Organization created."),
            Map.entry("settings-saved", "Settings saved."),
            Map.entry("provider-created", "Provider created. Create a key, then connect Microsoft Entra ID with the steps below."),
            Map.entry("provider-saved", "Provider saved."),
            Map.entry("provider-deleted", "Provider deleted: its keys no longer work, its users are unlinked and its teams unmanaged."),
            Map.entry("key-revoked", "Key revoked: it stops working at once."),
            Map.entry("oauth-client-deleted", "OAuth client deleted: its access tokens stop working within a second."),
            Map.entry("team-created", "Team created."),
            Map.entry("team-saved", "Team saved."),
            Map.entry("user-created", "User created."),
            Map.entry("membership-saved", "Team membership saved."));

    private final ConsoleResponses responses;
    private final OrganizationAdmin organizations;
    private final ProviderAdmin providers;
    private final TeamAdmin teams;
    private final UserAdmin users;
    private final OAuthClients clients;
    private final PublicBase publicBase;

    public ConsoleResource(ConsoleResponses responses, OrganizationAdmin organizations, ProviderAdmin providers, TeamAdmin teams,
            UserAdmin users, OAuthClients clients, PublicBase publicBase) {
        this.responses = responses;
        this.clients = clients;
        this.organizations = organizations;
        this.providers = providers;
        this.teams = teams;
        this.users = users;
        this.publicBase = publicBase;
    }

    // --- Organizations (platform admin: list, create; everyone: their organization) -------------------

    @GET
    public Uni<Response> organizations(@RestCookie(ConsoleResponses.SESSION_COOKIE) String cookie, @RestQuery String done) {
        return responses.signedIn(cookie, session -> {
            if (!session.platformAdmin()) {
                UUID own = session.caller().ownOrganization();
                if (own == null) {
                    throw AdminException.forbidden("Your account is an org-admin but names no organization (the ID token's 'org' claim);"
                            + " ask your IT administrator to add it");
                }
                return Uni.createFrom().item(ConsoleResponses.redirect(orgPath(own)));
            }
            return organizationsPage(session, notice(done), Form.NONE, 200);
        });
    }

    @POST
    public Uni<Response> createOrganization(@RestCookie(ConsoleResponses.SESSION_COOKIE) String cookie, @RestForm String csrf,
            @RestForm String name, @RestForm String scimEnabled, @RestForm String multiScimEnabled) {
        Map<String, String> typed = typed("name", name, "scimEnabled", scimEnabled, "multiScimEnabled", multiScimEnabled);
        return responses.form(cookie, csrf, session -> {
            session.caller().requirePlatformAdmin("Creating an organization");
            String valid = AdminBodies.requiredName(fields("name", name), "name");
            return organizations.create(valid, checked(scimEnabled), checked(multiScimEnabled))
                    .map(org -> ConsoleResponses.redirect(orgPath(org.id()) + "?done=organization-created"));
        }, (session, refusal) -> organizationsPage(session, null, refused("create-organization", typed, refusal), refusal.status()));
    }

    private Uni<Response> organizationsPage(ConsoleSession session, String notice, Form form, int status) {
        return organizations.list(null).flatMap(list -> responses.render(ConsolePages.organizations(
                responses.page(session, "Organizations", "organizations", null, notice), list, form), status));
    }

    // --- An organization's SCIM settings: add-on switches, providers -------------------------------------

    @GET
    @Path("{orgId}")
    public Uni<Response> organization(@RestCookie(ConsoleResponses.SESSION_COOKIE) String cookie, @RestPath String orgId,
            @RestQuery String done, UriInfo uri) {
        return responses.signedIn(cookie, session -> organizationPage(session, session.caller().organization(orgId), uri, notice(done),
                Form.NONE, 200));
    }

    @POST
    @Path("{orgId}/settings")
    public Uni<Response> saveSettings(@RestCookie(ConsoleResponses.SESSION_COOKIE) String cookie, @RestPath String orgId,
            @RestForm String csrf, @RestForm String name, @RestForm String scimEnabled, @RestForm String multiScimEnabled, UriInfo uri) {
        Map<String, String> typed = typed("name", name, "scimEnabled", scimEnabled, "multiScimEnabled", multiScimEnabled);
        return responses.form(cookie, csrf, session -> {
            UUID org = session.caller().organization(orgId);
            session.caller().requirePlatformAdmin("Switching the SCIM add-on or multi-SCIM");
            String valid = AdminBodies.requiredName(fields("name", name), "name");
            return organizations.update(org, valid, checked(scimEnabled), checked(multiScimEnabled))
                    .map(updated -> ConsoleResponses.redirect(orgPath(org) + "?done=settings-saved"));
        }, (session, refusal) -> organizationPage(session, session.caller().organization(orgId), uri, null,
                refused("settings", typed, refusal), refusal.status()));
    }

    @POST
    @Path("{orgId}/providers")
    public Uni<Response> createProvider(@RestCookie(ConsoleResponses.SESSION_COOKIE) String cookie, @RestPath String orgId,
            @RestForm String csrf, @RestForm String name, UriInfo uri) {
        return responses.form(cookie, csrf, session -> {
            UUID org = session.caller().organization(orgId);
            String valid = AdminBodies.requiredName(fields("name", name), "name");
            return providers.create(org, valid, publicBase.of(uri))
                    .map(provider -> ConsoleResponses.redirect(providerPath(org, provider.id()) + "?done=provider-created"));
        }, (session, refusal) -> organizationPage(session, session.caller().organization(orgId), uri, null,
                refused("create-provider", typed("name", name), refusal), refusal.status()));
    }

    private Uni<Response> organizationPage(ConsoleSession session, UUID org, UriInfo uri, String notice, Form form, int status) {
        return organizations.get(org).flatMap(organization -> providers.list(org, publicBase.of(uri))
                .flatMap(list -> responses.render(ConsolePages.organization(
                        responses.page(session, organization.name() + " — Providers", "providers", organization, notice),
                        new ConsoleViews.Organization(organization, list), form), status)));
    }

    // --- A provider: Entra panel, keys, teams, default team, delete --------------------------------------

    @GET
    @Path("{orgId}/providers/{providerId}")
    public Uni<Response> provider(@RestCookie(ConsoleResponses.SESSION_COOKIE) String cookie, @RestPath String orgId,
            @RestPath String providerId, @RestQuery String done, UriInfo uri) {
        return responses.signedIn(cookie, session -> {
            UUID org = session.caller().organization(orgId);
            return providerPage(session, org, providerOf(providerId), uri, notice(done),
                    ConsoleViews.ShownOnce.NOTHING, Form.NONE, 200);
        });
    }

    @POST
    @Path("{orgId}/providers/{providerId}")
    public Uni<Response> saveProvider(@RestCookie(ConsoleResponses.SESSION_COOKIE) String cookie, @RestPath String orgId,
            @RestPath String providerId, @RestForm String csrf, @RestForm String name, @RestForm String defaultTeamId,
            @RestForm String entraTenantId, UriInfo uri) {
        Map<String, String> typed = typed("name", name, "defaultTeamId", defaultTeamId, "entraTenantId", entraTenantId);
        return responses.form(cookie, csrf, session -> {
            UUID org = session.caller().organization(orgId);
            UUID provider = providerOf(providerId);
            ObjectNode body = fields("name", name);
            body.put("defaultTeamId", blank(defaultTeamId) ? null : defaultTeamId);
            body.put("entraTenantId", blank(entraTenantId) ? null : entraTenantId);
            String validName = AdminBodies.requiredName(body, "name");
            UUID team = AdminBodies.nullableUuid(body, "defaultTeamId", true);
            UUID tenant = AdminBodies.nullableEntraTenantId(body, "entraTenantId");
            // a form without the field (an older page still open) leaves the tenant as it is; a blank field clears it
            return providers.update(org, provider, validName, true, team, entraTenantId != null, tenant, publicBase.of(uri))
                    .map(saved -> ConsoleResponses.redirect(providerPath(org, provider) + "?done=provider-saved"));
        }, showProviderAgain(orgId, providerId, uri, "provider", typed));
    }

    /** Creates a provider key and shows its token, this once. */
    @POST
    @Path("{orgId}/providers/{providerId}/keys")
    public Uni<Response> createProviderKey(@RestCookie(ConsoleResponses.SESSION_COOKIE) String cookie, @RestPath String orgId,
            @RestPath String providerId, @RestForm String csrf, @RestForm String name, UriInfo uri) {
        Map<String, String> typed = typed("name", name);
        return responses.form(cookie, csrf, session -> {
            UUID org = session.caller().organization(orgId);
            UUID provider = providerOf(providerId);
            return providers.createKey(org, provider, optionalName(name))
                    .flatMap(key -> providerPage(session, org, provider, uri, null, ConsoleViews.ShownOnce.key(key), Form.NONE, 201));
        }, showProviderAgain(orgId, providerId, uri, "create-key", typed));
    }

    @POST
    @Path("{orgId}/providers/{providerId}/keys/{keyId}/revoke")
    public Uni<Response> revokeProviderKey(@RestCookie(ConsoleResponses.SESSION_COOKIE) String cookie, @RestPath String orgId,
            @RestPath String providerId, @RestPath String keyId, @RestForm String csrf, @RestForm String confirmed, @RestForm String keyName) {
        return responses.form(cookie, csrf, session -> {
            UUID org = session.caller().organization(orgId);
            UUID provider = providerOf(providerId);
            UUID key = AdminAccess.pathId(keyId, "API key");
            if (!"yes".equals(confirmed)) {
                return confirm(session, new ConsoleViews.Confirm("Revoke key " + quoted(keyName) + "?",
                        "The identity provider using this key stops provisioning at once. This cannot be undone.",
                        providerPath(org, provider) + "/keys/" + key + "/revoke", "Revoke", providerPath(org, provider)));
            }
            return providers.revokeKey(org, provider, key)
                    .map(done -> ConsoleResponses.redirect(providerPath(org, provider) + "?done=key-revoked"));
        }, (session, refusal) -> responses.errorPage(session, refusal));
    }

    @POST
    @Path("{orgId}/providers/{providerId}/delete")
    public Uni<Response> deleteProvider(@RestCookie(ConsoleResponses.SESSION_COOKIE) String cookie, @RestPath String orgId,
            @RestPath String providerId, @RestForm String csrf, @RestForm String confirmed, @RestForm String providerName, UriInfo uri) {
        return responses.form(cookie, csrf, session -> {
            UUID org = session.caller().organization(orgId);
            UUID provider = providerOf(providerId);
            if (!"yes".equals(confirmed)) {
                return confirm(session, new ConsoleViews.Confirm("Delete provider " + quoted(providerName) + "?",
                        "Its keys stop working, its users are unlinked (they stay active or inactive as they are) and its teams are no"
                                + " longer managed by SCIM. This cannot be undone.",
                        providerPath(org, provider) + "/delete", "Delete provider", providerPath(org, provider)));
            }
            return providers.delete(org, provider).map(done -> ConsoleResponses.redirect(orgPath(org) + "?done=provider-deleted"));
        }, showProviderAgain(orgId, providerId, uri, "delete", Map.of()));
    }

    /**
     * Creates an OAuth client of the provider (product.md §11) through the admin API's service and shows
     * its secret, this once; a third live client is refused at the top of the form.
     */
    @POST
    @Path("{orgId}/providers/{providerId}/oauth-clients")
    public Uni<Response> createOAuthClient(@RestCookie(ConsoleResponses.SESSION_COOKIE) String cookie, @RestPath String orgId,
            @RestPath String providerId, @RestForm String csrf, @RestForm String name, UriInfo uri) {
        return responses.form(cookie, csrf, session -> {
            UUID org = session.caller().organization(orgId);
            UUID provider = providerOf(providerId);
            return clients.create(org, provider, optionalName(name))
                    .flatMap(client -> providerPage(session, org, provider, uri, null, ConsoleViews.ShownOnce.client(client), Form.NONE, 201));
        }, showProviderAgain(orgId, providerId, uri, "create-oauth-client", typed("name", name)));
    }

    @POST
    @Path("{orgId}/providers/{providerId}/oauth-clients/{clientId}/delete")
    public Uni<Response> deleteOAuthClient(@RestCookie(ConsoleResponses.SESSION_COOKIE) String cookie, @RestPath String orgId,
            @RestPath String providerId, @RestPath String clientId, @RestForm String csrf, @RestForm String confirmed,
            @RestForm String clientName) {
        return responses.form(cookie, csrf, session -> {
            UUID org = session.caller().organization(orgId);
            UUID provider = providerOf(providerId);
            UUID client = AdminAccess.pathId(clientId, "OAuth client");
            if (!"yes".equals(confirmed)) {
                return confirm(session, new ConsoleViews.Confirm("Delete OAuth client " + quoted(clientName) + "?",
                        ConsoleViews.Provider.DELETE_CLIENT_CONSEQUENCE, providerPath(org, provider) + "/oauth-clients/" + client + "/delete",
                        "Delete", providerPath(org, provider)));
            }
            return clients.delete(org, provider, client)
                    .map(done -> ConsoleResponses.redirect(providerPath(org, provider) + "?done=oauth-client-deleted"));
        }, (session, refusal) -> responses.errorPage(session, refusal));
    }

    /** A refused form of the provider page: the page again, with the error and what was typed. */
    private BiFunction<ConsoleSession, AdminException, Uni<Response>> showProviderAgain(String orgId, String providerId, UriInfo uri,
            String formId, Map<String, String> typed) {
        return (session, refusal) -> providerPage(session, session.caller().organization(orgId),
                providerOf(providerId), uri, null, ConsoleViews.ShownOnce.NOTHING,
                refused(formId, typed, refusal), refusal.status());
    }

    private Uni<Response> providerPage(ConsoleSession session, UUID org, UUID provider, UriInfo uri, String notice,
            ConsoleViews.ShownOnce shown, Form form, int status) {
        String base = publicBase.of(uri);
        return organizations.get(org)
                .flatMap(organization -> providers.get(org, provider, base)
                        .flatMap(found -> providers.listKeys(org, provider)
                                .flatMap(keys -> clients.list(org, provider)
                                        .flatMap(clientList -> teams.list(org)
                                                .flatMap(teamList -> responses.render(ConsolePages.provider(
                                                        responses.page(session, found.name() + " — Provider", "providers", organization, notice),
                                                        new ConsoleViews.Provider(providerPath(org, provider), found, keys, clientList, teamList,
                                                                shown, base + TokenResource.PATH), form), status))))));
    }

    // --- Provisioning log ----------------------------------------------------------------------------

    @GET
    @Path("{orgId}/providers/{providerId}/log")
    public Uni<Response> log(@RestCookie(ConsoleResponses.SESSION_COOKIE) String cookie, @RestPath String orgId,
            @RestPath String providerId, @RestQuery String outcome, @RestQuery String operation, @RestQuery String before, UriInfo uri) {
        return responses.signedIn(cookie, session -> {
            UUID org = session.caller().organization(orgId);
            UUID provider = providerOf(providerId);
            String outcomeFilter = outcome != null && ConsoleViews.Log.OUTCOMES.contains(outcome) ? outcome : null;
            String operationFilter = operation != null && ConsoleViews.Log.OPERATIONS.contains(operation) ? operation : null;
            Long cursor = null;
            if (!blank(before)) {
                try {
                    cursor = Long.parseLong(before.trim());
                } catch (NumberFormatException e) {
                    throw AdminException.badRequest("before", "This page link is broken; start again from the newest events.");
                }
            }
            Long from = cursor;
            return organizations.get(org)
                    .flatMap(organization -> providers.get(org, provider, publicBase.of(uri))
                            .flatMap(found -> providers.events(org, provider, LOG_PAGE, from, outcomeFilter, operationFilter)
                                    .flatMap(events -> {
                                        String older = events.next() == null ? null
                                                : providerPath(org, provider) + "/log?" + query("outcome", outcomeFilter, "operation",
                                                        operationFilter, "before", events.next().toString());
                                        return responses.render(ConsolePages.log(
                                                responses.page(session, found.name() + " — Provisioning log", "providers", organization),
                                                new ConsoleViews.Log(found, events.items(), outcomeFilter, operationFilter, from == null,
                                                        older)), 200);
                                    })));
        });
    }

    // --- Organization API keys -----------------------------------------------------------------------

    @GET
    @Path("{orgId}/api-keys")
    public Uni<Response> apiKeys(@RestCookie(ConsoleResponses.SESSION_COOKIE) String cookie, @RestPath String orgId, @RestQuery String done) {
        return responses.signedIn(cookie, session -> apiKeysPage(session, session.caller().organization(orgId), notice(done), null,
                Form.NONE, 200));
    }

    @POST
    @Path("{orgId}/api-keys")
    public Uni<Response> createApiKey(@RestCookie(ConsoleResponses.SESSION_COOKIE) String cookie, @RestPath String orgId,
            @RestForm String csrf, @RestForm String name, @RestForm("manage_users") String manageUsers) {
        Map<String, String> typed = typed("name", name, "manage_users", manageUsers);
        return responses.form(cookie, csrf, session -> {
            UUID org = session.caller().organization(orgId);
            String valid = AdminBodies.requiredName(fields("name", name), "name");
            List<String> permissions = checked(manageUsers) ? List.of("manage_users") : List.of();
            return organizations.createKey(org, valid, permissions)
                    .flatMap(key -> apiKeysPage(session, org, null, key, Form.NONE, 201));
        }, (session, refusal) -> apiKeysPage(session, session.caller().organization(orgId), null, null,
                refused("create-key", typed, refusal), refusal.status()));
    }

    @POST
    @Path("{orgId}/api-keys/{keyId}/revoke")
    public Uni<Response> revokeApiKey(@RestCookie(ConsoleResponses.SESSION_COOKIE) String cookie, @RestPath String orgId,
            @RestPath String keyId, @RestForm String csrf, @RestForm String confirmed, @RestForm String keyName) {
        return responses.form(cookie, csrf, session -> {
            UUID org = session.caller().organization(orgId);
            UUID key = AdminAccess.pathId(keyId, "API key");
            if (!"yes".equals(confirmed)) {
                return confirm(session, new ConsoleViews.Confirm("Revoke key " + quoted(keyName) + "?",
                        "Everything using this key stops working at once. This cannot be undone.",
                        orgPath(org) + "/api-keys/" + key + "/revoke", "Revoke", orgPath(org) + "/api-keys"));
            }
            return organizations.revokeKey(org, key).map(done -> ConsoleResponses.redirect(orgPath(org) + "/api-keys?done=key-revoked"));
        }, (session, refusal) -> responses.errorPage(session, refusal));
    }

    private Uni<Response> apiKeysPage(ConsoleSession session, UUID org, String notice, AdminViews.NewApiKey newKey, Form form, int status) {
        return organizations.get(org).flatMap(organization -> organizations.listKeys(org)
                .flatMap(keys -> responses.render(ConsolePages.apiKeys(
                        responses.page(session, organization.name() + " — API keys", "api-keys", organization, notice),
                        new ConsoleViews.ApiKeys(orgPath(org) + "/api-keys", keys, newKey), form), status)));
    }

    // --- Teams and the provider managing each ----------------------------------------------------------

    @GET
    @Path("{orgId}/teams")
    public Uni<Response> teams(@RestCookie(ConsoleResponses.SESSION_COOKIE) String cookie, @RestPath String orgId, @RestQuery String done,
            UriInfo uri) {
        return responses.signedIn(cookie, session -> teamsPage(session, session.caller().organization(orgId), uri, notice(done), null,
                List.of(), Form.NONE, 200));
    }

    @POST
    @Path("{orgId}/teams")
    public Uni<Response> createTeam(@RestCookie(ConsoleResponses.SESSION_COOKIE) String cookie, @RestPath String orgId,
            @RestForm String csrf, @RestForm String name, UriInfo uri) {
        return responses.form(cookie, csrf, session -> {
            UUID org = session.caller().organization(orgId);
            String valid = AdminBodies.requiredName(fields("name", name), "name");
            return teams.create(org, valid).map(team -> ConsoleResponses.redirect(orgPath(org) + "/teams?done=team-created"));
        }, (session, refusal) -> teamsPage(session, session.caller().organization(orgId), uri, null, null, List.of(),
                refused("create-team", typed("name", name), refusal), refusal.status()));
    }

    /** Sets the provider managing a team; a refusal for conflicts lists the users that block it. */
    @POST
    @Path("{orgId}/teams/{teamId}/provider")
    public Uni<Response> assignTeam(@RestCookie(ConsoleResponses.SESSION_COOKIE) String cookie, @RestPath String orgId,
            @RestPath String teamId, @RestForm String csrf, @RestForm String scimProviderId, UriInfo uri) {
        Map<String, String> typed = typed("teamId", teamId, "scimProviderId", scimProviderId);
        return responses.form(cookie, csrf, session -> {
            UUID org = session.caller().organization(orgId);
            UUID team = AdminAccess.pathId(teamId, "Team");
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            body.put("scimProviderId", blank(scimProviderId) ? null : scimProviderId);
            return teams.assign(org, team, AdminBodies.nullableUuid(body, "scimProviderId", true))
                    .map(saved -> ConsoleResponses.redirect(orgPath(org) + "/teams?done=team-saved"));
        }, (session, refusal) -> {
            UUID org = session.caller().organization(orgId);
            UUID team = AdminAccess.parse(teamId);
            return teamsPage(session, org, uri, null, team, conflictsOf(refusal), refused("assign-" + teamId, typed, refusal),
                    refusal.status());
        });
    }

    private Uni<Response> teamsPage(ConsoleSession session, UUID org, UriInfo uri, String notice, UUID refusedTeam,
            List<AdminViews.LinkConflict> conflicts, Form form, int status) {
        return organizations.get(org).flatMap(organization -> teams.list(org)
                .flatMap(teamList -> providers.list(org, publicBase.of(uri))
                        .flatMap(providerList -> {
                            AdminViews.Team refused = teamList.stream().filter(team -> team.id().equals(refusedTeam)).findFirst().orElse(null);
                            return responses.render(ConsolePages.teams(
                                    responses.page(session, organization.name() + " — Teams", "teams", organization, notice),
                                    new ConsoleViews.Teams(teamList, providerList, new ProviderNames(providerList), refused, conflicts), form),
                                    status);
                        })));
    }

    @SuppressWarnings("unchecked")
    private static List<AdminViews.LinkConflict> conflictsOf(AdminException refusal) {
        Object conflicts = refusal.extra().get("conflicts");
        return conflicts instanceof List<?> list ? (List<AdminViews.LinkConflict>) list : List.of();
    }

    // --- Users -----------------------------------------------------------------------------------------

    @GET
    @Path("{orgId}/users")
    public Uni<Response> users(@RestCookie(ConsoleResponses.SESSION_COOKIE) String cookie, @RestPath String orgId, @RestQuery String email,
            @RestQuery String done, UriInfo uri) {
        return responses.signedIn(cookie, session -> usersPage(session, session.caller().organization(orgId), email, uri, notice(done),
                Form.NONE, 200));
    }

    @POST
    @Path("{orgId}/users")
    public Uni<Response> createUser(@RestCookie(ConsoleResponses.SESSION_COOKIE) String cookie, @RestPath String orgId,
            @RestForm String csrf, @RestForm String email, @RestForm String displayName, @RestForm String role, UriInfo uri) {
        Map<String, String> typed = typed("email", email, "displayName", displayName, "role", role);
        return responses.form(cookie, csrf, session -> {
            UUID org = session.caller().organization(orgId);
            ObjectNode body = fields("email", email, "displayName", displayName, "role", role);
            String validEmail = AdminBodies.requiredEmail(body, "email");
            String name = AdminBodies.optionalName(body, "displayName");
            String validRole = AdminBodies.role(body, "role");
            return users.create(org, validEmail, name, validRole)
                    .map(user -> ConsoleResponses.redirect(orgPath(org) + "/users/" + user.id() + "?done=user-created"));
        }, (session, refusal) -> usersPage(session, session.caller().organization(orgId), null, uri, null,
                refused("create-user", typed, refusal), refusal.status()));
    }

    private Uni<Response> usersPage(ConsoleSession session, UUID org, String email, UriInfo uri, String notice, Form form, int status) {
        String search = blank(email) ? null : email.strip();
        return organizations.get(org).flatMap(organization -> users.list(org, search, USER_PAGE + 1)
                .flatMap(found -> providers.list(org, publicBase.of(uri))
                        .flatMap(providerList -> responses.render(ConsolePages.users(
                                responses.page(session, organization.name() + " — Users", "users", organization, notice),
                                new ConsoleViews.Users(search == null ? "" : search, search != null,
                                        found.size() > USER_PAGE ? found.subList(0, USER_PAGE) : found, new ProviderNames(providerList),
                                        found.size() > USER_PAGE), form), status))));
    }

    @GET
    @Path("{orgId}/users/{userId}")
    public Uni<Response> user(@RestCookie(ConsoleResponses.SESSION_COOKIE) String cookie, @RestPath String orgId, @RestPath String userId,
            @RestQuery String done, UriInfo uri) {
        return responses.signedIn(cookie, session -> userPage(session, session.caller().organization(orgId),
                AdminAccess.pathId(userId, "User"), uri, notice(done), Form.NONE, 200));
    }

    @POST
    @Path("{orgId}/users/{userId}/teams")
    public Uni<Response> addToTeam(@RestCookie(ConsoleResponses.SESSION_COOKIE) String cookie, @RestPath String orgId,
            @RestPath String userId, @RestForm String csrf, @RestForm String teamId, UriInfo uri) {
        return responses.form(cookie, csrf, session -> {
            UUID org = session.caller().organization(orgId);
            UUID user = AdminAccess.pathId(userId, "User");
            UUID team = AdminAccess.parse(teamId);
            if (team == null) {
                throw AdminException.badRequest("teamId", "Choose a team");
            }
            return teams.addMember(org, team, user).map(done -> ConsoleResponses.redirect(orgPath(org) + "/users/" + user + "?done=membership-saved"));
        }, (session, refusal) -> userPage(session, session.caller().organization(orgId), AdminAccess.pathId(userId, "User"), uri, null,
                refused("add-team", typed("teamId", teamId), refusal), refusal.status()));
    }

    @POST
    @Path("{orgId}/users/{userId}/teams/{teamId}/remove")
    public Uni<Response> removeFromTeam(@RestCookie(ConsoleResponses.SESSION_COOKIE) String cookie, @RestPath String orgId,
            @RestPath String userId, @RestPath String teamId, @RestForm String csrf, UriInfo uri) {
        return responses.form(cookie, csrf, session -> {
            UUID org = session.caller().organization(orgId);
            UUID user = AdminAccess.pathId(userId, "User");
            return teams.removeMember(org, AdminAccess.pathId(teamId, "Team"), user)
                    .map(done -> ConsoleResponses.redirect(orgPath(org) + "/users/" + user + "?done=membership-saved"));
        }, (session, refusal) -> responses.errorPage(session, refusal));
    }

    private Uni<Response> userPage(ConsoleSession session, UUID org, UUID userId, UriInfo uri, String notice, Form form, int status) {
        return organizations.get(org).flatMap(organization -> users.get(org, userId)
                .flatMap(user -> teams.list(org)
                        .flatMap(teamList -> providers.list(org, publicBase.of(uri))
                                .flatMap(providerList -> responses.render(ConsolePages.user(
                                        responses.page(session, user.email() + " — User", "users", organization, notice),
                                        new ConsoleViews.User(user, teamList, new ProviderNames(providerList)), form), status)))));
    }

    // --- Conflicts -------------------------------------------------------------------------------------

    @GET
    @Path("{orgId}/conflicts")
    public Uni<Response> conflicts(@RestCookie(ConsoleResponses.SESSION_COOKIE) String cookie, @RestPath String orgId, UriInfo uri) {
        return responses.signedIn(cookie, session -> {
            UUID org = session.caller().organization(orgId);
            return organizations.get(org).flatMap(organization -> teams.conflicts(org)
                    .flatMap(conflicts -> providers.list(org, publicBase.of(uri))
                            .flatMap(providerList -> responses.render(ConsolePages.conflicts(
                                    responses.page(session, organization.name() + " — Conflicts", "conflicts", organization),
                                    new ConsoleViews.Conflicts(conflicts, new ProviderNames(providerList))), 200))));
        });
    }

    // --- helpers -----------------------------------------------------------------------------------------

    private Uni<Response> confirm(ConsoleSession session, ConsoleViews.Confirm confirm) {
        return responses.render(ConsolePages.confirm(responses.page(session, confirm.question(), "", null), confirm), 200);
    }

    /** The provider of a path; an id that is not a UUID names nothing (404, as in the admin API). */
    private static UUID providerOf(String providerId) {
        return AdminAccess.pathId(providerId, "SCIM provider");
    }

    static String orgPath(UUID org) {
        return ConsoleResponses.PATH + "/organizations/" + org;
    }

    static String providerPath(UUID org, UUID provider) {
        return orgPath(org) + "/providers/" + provider;
    }

    private static String notice(String code) {
        return code == null ? null : NOTICES.get(code);
    }

    private static Form refused(String formId, Map<String, String> typed, AdminException refusal) {
        return Form.refused(formId, typed, refusal.field(), inWords(refusal));
    }

    /** The labels of the form fields, for the admin services' messages that begin with a field's API name. */
    private static final Map<String, String> LABELS = Map.of("name", "Name", "email", "Email", "displayName", "Display name",
            "role", "Role", "defaultTeamId", "Default team", "teamId", "Team", "providerId", "Provider",
            "entraTenantId", "Entra tenant ID");

    /** The refusal as the page shows it: "entraTenantId must be …" reads "Entra tenant ID must be …" next to that field. */
    static String inWords(AdminException refusal) {
        String message = refusal.getMessage();
        String label = refusal.field() == null ? null : LABELS.get(refusal.field());
        return label != null && message.startsWith(refusal.field() + " ") ? label + message.substring(refusal.field().length())
                : message;
    }

    /** What was typed, to show again after a refusal (absent fields left out). */
    private static Map<String, String> typed(String... namesAndValues) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null) {
                values.put(namesAndValues[i], namesAndValues[i + 1]);
            }
        }
        return values;
    }

    /** Form fields as the admin API's request body, so that the same validation applies (blank optional fields are absent). */
    private static ObjectNode fields(String... namesAndValues) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            String value = namesAndValues[i + 1];
            if (value != null && !(value.isBlank() && i > 0)) {
                body.put(namesAndValues[i], value);
            }
        }
        return body;
    }

    /** An optional name field as the admin API reads {@code {name?}}: blank is absent. */
    private static String optionalName(String name) {
        return blank(name) ? null : AdminBodies.optionalName(fields("name", name), "name");
    }

    private static boolean checked(String checkbox) {
        return checkbox != null && !checkbox.isBlank() && !"false".equals(checkbox);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static String quoted(String name) {
        return blank(name) ? "" : "“" + name + "”";
    }

    private static String query(String... namesAndValues) {
        StringBuilder query = new StringBuilder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null) {
                query.append(query.isEmpty() ? "" : "&").append(namesAndValues[i]).append('=')
                        .append(URLEncoder.encode(namesAndValues[i + 1], StandardCharsets.UTF_8));
            }
        }
        return query.toString();
    }
}
