package dev.provisioning.scim.bulk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * {@code bulkId} references (RFC 7644 §3.7.2): a string {@code "bulkId:<id>"} anywhere in an
 * operation's {@code data} (a group member's {@code value}, a manager) or as the id in its
 * {@code path} stands for the id of the resource that the POST with that bulkId creates.
 *
 * <p>Operations run in request order, except that one waiting for a bulkId runs after the POST
 * that defines it, even a later one ("the client's intent is preserved", §3.7). Operations caught in a
 * circle of references (§3.7.1) cannot be ordered: they fail with 409, which §3.7.1 allows.
 */
public final class BulkIds {
    public static final String PREFIX = "bulkId:";

    private BulkIds() {
    }

    /** The bulkIds an operation refers to, in order of appearance. */
    public static Set<String> references(BulkOperation operation) {
        Set<String> found = new LinkedHashSet<>();
        if (operation.path() != null) {
            for (String segment : operation.path().split("/")) {
                if (segment.startsWith(PREFIX)) {
                    found.add(segment.substring(PREFIX.length()));
                }
            }
        }
        collect(operation.data(), found);
        return found;
    }

    private static void collect(JsonNode node, Set<String> found) {
        if (node == null) {
            return;
        }
        if (node.isTextual() && node.textValue().startsWith(PREFIX)) {
            found.add(node.textValue().substring(PREFIX.length()));
        } else if (node.isContainerNode()) {
            node.forEach(child -> collect(child, found));
        }
    }

    /** {@code data} with every {@code "bulkId:<id>"} whose id is resolved replaced by the created resource's id. */
    public static JsonNode substitute(JsonNode data, Map<String, String> resolved) {
        if (data == null) {
            return null;
        }
        if (data.isTextual() && data.textValue().startsWith(PREFIX)) {
            String id = resolved.get(data.textValue().substring(PREFIX.length()));
            return id == null ? data : JsonNodeFactory.instance.textNode(id);
        }
        if (data instanceof ObjectNode object) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            object.properties().forEach(field -> copy.set(field.getKey(), substitute(field.getValue(), resolved)));
            return copy;
        }
        if (data instanceof ArrayNode array) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            array.forEach(element -> copy.add(substitute(element, resolved)));
            return copy;
        }
        return data;
    }

    /** A path with its {@code bulkId:<id>} segment, when resolved, replaced by the created resource's id. */
    public static String substitute(String path, Map<String, String> resolved) {
        if (path == null || !path.contains(PREFIX)) {
            return path;
        }
        String[] segments = path.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            if (segments[i].startsWith(PREFIX)) {
                String id = resolved.get(segments[i].substring(PREFIX.length()));
                if (id != null) {
                    segments[i] = id;
                }
            }
        }
        return String.join("/", segments);
    }

    /**
     * The order to run the operations in: request order, each operation after the POSTs whose
     * bulkIds it refers to. {@code circular} are the operations that wait on a circle of references
     * (directly or through another operation); they are not in {@code order}.
     */
    public record Plan(List<BulkOperation> order, List<BulkOperation> circular) {
    }

    public static Plan plan(List<BulkOperation> operations) {
        Map<String, Integer> definedBy = new HashMap<>();
        for (BulkOperation operation : operations) {
            if (operation.method() == BulkMethod.POST && operation.bulkId() != null) {
                definedBy.put(operation.bulkId(), operation.index());
            }
        }
        int size = operations.size();
        int[] waitingOn = new int[size];
        List<List<Integer>> dependents = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            dependents.add(new ArrayList<>());
        }
        for (BulkOperation operation : operations) {
            for (String reference : references(operation)) {
                Integer definer = definedBy.get(reference);
                if (definer != null && definer != operation.index()) {
                    waitingOn[operation.index()]++;
                    dependents.get(definer).add(operation.index());
                }
            }
        }
        PriorityQueue<Integer> ready = new PriorityQueue<>();
        for (int i = 0; i < size; i++) {
            if (waitingOn[i] == 0) {
                ready.add(i);
            }
        }
        List<BulkOperation> order = new ArrayList<>(size);
        boolean[] placed = new boolean[size];
        while (!ready.isEmpty()) {
            int next = ready.poll();
            placed[next] = true;
            order.add(operations.get(next));
            for (int dependent : dependents.get(next)) {
                if (--waitingOn[dependent] == 0) {
                    ready.add(dependent);
                }
            }
        }
        List<BulkOperation> circular = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            if (!placed[i]) {
                circular.add(operations.get(i));
            }
        }
        return new Plan(order, circular);
    }
}
