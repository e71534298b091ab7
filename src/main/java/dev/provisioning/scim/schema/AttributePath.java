package dev.provisioning.scim.schema;

import java.util.Locale;

/**
 * An attribute path as written in filters, PATCH paths and {@code attributes} lists
 * (RFC 7644 §3.10): an optional schema URN, an attribute name and an optional sub-attribute.
 * Inside a value filter ({@code emails[type eq "work"]}) the paths are relative to the element,
 * so {@code type} is {@code new AttributePath(null, "type", null)}.
 *
 * <p>Equality ignores the case of names and URNs, as SCIM does.
 */
public record AttributePath(String schemaUrn, String attribute, String subAttribute) {

    public AttributePath {
        if (attribute == null || attribute.isEmpty()) {
            throw new IllegalArgumentException("attribute name is required");
        }
    }

    public static AttributePath of(String attribute) {
        return new AttributePath(null, attribute, null);
    }

    public static AttributePath of(String attribute, String subAttribute) {
        return new AttributePath(null, attribute, subAttribute);
    }

    public boolean hasSubAttribute() {
        return subAttribute != null;
    }

    /** The same path without its sub-attribute. */
    public AttributePath parent() {
        return new AttributePath(schemaUrn, attribute, null);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AttributePath that
                && equalsIgnoreCase(schemaUrn, that.schemaUrn)
                && attribute.equalsIgnoreCase(that.attribute)
                && equalsIgnoreCase(subAttribute, that.subAttribute);
    }

    @Override
    public int hashCode() {
        int hash = schemaUrn == null ? 0 : schemaUrn.toLowerCase(Locale.ROOT).hashCode();
        hash = 31 * hash + attribute.toLowerCase(Locale.ROOT).hashCode();
        return 31 * hash + (subAttribute == null ? 0 : subAttribute.toLowerCase(Locale.ROOT).hashCode());
    }

    /** The canonical text: {@code urn:...:User:name.familyName}, {@code name.familyName}. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        if (schemaUrn != null) {
            text.append(schemaUrn).append(':');
        }
        text.append(attribute);
        if (subAttribute != null) {
            text.append('.').append(subAttribute);
        }
        return text.toString();
    }

    private static boolean equalsIgnoreCase(String a, String b) {
        return a == null ? b == null : a.equalsIgnoreCase(b);
    }
}
