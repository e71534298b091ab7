package dev.provisioning.scim.bulk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code bulkId} references (RFC 7644 §3.7.2): a string {@code "bulkId:<id>"} anywhere in an
 * operation's {@code data} (a group member's {@code value}, a manager) or as the id in its
 * {@code path} stands for the id of the resource that the POST with that bulkId creates.
 *
 * <p>Operations run in request order, except that one waiting for a bulkId runs after the POST
 * that defines it, even a later one ("the client's intent is preserved", §3.7). Operations caught in a
 * circle of references (§3.7.1) cannot be ordered: they fail with 409, which §3.7.1 allows, at their
 * own place in the request, so that failOnErrors stops before the operations after them (§3.7.3).
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
     * bulkIds it refers to. {@code circular} are the indexes of the operations that wait on a circle of
     * references (directly or through another operation): they can never run, so they keep their place
     * in request order among the operations ready to run and fail there, where failOnErrors counts them
     * (RFC 7644 §3.7.3), not after everything else.
     */
    public record Plan(List<BulkOperation> order, Set<Integer> circular) {

        public boolean inCircle(BulkOperation operation) {
            return circular.contains(operation.index());
        }
    }

    public static Plan plan(List<BulkOperation> operations) {
        References references = new References(operations);
        boolean[] placed = new boolean[operations.size()];
        references.order(Set.of()).forEach(index -> placed[index] = true);
        Set<Integer> circular = new TreeSet<>();
        for (int i = 0; i < placed.length; i++) {
            if (!placed[i]) {
                circular.add(i);
            }
        }
        List<BulkOperation> order = references.order(circular).stream().map(operations::get).toList();
        return new Plan(order, Collections.unmodifiableSet(circular));
    }

    /** Which operation waits on which: an operation waits on each other POST whose bulkId it refers to. */
    private static final class References {
        private final int[] waitingOn;
        private final List<List<Integer>> dependents = new ArrayList<>();

        References(List<BulkOperation> operations) {
            Map<String, Integer> definedBy = new HashMap<>();
            for (BulkOperation operation : operations) {
                if (operation.method() == BulkMethod.POST && operation.bulkId() != null) {
                    definedBy.put(operation.bulkId(), operation.index());
                }
            }
            waitingOn = new int[operations.size()];
            for (int i = 0; i < operations.size(); i++) {
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
        }

        /**
         * The indexes in running order: always the lowest ready one next, an operation becoming ready once the
         * operations it waits on have run. {@code neverRun} count as ready from the start and release no one;
         * operations that wait on a circle and are not among them are left out.
         */
        List<Integer> order(Set<Integer> neverRun) {
            int[] waiting = waitingOn.clone();
            PriorityQueue<Integer> ready = new PriorityQueue<>(neverRun);
            for (int i = 0; i < waiting.length; i++) {
                if (waiting[i] == 0 && !neverRun.contains(i)) {
                    ready.add(i);
                }
            }
            List<Integer> order = new ArrayList<>(waiting.length);
            while (!ready.isEmpty()) {
                int next = ready.poll();
                order.add(next);
                if (neverRun.contains(next)) {
                    continue;
                }
                for (int dependent : dependents.get(next)) {
                    if (--waiting[dependent] == 0 && !neverRun.contains(dependent)) {
                        ready.add(dependent);
                    }
                }
            }
            return order;
        }
    }
}
