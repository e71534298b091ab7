package dev.provisioning.console;

import java.util.Map;
import java.util.Objects;

/**
 * The form a page shows again after a refusal: which form it was, what was typed (so nothing is
 * lost) and the error, next to its field when the service named one.
 */
public record Form(String id, Map<String, String> values, String field, String message) {
    public static final Form NONE = new Form("", Map.of(), null, null);

    public static Form refused(String id, Map<String, String> values, String field, String message) {
        return new Form(id, values, field, message);
    }

    public boolean is(String formId) {
        return id.equals(formId);
    }

    /** Whether this is form {@code formId} of one item of a list (e.g. the provider form of one team). */
    public boolean isFor(String formId, Object item) {
        return is(formId + "-" + item);
    }

    /** What was typed into {@code name} of the form of one item, or the empty string. */
    public String valueFor(String formId, Object item, String name) {
        return value(formId + "-" + item, name);
    }

    /** What was typed into {@code name} of form {@code formId}, or the empty string. */
    public String value(String formId, String name) {
        return is(formId) ? values.getOrDefault(name, "") : "";
    }

    /**
     * Whether {@code option} of the choice {@code name} is the selected one: what was chosen when form
     * {@code formId} is shown again after a refusal, else what is stored.
     */
    public boolean chosen(String formId, String name, Object option, Object stored) {
        return is(formId) ? String.valueOf(option).equals(values.get(name)) : Objects.equals(option, stored);
    }

    /** The error of field {@code name} of form {@code formId}, or null. */
    public String error(String formId, String name) {
        return is(formId) && name.equals(field) ? message : null;
    }

    /** The error of form {@code formId} that names no field of it (shown at the top of the form). */
    public String formError(String formId) {
        return is(formId) && field == null ? message : null;
    }
}
