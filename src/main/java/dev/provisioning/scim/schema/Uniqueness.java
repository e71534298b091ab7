package dev.provisioning.scim.schema;

/** RFC 7643 §2.2 uniqueness. */
public enum Uniqueness {
    NONE("none"), SERVER("server"), GLOBAL("global");

    private final String wire;

    Uniqueness(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
