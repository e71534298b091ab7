package dev.provisioning.ops;

import java.util.UUID;

/**
 * Request ids (product.md §8.2): a client's {@code X-Request-Id} is taken when it is a sane value
 * (1 to 128 characters of {@code [A-Za-z0-9._-]}), so that an id chosen by a load balancer or by
 * Entra follows the request through our logs; anything else (too long, spaces, quotes, control
 * characters that could forge a log line) is replaced by a generated one.
 */
public final class RequestIds {
    public static final String HEADER = "X-Request-Id";
    static final int MAX_LENGTH = 128;

    private RequestIds() {
    }

    /** The client's id when it is sane, else a new one. */
    public static String takeOrGenerate(String offered) {
        return sane(offered) ? offered : generate();
    }

    public static boolean sane(String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }

    public static String generate() {
        return UUID.randomUUID().toString();
    }
}
