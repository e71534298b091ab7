package dev.provisioning.scim.patch;

import dev.provisioning.scim.filter.Filter;
import dev.provisioning.scim.filter.FilterParser;
import dev.provisioning.scim.message.ScimException;
import dev.provisioning.scim.schema.AttributePath;

/**
 * A PATCH {@code path} (RFC 7644 §3.5.2): {@code attrPath} or {@code valuePath["." subAttr]}.
 *
 * <ul>
 *   <li>{@code name.familyName}: {@code attribute = name.familyName}, no filter;</li>
 *   <li>{@code emails[type eq "work"].value}: {@code attribute = emails}, {@code valueFilter =
 *       type eq "work"}, {@code valueSubAttribute = value};</li>
 *   <li>{@code urn:...:enterprise:2.0:User:manager}: {@code attribute} carries the URN.</li>
 * </ul>
 *
 * @param attribute         the attribute, with a sub-attribute only when there is no filter
 * @param valueFilter       the filter between brackets, paths relative to one element; may be null
 * @param valueSubAttribute the sub-attribute after {@code ]}; may be null
 * @param text              the path as sent, for error messages
 */
public record PatchPath(AttributePath attribute, Filter valueFilter, String valueSubAttribute, String text) {

    public boolean hasFilter() {
        return valueFilter != null;
    }

    /** The sub-attribute the path ends in, with or without a filter, or null. */
    public String subAttribute() {
        return hasFilter() ? valueSubAttribute : attribute.subAttribute();
    }

    /** Parses a path; anything malformed is {@code invalidPath}. */
    public static PatchPath parse(String text) {
        if (text == null || text.isBlank()) {
            throw ScimException.invalidPath("The PATCH path is empty");
        }
        String path = text.strip();
        int open = path.indexOf('[');
        if (open < 0) {
            if (path.indexOf(']') >= 0) {
                throw malformed(text, "unbalanced ']'");
            }
            return new PatchPath(attributePath(path, text), null, null, text);
        }
        int close = path.lastIndexOf(']');
        if (close < open) {
            throw malformed(text, "missing ']'");
        }
        AttributePath attribute = attributePath(path.substring(0, open), text);
        if (attribute.hasSubAttribute()) {
            throw malformed(text, "a value filter must follow the multi-valued attribute itself");
        }
        String filterText = path.substring(open + 1, close);
        if (filterText.isBlank()) {
            throw malformed(text, "empty value filter");
        }
        Filter filter;
        try {
            filter = ValueFilters.parse(filterText);
        } catch (ScimException badFilter) {
            throw malformed(text, badFilter.detail());
        }
        String rest = path.substring(close + 1);
        String sub = null;
        if (!rest.isEmpty()) {
            if (!rest.startsWith(".") || !isName(rest.substring(1))) {
                throw malformed(text, "expected '.subAttribute' after ']'");
            }
            sub = rest.substring(1);
        }
        return new PatchPath(attribute, filter, sub, text);
    }

    /** {@code [URN ":"] ATTRNAME ["." subAttr]}, parsed by the filter package's path grammar. */
    static AttributePath attributePath(String path, String text) {
        try {
            return FilterParser.parseAttributePath(path);
        } catch (ScimException invalid) {
            throw malformed(text, invalid.detail());
        }
    }

    /** RFC 7643 ATTRNAME ({@code ALPHA *(nameChar)}), plus {@code $ref}. */
    static boolean isName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        if (name.equals("$ref")) {
            return true;
        }
        if (!Character.isLetter(name.charAt(0))) {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    private static ScimException malformed(String text, String reason) {
        return ScimException.invalidPath("Invalid PATCH path '" + text + "': " + reason);
    }

    @Override
    public String toString() {
        return text;
    }
}
