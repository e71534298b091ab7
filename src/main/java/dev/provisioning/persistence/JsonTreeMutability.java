package dev.provisioning.persistence;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.hibernate.type.descriptor.java.MutableMutabilityPlan;

/**
 * How Hibernate snapshots a JSON document column ({@code users.scim}): a Jackson deep copy. Without it
 * Hibernate treats {@link ObjectNode} as merely {@code Serializable} and copies it through Java
 * serialization on every persist — slow in the JVM, and impossible in a native executable, where
 * Jackson's nodes are not registered for serialization ("could not deserialize": every admin-created
 * user failed with 500 there).
 */
@RegisterForReflection
public final class JsonTreeMutability extends MutableMutabilityPlan<ObjectNode> {
    @Override
    protected ObjectNode deepCopyNotNull(ObjectNode value) {
        return value.deepCopy();
    }
}
