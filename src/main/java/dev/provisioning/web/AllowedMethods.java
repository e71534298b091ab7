package dev.provisioning.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.smallrye.openapi.runtime.OpenApiConstants;
import io.quarkus.smallrye.openapi.runtime.OpenApiDocumentService;
import io.smallrye.openapi.runtime.io.Format;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * The methods a path accepts, for the {@code Allow} header every 405 must carry (RFC 9110 §15.5.6;
 * entra-scim §5). RESTEasy Reactive answers 405 without naming them, so they are read from the
 * OpenAPI document Quarkus builds from the JAX-RS resources at build time: every endpoint, of every
 * resource class, is in it without a list kept by hand (and without reflection, so a native image
 * answers the same). HEAD is allowed wherever GET is, and OPTIONS everywhere, as RESTEasy serves them.
 */
@ApplicationScoped
public class AllowedMethods {
    private static final Logger LOG = Logger.getLogger(AllowedMethods.class);
    private static final Set<String> OPERATIONS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    private final Instance<OpenApiDocumentService> openApi;
    private volatile List<Route> routes;

    record Route(Pattern path, Set<String> methods) {
    }

    public AllowedMethods(Instance<OpenApiDocumentService> openApi) {
        this.openApi = openApi;
    }

    /** The methods allowed on {@code path} (as the router sees it, e.g. {@code /scim/v2/Users/123}); empty when no route matches. */
    public Set<String> forPath(String path) {
        Set<String> allowed = new TreeSet<>();
        for (Route route : routes()) {
            if (route.path().matcher(path).matches()) {
                allowed.addAll(route.methods());
            }
        }
        if (allowed.isEmpty()) {
            return allowed;
        }
        if (allowed.contains("GET")) {
            allowed.add("HEAD");
        }
        allowed.add("OPTIONS");
        return allowed;
    }

    private List<Route> routes() {
        List<Route> known = routes;
        if (known == null) {
            known = read();
            routes = known;
        }
        return known;
    }

    private List<Route> read() {
        if (!openApi.isResolvable()) {
            LOG.warn("No OpenAPI document: 405 answers cannot name the allowed methods");
            return List.of();
        }
        try {
            byte[] document = openApi.get().getDocument(OpenApiConstants.DEFAULT_DOCUMENT_NAME, Format.JSON);
            return routes(new ObjectMapper().readTree(document));
        } catch (Exception e) {
            LOG.warn("Could not read the OpenAPI document: 405 answers cannot name the allowed methods", e);
            return List.of();
        }
    }

    static List<Route> routes(JsonNode document) {
        List<Route> routes = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
            Set<String> methods = new TreeSet<>();
            path.getValue().fieldNames().forEachRemaining(name -> {
                if (OPERATIONS.contains(name)) {
                    methods.add(name.toUpperCase(Locale.ROOT));
                }
            });
            if (!methods.isEmpty()) {
                routes.add(new Route(template(path.getKey()), methods));
            }
        }
        return List.copyOf(routes);
    }

    /** A JAX-RS path template as a pattern: {@code {id}} is one segment, {@code {id: regex}} its regex. */
    static Pattern template(String template) {
        StringBuilder regex = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            int open = template.indexOf('{', i);
            if (open < 0) {
                regex.append(Pattern.quote(template.substring(i)));
                break;
            }
            regex.append(Pattern.quote(template.substring(i, open)));
            int close = closingBrace(template, open);
            String variable = template.substring(open + 1, close);
            int colon = variable.indexOf(':');
            regex.append(colon < 0 ? "[^/]+" : "(?:" + variable.substring(colon + 1).strip() + ")");
            i = close + 1;
        }
        String pattern = regex.toString();
        return Pattern.compile(pattern.isEmpty() ? "/?" : pattern + "/?");
    }

    private static int closingBrace(String template, int open) {
        int depth = 0;
        for (int i = open; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("Unbalanced path template " + template);
    }
}
