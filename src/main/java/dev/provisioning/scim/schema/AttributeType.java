package dev.provisioning.scim.schema;

/** RFC 7643 §2.3 data types, with their wire names. */
public enum AttributeType {
    STRING("string"), BOOLEAN("boolean"), DECIMAL("decimal"), INTEGER("integer"),
    DATE_TIME("dateTime"), BINARY("binary"), REFERENCE("reference"), COMPLEX("complex");

    private final String wire;

    AttributeType(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
