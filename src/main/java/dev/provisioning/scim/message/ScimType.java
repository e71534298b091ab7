package dev.provisioning.scim.message;

/** The {@code scimType} error keywords of RFC 7644 §3.12, as they appear on the wire. */
public enum ScimType {
    INVALID_FILTER("invalidFilter"),
    TOO_MANY("tooMany"),
    UNIQUENESS("uniqueness"),
    MUTABILITY("mutability"),
    INVALID_SYNTAX("invalidSyntax"),
    INVALID_PATH("invalidPath"),
    NO_TARGET("noTarget"),
    INVALID_VALUE("invalidValue"),
    INVALID_VERS("invalidVers"),
    SENSITIVE("sensitive"),
    /** RFC 9865: the cursor is not one the service issued. */
    INVALID_CURSOR("invalidCursor");

    private final String wire;

    ScimType(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
