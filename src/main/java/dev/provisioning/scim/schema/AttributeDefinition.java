package dev.provisioning.scim.schema;

import java.util.List;
import java.util.Optional;

/**
 * One attribute of a SCIM schema with its RFC 7643 §2.2 characteristics. Sub-attributes are
 * present only for {@link AttributeType#COMPLEX}. Names compare case-insensitively (RFC 7643 §2.1).
 */
public record AttributeDefinition(
        String name,
        AttributeType type,
        boolean multiValued,
        boolean required,
        boolean caseExact,
        Mutability mutability,
        Returned returned,
        Uniqueness uniqueness,
        String description,
        List<String> canonicalValues,
        List<String> referenceTypes,
        List<AttributeDefinition> subAttributes) {

    public AttributeDefinition {
        canonicalValues = List.copyOf(canonicalValues);
        referenceTypes = List.copyOf(referenceTypes);
        subAttributes = List.copyOf(subAttributes);
    }

    public boolean isComplex() {
        return type == AttributeType.COMPLEX;
    }

    public Optional<AttributeDefinition> subAttribute(String subName) {
        for (AttributeDefinition sub : subAttributes) {
            if (sub.name.equalsIgnoreCase(subName)) {
                return Optional.of(sub);
            }
        }
        return Optional.empty();
    }

    /** Starts a definition with the RFC 7643 defaults: string, single, optional, caseExact false, readWrite, returned default. */
    public static Builder of(String name) {
        return new Builder(name);
    }

    public static final class Builder {
        private final String name;
        private AttributeType type = AttributeType.STRING;
        private boolean multiValued;
        private boolean required;
        private boolean caseExact;
        private Mutability mutability = Mutability.READ_WRITE;
        private Returned returned = Returned.DEFAULT;
        private Uniqueness uniqueness = Uniqueness.NONE;
        private String description = "";
        private List<String> canonicalValues = List.of();
        private List<String> referenceTypes = List.of();
        private List<AttributeDefinition> subAttributes = List.of();

        private Builder(String name) {
            this.name = name;
        }

        public Builder type(AttributeType value) {
            this.type = value;
            return this;
        }

        public Builder multiValued() {
            this.multiValued = true;
            return this;
        }

        public Builder required() {
            this.required = true;
            return this;
        }

        public Builder caseExact() {
            this.caseExact = true;
            return this;
        }

        public Builder mutability(Mutability value) {
            this.mutability = value;
            return this;
        }

        public Builder returned(Returned value) {
            this.returned = value;
            return this;
        }

        public Builder uniqueness(Uniqueness value) {
            this.uniqueness = value;
            return this;
        }

        public Builder description(String value) {
            this.description = value;
            return this;
        }

        public Builder canonicalValues(String... values) {
            this.canonicalValues = List.of(values);
            return this;
        }

        public Builder referenceTypes(String... values) {
            this.referenceTypes = List.of(values);
            return this;
        }

        public Builder subAttributes(AttributeDefinition... values) {
            this.type = AttributeType.COMPLEX;
            this.subAttributes = List.of(values);
            return this;
        }

        public AttributeDefinition build() {
            return new AttributeDefinition(name, type, multiValued, required, caseExact, mutability, returned,
                    uniqueness, description, canonicalValues, referenceTypes, subAttributes);
        }
    }
}
