package dev.provisioning.scim.filter;

import java.math.BigDecimal;

/** A literal on the right of a comparison: {@code false / null / true / number / string}. */
public sealed interface CompValue {

    record StringValue(String value) implements CompValue {
    }

    /** Numbers keep their exact decimal value; equality uses {@link BigDecimal#compareTo}. */
    record NumberValue(BigDecimal value) implements CompValue {
        @Override
        public boolean equals(Object other) {
            return other instanceof NumberValue that && value.compareTo(that.value) == 0;
        }

        @Override
        public int hashCode() {
            return value.stripTrailingZeros().hashCode();
        }
    }

    record BooleanValue(boolean value) implements CompValue {
    }

    record NullValue() implements CompValue {
    }
}
