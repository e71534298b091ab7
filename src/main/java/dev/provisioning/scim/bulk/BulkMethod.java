package dev.provisioning.scim.bulk;

import java.util.Locale;

/** The methods a bulk operation may use (RFC 7644 §3.7): every write, in any letter case on input. */
public enum BulkMethod {
    POST, PUT, PATCH, DELETE;

    /** The method named by {@code text} in any case, or null. */
    static BulkMethod of(String text) {
        for (BulkMethod method : values()) {
            if (method.name().equals(text.strip().toUpperCase(Locale.ROOT))) {
                return method;
            }
        }
        return null;
    }
}
