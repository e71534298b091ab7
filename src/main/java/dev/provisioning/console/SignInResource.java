package dev.provisioning.console;

import io.quarkus.oidc.OidcSession;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.RestCookie;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * Signing in and out of the console (product.md §10). Single sign-on is OpenID Connect's
 * authorization-code flow, run by quarkus-oidc on {@code /console/sign-in/oidc} only; the
 * first-run link carries a one-time ticket, redeemed by a button (a POST), so that a link
 * previewer fetching the URL does not use it up.
 */
@WithSession
@Path(ConsoleResponses.PATH)
public class SignInResource {
    /** Double-submit CSRF cookie of the sign-in form, which is shown before any session exists. */
    static final String SIGN_IN_COOKIE = "console_sign_in";

    private final ConsoleSessions sessions;
    private final ConsoleResponses responses;
    private final SecurityIdentity identity;
    private final Instance<OidcSession> oidcSession;
    private final boolean ssoConfigured;

    public SignInResource(ConsoleSessions sessions, ConsoleResponses responses, SecurityIdentity identity,
            Instance<OidcSession> oidcSession,
            @ConfigProperty(name = "quarkus.oidc.auth-server-url") Optional<String> authServerUrl,
            @ConfigProperty(name = "quarkus.oidc.tenant-enabled", defaultValue = "true") boolean tenantEnabled) {
        this.sessions = sessions;
        this.responses = responses;
        this.identity = identity;
        this.oidcSession = oidcSession;
        this.ssoConfigured = tenantEnabled && authServerUrl.filter(url -> !url.isBlank()).isPresent();
    }

    @GET
    public Uni<Response> home() {
        return Uni.createFrom().item(ConsoleResponses.redirect(ConsoleResponses.PATH + "/organizations"));
    }

    @GET
    @Path("sign-in")
    public Uni<Response> signInPage(@RestQuery String ticket, @RestQuery("signed-out") String signedOut, UriInfo uri) {
        String csrf = ConsoleSecrets.newSecret();
        String message = signedOut != null ? "You are signed out." : null;
        String shownTicket = ConsoleSecrets.wellFormed(ticket) ? ticket : null;
        if (ticket != null && shownTicket == null) {
            message = "This sign-in link is not valid. Copy the whole link printed by the service.";
        }
        return signInPage(new ConsoleViews.SignIn(ssoConfigured, shownTicket, csrf, message), 200, uri);
    }

    @POST
    @Path("sign-in")
    public Uni<Response> redeemTicket(@RestForm String ticket, @RestForm String csrf, @RestCookie(SIGN_IN_COOKIE) String expected,
            UriInfo uri) {
        if (!ConsoleSecrets.matches(expected, csrf)) {
            return signInPage(new ConsoleViews.SignIn(ssoConfigured, ConsoleSecrets.wellFormed(ticket) ? ticket : null,
                    ConsoleSecrets.newSecret(), "This sign-in form has expired. Press Sign in again."), 403, uri);
        }
        return sessions.signInWithTicket(ticket).flatMap(started -> {
            if (started == null) {
                return signInPage(new ConsoleViews.SignIn(ssoConfigured, null, ConsoleSecrets.newSecret(),
                        "This sign-in link has expired or was already used: a first-run link works once, for 15 minutes."
                                + (ssoConfigured ? " Sign in with single sign-on instead." : "")), 401, uri);
            }
            return Uni.createFrom().item(signedIn(started, uri));
        });
    }

    /** Where quarkus-oidc lands after the identity provider: its ID token becomes a console session. */
    @GET
    @Path("sign-in/oidc")
    public Uni<Response> completeSingleSignOn(UriInfo uri) {
        JsonWebToken idToken = (JsonWebToken) identity.getPrincipal();
        Set<String> groups = idToken.getGroups();
        String subject = firstNonBlank(idToken.getClaim("email"), idToken.getClaim("preferred_username"), idToken.getName(),
                idToken.getSubject());
        // The console keeps its own session; quarkus-oidc's cookie is not needed past this point.
        return oidcSession.get().logout()
                .flatMap(done -> sessions.signInWithIdToken(subject, groups, idToken.getClaim("org")))
                .flatMap(started -> {
                    if (started == null) {
                        return responses.render(ConsolePages.error(responses.page(null, "No console access", "", null), 403,
                                "You signed in as " + subject + ", but your account has no console role. Your identity provider must"
                                        + " send platform-admin, or org-admin together with your organization's id in the 'org' claim,"
                                        + " in the ID token's 'groups' claim. Ask your IT administrator."), 403);
                    }
                    return Uni.createFrom().item(signedIn(started, uri));
                });
    }

    @POST
    @Path("sign-out")
    public Uni<Response> signOut(@RestCookie(ConsoleResponses.SESSION_COOKIE) String cookie, @RestForm String csrf, UriInfo uri) {
        return sessions.find(cookie).flatMap(session -> {
            if (session != null && !session.formFrom(csrf)) {
                return responses.render(ConsolePages.error(responses.page(session, "Form expired", "", null), 403,
                        "This form has expired or did not come from this console. Go back, reload the page and try again."), 403);
            }
            return sessions.signOut(cookie).map(done -> Response.seeOther(java.net.URI.create(ConsoleResponses.PATH + "/sign-in?signed-out=1"))
                    .header("Cache-Control", "no-store").cookie(responses.clearedSessionCookie(uri)).build());
        });
    }

    private Uni<Response> signInPage(ConsoleViews.SignIn view, int status, UriInfo uri) {
        NewCookie csrfCookie = new NewCookie.Builder(SIGN_IN_COOKIE).value(view.csrf()).path(ConsoleResponses.PATH + "/sign-in")
                .httpOnly(true).secure(responses.secure(uri)).sameSite(NewCookie.SameSite.LAX).maxAge(3600).build();
        return ConsolePages.signIn(responses.page(null, "Sign in", "", null), view).createUni()
                .map(html -> ConsoleResponses.html(html, status).cookie(csrfCookie).build());
    }

    private Response signedIn(ConsoleSessions.Started started, UriInfo uri) {
        NewCookie cookie = responses.sessionCookie(started.cookieSecret(), sessions.sessionSeconds(), uri);
        NewCookie clearSignIn = new NewCookie.Builder(SIGN_IN_COOKIE).value("").path(ConsoleResponses.PATH + "/sign-in").maxAge(0)
                .httpOnly(true).secure(responses.secure(uri)).sameSite(NewCookie.SameSite.LAX).build();
        return Response.seeOther(java.net.URI.create(ConsoleResponses.PATH + "/organizations")).header("Cache-Control", "no-store")
                .cookie(cookie, clearSignIn).build();
    }

    private static String firstNonBlank(Object... values) {
        for (Object value : values) {
            String text = value instanceof jakarta.json.JsonString json ? json.getString() : value == null ? null : value.toString();
            if (text != null && !text.isBlank()) {
                return text;
            }
        }
        return "unknown user";
    }
}
