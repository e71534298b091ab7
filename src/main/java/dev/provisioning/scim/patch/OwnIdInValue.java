package dev.provisioning.scim.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provisioning.scim.schema.ResourceIds;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Okta quirk (product.md §11): its group rename sends
 * {@code {"op":"replace","value":{"id":"<the group's id>","displayName":"…"}}}. The resource's own
 * {@code id} in a value changes nothing and is dropped, whether as a key of a path-less value or as
 * {@code "path": "id"}; any other id is left in place, for the engine to refuse as {@code mutability}.
 */
final class OwnIdInValue {
    private OwnIdInValue() {
    }

    static List<PatchOperation> drop(List<PatchOperation> operations, String ownId) {
        if (ownId == null) {
            return operations;
        }
        List<PatchOperation> kept = new ArrayList<>(operations.size());
        for (PatchOperation operation : operations) {
            if (operation.path() == null && operation.value() instanceof ObjectNode value) {
                kept.add(new PatchOperation(operation.op(), null, withoutOwnId(value, ownId)));
            } else if (!isOwnIdWrite(operation, ownId)) {
                kept.add(operation);
            }
        }
        return List.copyOf(kept);
    }

    private static boolean isOwnIdWrite(PatchOperation operation, String ownId) {
        return operation.op() != PatchOperation.Op.REMOVE && operation.path() != null && !operation.path().hasFilter()
                && ResourceIds.isIdPath(operation.path().attribute()) && ResourceIds.sameId(operation.value(), ownId);
    }

    private static ObjectNode withoutOwnId(ObjectNode value, String ownId) {
        ObjectNode copy = value.deepCopy();
        Iterator<Map.Entry<String, JsonNode>> fields = copy.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().equalsIgnoreCase("id") && ResourceIds.sameId(field.getValue(), ownId)) {
                fields.remove();
            }
        }
        return copy;
    }
}
