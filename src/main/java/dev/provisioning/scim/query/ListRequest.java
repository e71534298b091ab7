package dev.provisioning.scim.query;

import dev.provisioning.scim.message.ScimException;
import java.util.Locale;

/**
 * The query parameters of a SCIM list request (RFC 7644 §3.4.2, RFC 9865), already clamped:
 * {@code startIndex} below 1 counts as 1, a negative {@code count} as 0, and {@code count} never
 * exceeds {@code maxResults}. {@code cursor} is null for index paging and "" for a cursor walk's
 * first page.
 */
public record ListRequest(String filter, String sortBy, boolean descending, int startIndex, int count, String cursor) {

    public static ListRequest of(String filter, String sortBy, String sortOrder, String startIndex, String count,
            String cursor, int defaultPageSize, int maxResults) {
        boolean descending = false;
        if (sortOrder != null && !sortOrder.isBlank()) {
            String order = sortOrder.trim().toLowerCase(Locale.ROOT);
            if (order.equals("descending")) {
                descending = true;
            } else if (!order.equals("ascending")) {
                throw ScimException.invalidValue("sortOrder must be 'ascending' or 'descending', not '" + sortOrder + "'");
            }
        }
        int start = parseInt("startIndex", startIndex, 1);
        int size = parseInt("count", count, defaultPageSize);
        return new ListRequest(blankToNull(filter), blankToNull(sortBy), descending, Math.max(1, start),
                Math.min(Math.max(0, size), maxResults), cursor == null ? null : cursor.trim());
    }

    public boolean cursorPaging() {
        return cursor != null;
    }

    private static int parseInt(String name, String value, int fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            long parsed = Long.parseLong(value.trim());
            return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, parsed));
        } catch (NumberFormatException e) {
            throw ScimException.invalidValue(name + " must be an integer, not '" + value + "'");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
