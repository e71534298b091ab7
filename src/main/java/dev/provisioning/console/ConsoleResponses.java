package dev.provisioning.console;

import dev.provisioning.web.AdminException;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * How console requests become pages: the session from the cookie (or a redirect to sign in), the
 * CSRF check of every form, refusals of the admin services shown in words on the page, and the
 * headers every page carries (no caching of pages that may show a token, no framing).
 */
@ApplicationScoped
public class ConsoleResponses {
    public static final String SESSION_COOKIE = "console_session";
    public static final String PATH = "/console";
    private static final Logger LOG = Logger.getLogger(ConsoleResponses.class);

    private final ConsoleSessions sessions;
    private final ConsoleAssets assets;
    private final Optional<String> publicBaseUrl;

    public ConsoleResponses(ConsoleSessions sessions, ConsoleAssets assets,
            @ConfigProperty(name = "scim.public-base-url") Optional<String> publicBaseUrl) {
        this.sessions = sessions;
        this.assets = assets;
        this.publicBaseUrl = publicBaseUrl;
    }

    /** A page for a signed-in administrator; without a live session, a redirect to the sign-in page. */
    public Uni<Response> signedIn(String cookie, Function<ConsoleSession, Uni<Response>> page) {
        return sessions.find(cookie).flatMap(session -> {
            if (session == null) {
                return Uni.createFrom().item(redirect(PATH + "/sign-in"));
            }
            return Uni.createFrom().deferred(() -> page.apply(session))
                    .onFailure(AdminException.class).recoverWithUni(failure -> errorPage(session, (AdminException) failure));
        }).onFailure().recoverWithUni(this::unexpected);
    }

    /**
     * A form's action: the form must carry the session's CSRF token; when the admin service refuses
     * (400, 409), {@code refused} shows the page again with the error and what was typed.
     */
    public Uni<Response> form(String cookie, String csrf, Function<ConsoleSession, Uni<Response>> action,
            BiFunction<ConsoleSession, AdminException, Uni<Response>> refused) {
        return signedIn(cookie, session -> {
            if (!session.formFrom(csrf)) {
                return render(ConsolePages.error(page(session, "Form expired", "", null),
                        403, "This form has expired or did not come from this console. Go back, reload the page and try again."), 403);
            }
            return Uni.createFrom().deferred(() -> action.apply(session))
                    .onFailure(failure -> failure instanceof AdminException refusal && (refusal.status() == 400 || refusal.status() == 409))
                    .recoverWithUni(failure -> refused.apply(session, (AdminException) failure));
        });
    }

    public Page page(ConsoleSession session, String title, String nav, dev.provisioning.admin.AdminViews.Organization org) {
        return new Page(title, nav, session, org, null, null, assets);
    }

    public Page page(ConsoleSession session, String title, String nav, dev.provisioning.admin.AdminViews.Organization org, String notice) {
        return new Page(title, nav, session, org, notice, null, assets);
    }

    public Uni<Response> render(TemplateInstance template, int status) {
        return template.createUni().map(html -> html(html, status).build());
    }

    public static Response.ResponseBuilder html(String html, int status) {
        return Response.status(status).entity(html).type("text/html; charset=utf-8")
                .header("Cache-Control", "no-store")
                .header("X-Frame-Options", "DENY")
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "same-origin")
                .header("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
                        + " form-action 'self'; frame-ancestors 'none'; base-uri 'none'; connect-src 'self'");
    }

    /** 303: after a form, the browser GETs the page (reloading it does not post again). */
    public static Response redirect(String path) {
        return Response.seeOther(java.net.URI.create(path)).header("Cache-Control", "no-store").build();
    }

    /** The session cookie: HttpOnly, SameSite=Lax, only for /console, Secure over HTTPS. */
    public NewCookie sessionCookie(String secret, long maxAgeSeconds, UriInfo uri) {
        return new NewCookie.Builder(SESSION_COOKIE).value(secret).path(PATH).maxAge((int) maxAgeSeconds)
                .httpOnly(true).secure(secure(uri)).sameSite(NewCookie.SameSite.LAX).build();
    }

    public NewCookie clearedSessionCookie(UriInfo uri) {
        return new NewCookie.Builder(SESSION_COOKIE).value("").path(PATH).maxAge(0)
                .httpOnly(true).secure(secure(uri)).sameSite(NewCookie.SameSite.LAX).build();
    }

    /** HTTPS as the browser sees it: the request (forwarded headers of a trusted proxy included) or the public base URL. */
    boolean secure(UriInfo uri) {
        return "https".equalsIgnoreCase(uri.getBaseUri().getScheme())
                || publicBaseUrl.map(url -> url.toLowerCase(java.util.Locale.ROOT).startsWith("https:")).orElse(false);
    }

    Uni<Response> errorPage(ConsoleSession session, AdminException failure) {
        String title = switch (failure.status()) {
            case 403 -> "Not allowed";
            case 404 -> "Not found";
            default -> "Refused";
        };
        return render(ConsolePages.error(page(session, title, "", null), failure.status(), failure.getMessage()), failure.status());
    }

    Uni<Response> unexpected(Throwable failure) {
        String requestId = UUID.randomUUID().toString();
        LOG.errorf(failure, "Unexpected failure in the console (request id %s)", requestId);
        return render(ConsolePages.error(new Page("Something went wrong", "", null, null, null, null, assets), 500,
                "Something went wrong on our side (request id " + requestId + "). Try again; if it keeps happening, send the request id to"
                        + " your vendor contact."), 500);
    }
}
