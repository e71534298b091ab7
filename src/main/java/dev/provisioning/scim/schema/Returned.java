package dev.provisioning.scim.schema;

/** RFC 7643 §2.2 returned. */
public enum Returned {
    ALWAYS("always"), NEVER("never"), DEFAULT("default"), REQUEST("request");

    private final String wire;

    Returned(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
