package dev.provisioning.scim.schema;

/** RFC 7643 §2.2 mutability. */
public enum Mutability {
    READ_ONLY("readOnly"), READ_WRITE("readWrite"), IMMUTABLE("immutable"), WRITE_ONLY("writeOnly");

    private final String wire;

    Mutability(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
