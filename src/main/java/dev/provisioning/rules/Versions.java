package dev.provisioning.rules;

import dev.provisioning.scim.message.ScimException;

/** {@code meta.version} / ETag handling (RFC 7644 §3.14): weak ETags {@code W/"<version>"}. */
public final class Versions {

    private Versions() {
    }

    public static String etag(long version) {
        return "W/\"" + version + "\"";
    }

    /** 412 unless {@code ifMatch} is absent, {@code *}, or lists the current version. */
    public static void checkIfMatch(String ifMatch, long version) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return;
        }
        String current = Long.toString(version);
        for (String candidate : ifMatch.split(",")) {
            String tag = candidate.trim();
            if (tag.equals("*")) {
                return;
            }
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
                tag = tag.substring(1, tag.length() - 1);
            }
            if (tag.equals(current)) {
                return;
            }
        }
        throw ScimException.preconditionFailed("The resource changed: its version is " + etag(version)
                + ", not " + ifMatch.trim());
    }
}
