package dev.provisioning.web;

import java.util.Map;

/** An admin API failure: {@code {"message", "field"?, ...extra}} with the given status (product.md §5). */
public class AdminException extends RuntimeException {
    private final int status;
    private final String field;
    private final Map<String, Object> extra;

    public AdminException(int status, String message, String field, Map<String, Object> extra) {
        super(message, null, false, false);
        this.status = status;
        this.field = field;
        this.extra = extra;
    }

    public static AdminException badRequest(String field, String message) {
        return new AdminException(400, message, field, Map.of());
    }

    public static AdminException notFound(String message) {
        return new AdminException(404, message, null, Map.of());
    }

    public static AdminException forbidden(String message) {
        return new AdminException(403, message, null, Map.of());
    }

    public static AdminException conflict(String message) {
        return new AdminException(409, message, null, Map.of());
    }

    public static AdminException conflict(String message, Map<String, Object> extra) {
        return new AdminException(409, message, null, extra);
    }

    public int status() {
        return status;
    }

    public String field() {
        return field;
    }

    public Map<String, Object> extra() {
        return extra;
    }
}
