package dev.provisioning.ops;

import java.util.Optional;

/**
 * Names a SCIM request for logs and metrics without ever repeating what the client put in the
 * path: the route template ({@code /scim/v2/Users/{id}}, {@code /scim/v2/providers/{providerId}/Groups}),
 * and the {@code resource} and {@code operation} tags of {@code scim_requests_seconds}
 * (product.md §8.1). It works from the raw path, so that requests refused before any resource
 * matched (401, 413, 429) are named too. Tags are {@code null} for a method the endpoint does not
 * offer, and such requests are left out of the SCIM metric (they still count in Quarkus' own
 * {@code http_server_requests_seconds}).
 */
public final class ScimRoutes {
    static final String ROOT = "/scim/v2";
    private static final String PROVIDERS = ROOT + "/providers/";

    public static final String USER = "User";
    public static final String GROUP = "Group";
    public static final String BULK = "Bulk";
    public static final String DISCOVERY = "discovery";

    /** The template of a path under {@code /scim/v2} that names no SCIM endpoint. */
    public static final String UNMATCHED = ROOT + "/{unmatched}";

    private ScimRoutes() {
    }

    /** A classified SCIM request; {@code resource} and {@code operation} are null when it counts in no SCIM metric. */
    public record Route(String template, String resource, String operation) {
        public boolean measured() {
            return resource != null && operation != null;
        }
    }

    public static boolean isScim(String path) {
        return path.equals(ROOT) || path.startsWith(ROOT + "/");
    }

    /** The route of a request under {@code /scim/v2}; empty for any other path. */
    public static Optional<Route> classify(String method, String rawPath) {
        if (rawPath == null || !isScim(rawPath)) {
            return Optional.empty();
        }
        String base = ROOT;
        String rest = rawPath.substring(ROOT.length());
        if (rawPath.startsWith(PROVIDERS)) {
            String tail = rawPath.substring(PROVIDERS.length());
            int slash = tail.indexOf('/');
            base = ROOT + "/providers/{providerId}";
            rest = slash < 0 ? "" : tail.substring(slash);
        }
        if (rest.length() > 1 && rest.endsWith("/")) {
            rest = rest.substring(0, rest.length() - 1);
        }
        String[] segments = rest.isEmpty() || rest.equals("/") ? new String[0] : rest.substring(1).split("/", -1);
        return Optional.of(route(method, base, segments));
    }

    private static Route route(String method, String base, String[] segments) {
        if (segments.length == 0) {
            return new Route(base, null, null);
        }
        String first = segments[0];
        if (segments.length == 1) {
            return switch (first) {
                case "Users" -> collection(method, base + "/Users", USER);
                case "Groups" -> collection(method, base + "/Groups", GROUP);
                case "ServiceProviderConfig" -> new Route(base + "/ServiceProviderConfig", DISCOVERY, get(method, "read"));
                case "ResourceTypes", "Schemas" -> new Route(base + "/" + first, DISCOVERY, get(method, "list"));
                case "Bulk" -> new Route(base + "/Bulk", BULK, method.equals("POST") ? "bulk" : null);
                case ".search" -> new Route(base + "/.search", null, null);
                case "Me" -> new Route(base + "/Me", null, null);
                default -> new Route(unmatched(base), null, null);
            };
        }
        if (segments.length == 2) {
            String second = segments[1];
            return switch (first) {
                case "Users" -> member(method, base + "/Users", USER, second);
                case "Groups" -> member(method, base + "/Groups", GROUP, second);
                case "ResourceTypes", "Schemas" -> new Route(base + "/" + first + "/{id}", DISCOVERY, get(method, "read"));
                default -> new Route(unmatched(base), null, null);
            };
        }
        return new Route(unmatched(base), null, null);
    }

    private static Route collection(String method, String template, String resource) {
        String operation = switch (method) {
            case "GET" -> "list";
            case "POST" -> "create";
            default -> null;
        };
        return new Route(template, resource, operation);
    }

    private static Route member(String method, String collection, String resource, String id) {
        if (id.equals(".search")) {
            return new Route(collection + "/.search", resource, method.equals("POST") ? "search" : null);
        }
        String operation = switch (method) {
            case "GET" -> "read";
            case "PUT" -> "replace";
            case "PATCH" -> "patch";
            case "DELETE" -> "delete";
            default -> null;
        };
        return new Route(collection + "/{id}", resource, operation);
    }

    private static String get(String method, String operation) {
        return method.equals("GET") ? operation : null;
    }

    private static String unmatched(String base) {
        return base.equals(ROOT) ? UNMATCHED : base + "/{unmatched}";
    }
}
