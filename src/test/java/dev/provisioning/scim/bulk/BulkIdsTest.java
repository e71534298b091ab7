package dev.provisioning.scim.bulk;

import static dev.provisioning.scim.bulk.BulkRequestParserTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** bulkId references (RFC 7644 §3.7.2) and the order operations run in. */
class BulkIdsTest {

    private static List<BulkOperation> operations(String body) {
        return BulkRequestParser.parse(json(body), 1000).operations();
    }

    @Test
    void referencesInDataAndPath() {
        BulkOperation operation = operations("""
                {'Operations': [{'method': 'PATCH', 'path': '/Groups/bulkId:g1', 'data': {'Operations': [
                   {'op': 'add', 'path': 'members', 'value': [{'value': 'bulkId:u1'}, {'value': 'bulkId:u2'}, {'value': 'plain'}]},
                   {'op': 'replace', 'path': 'displayName', 'value': 'bulkIds are fine in text: bulkId:not-a-reference'}]}}]}""").get(0);
        assertThat(BulkIds.references(operation)).containsExactly("g1", "u1", "u2");
    }

    @Test
    void substitutionReplacesOnlyResolvedReferencesAndCopies() {
        var data = json("{'members': [{'value': 'bulkId:u1'}, {'value': 'bulkId:u2'}], 'manager': 'bulkId:u1', 'n': 1}");
        var substituted = BulkIds.substitute(data, Map.of("u1", "id-1"));
        assertThat(substituted).isEqualTo(json("{'members': [{'value': 'id-1'}, {'value': 'bulkId:u2'}], 'manager': 'id-1', 'n': 1}"));
        assertThat(data.get("manager").asText()).isEqualTo("bulkId:u1");
        assertThat(BulkIds.substitute("/Users/bulkId:u1", Map.of("u1", "id-1"))).isEqualTo("/Users/id-1");
        assertThat(BulkIds.substitute("/Users/bulkId:u9", Map.of("u1", "id-1"))).isEqualTo("/Users/bulkId:u9");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            request order without references | POST u1 -, POST u2 -, DELETE - -            | 0 1 2   | -
            a forward reference waits        | PATCH - u2, POST u1 -, POST u2 -             | 1 2 0   | -
            a chain                          | POST a b, POST b c, POST c -                  | 2 1 0   | -
            a circle keeps its place         | POST a b, POST b a, POST c -                  | 0 1 2   | 0 1
            waiting on a circle too          | POST a b, POST b a, PATCH - a                 | 0 1 2   | 0 1 2
            a circle among the ready ones    | PATCH - c, POST a b, POST b a, POST c -       | 1 2 3 0 | 1 2
            a circle after a chain           | POST x y, POST y -, POST a b, POST b a        | 1 0 2 3 | 2 3
            an unknown bulkId does not wait  | PATCH - zz, POST a -                          | 0 1     | -
            a self-reference does not wait   | POST a a                                      | 0       | -
            """)
    void plan(String name, String spec, String order, String circular) {
        StringBuilder body = new StringBuilder("{'Operations': [");
        String[] entries = spec.split(",");
        for (int i = 0; i < entries.length; i++) {
            String[] parts = entries[i].trim().split(" ");
            String method = parts[0];
            String bulkId = parts[1].equals("-") ? null : parts[1];
            String reference = parts[2].equals("-") ? null : parts[2];
            body.append(i == 0 ? "" : ",").append("{'method': '").append(method).append("', 'path': '")
                    .append(method.equals("POST") ? "/Users" : "/Users/x").append("'")
                    .append(bulkId == null ? "" : ", 'bulkId': '" + bulkId + "'")
                    .append(method.equals("DELETE") ? "" : ", 'data': {'manager': '" + (reference == null ? "none" : "bulkId:" + reference) + "'}")
                    .append("}");
        }
        BulkIds.Plan plan = BulkIds.plan(operations(body.append("]}").toString()));
        assertThat(plan.order().stream().map(o -> Integer.toString(o.index())).toList())
                .isEqualTo(order.equals("-") ? List.of() : List.of(order.split(" ")));
        assertThat(plan.circular().stream().map(index -> Integer.toString(index)).toList())
                .isEqualTo(circular.equals("-") ? List.of() : List.of(circular.split(" ")));
        assertThat(plan.order()).filteredOn(plan::inCircle).extracting(BulkOperation::index).containsExactlyElementsOf(plan.circular());
    }
}
