package dev.provisioning.scim.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provisioning.scim.message.ScimException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bulk request parsing (RFC 7644 §3.7): what fails the request, what fails one operation. */
class BulkRequestParserTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    @Test
    void theRfcExampleShape() {
        BulkRequest request = BulkRequestParser.parse(json("""
                {'schemas': ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'], 'failOnErrors': 1,
                 'Operations': [
                   {'method': 'POST', 'path': '/Users', 'bulkId': 'qwerty', 'data': {'userName': 'Alice'}},
                   {'method': 'PUT', 'path': '/Users/b7c14771', 'version': 'W/\\"3694e05e9dff591\\"', 'data': {'userName': 'Bob'}},
                   {'method': 'PATCH', 'path': '/Users/5d8d29d3', 'data': [{'op': 'remove', 'path': 'nickName'}]},
                   {'method': 'DELETE', 'path': '/Users/e9025315', 'data': {'ignored': true}}]}"""), 1000);
        assertThat(request.failOnErrors()).isEqualTo(1);
        List<BulkOperation> operations = request.operations();
        assertThat(operations).extracting(BulkOperation::method)
                .containsExactly(BulkMethod.POST, BulkMethod.PUT, BulkMethod.PATCH, BulkMethod.DELETE);
        assertThat(operations.get(0).bulkId()).isEqualTo("qwerty");
        assertThat(operations.get(1).version()).isEqualTo("W/\"3694e05e9dff591\"");
        // the first publication's array form of PATCH data becomes the PatchOp message (erratum 5050)
        assertThat(operations.get(2).data()).isEqualTo(json("{'Operations': [{'op': 'remove', 'path': 'nickName'}]}"));
        assertThat(operations.get(3).data()).isNull();
        assertThat(operations).allSatisfy(operation -> assertThat(operation.problem()).isNull());
        assertThat(request.stopsAfter(0)).isFalse();
        assertThat(request.stopsAfter(1)).isTrue();
    }

    @Test
    void lenientOnCaseAndSchemas() {
        BulkRequest request = BulkRequestParser.parse(json("""
                {'operations': [{'Method': 'post', 'PATH': '/Groups', 'BulkId': 'g', 'Data': {'displayName': 'G'}}]}"""), 10);
        assertThat(request.failOnErrors()).isNull();
        assertThat(request.operations().get(0)).extracting(BulkOperation::method, BulkOperation::path, BulkOperation::bulkId)
                .containsExactly(BulkMethod.POST, "/Groups", "g");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            not an object                  | []                                                                  | 400 | invalidSyntax
            no Operations                  | {'schemas': []}                                                     | 400 | invalidSyntax
            Operations not an array        | {'Operations': {}}                                                  | 400 | invalidSyntax
            failOnErrors zero              | {'failOnErrors': 0, 'Operations': []}                               | 400 | invalidValue
            failOnErrors a string          | {'failOnErrors': '1', 'Operations': []}                             | 400 | invalidValue
            failOnErrors a fraction        | {'failOnErrors': 1.5, 'Operations': []}                             | 400 | invalidValue
            an operation not an object     | {'Operations': [1]}                                                 | 400 | invalidSyntax
            a path that is not a string    | {'Operations': [{'method': 'DELETE', 'path': 5}]}                   | 400 | invalidSyntax
            a bulkId used twice            | {'Operations': [{'method':'POST','path':'/Users','bulkId':'a','data':{}},{'method':'POST','path':'/Groups','bulkId':'a','data':{}}]} | 400 | invalidValue
            more than maxOperations        | {'Operations': [{'method':'DELETE','path':'/Users/1'},{'method':'DELETE','path':'/Users/2'},{'method':'DELETE','path':'/Users/3'}]} | 413 | -
            """)
    void requestErrors(String name, String body, int status, String scimType) {
        ScimException error = catchThrowableOfType(ScimException.class, () -> BulkRequestParser.parse(json(body), 2));
        assertThat(error).as(name).isNotNull();
        assertThat(error.status()).isEqualTo(status);
        assertThat(error.scimType() == null ? "-" : error.scimType().wire()).isEqualTo(scimType);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no method                 | {'path': '/Users', 'data': {}}                       | invalidSyntax
            unknown method            | {'method': 'GET', 'path': '/Users'}                  | invalidValue
            no path                   | {'method': 'POST', 'data': {}}                       | invalidSyntax
            blank path                | {'method': 'DELETE', 'path': ' '}                    | invalidSyntax
            POST without data         | {'method': 'POST', 'path': '/Users', 'bulkId': 'a'}  | invalidSyntax
            POST without bulkId       | {'method': 'POST', 'path': '/Users', 'data': {}}     | invalidSyntax
            POST with a blank bulkId  | {'method': 'POST', 'path': '/Users', 'bulkId': ' ', 'data': {}} | invalidSyntax
            PUT with data not object  | {'method': 'PUT', 'path': '/Users/1', 'data': 'x'}   | invalidSyntax
            PATCH without data        | {'method': 'PATCH', 'path': '/Users/1'}              | invalidSyntax
            """)
    void operationErrorsStayWithTheirOperation(String name, String operation, String scimType) {
        BulkRequest request = BulkRequestParser.parse(json("{'Operations': [" + operation
                + ", {'method': 'DELETE', 'path': '/Users/1'}]}"), 10);
        assertThat(request.operations().get(0).problem()).as(name).isNotNull();
        assertThat(request.operations().get(0).problem().status()).isEqualTo(400);
        assertThat(request.operations().get(0).problem().scimType().wire()).isEqualTo(scimType);
        assertThat(request.operations().get(1).problem()).isNull();
    }

    @Test
    void aPostWithoutBulkIdSaysSoAndOtherMethodsNeedNone() {
        BulkRequest request = BulkRequestParser.parse(json("""
                {'Operations': [{'method': 'DELETE', 'path': '/Users/1'}, {'method': 'post', 'path': '/Users', 'data': {'userName': 'u'}},
                                {'method': 'PATCH', 'path': '/Users/1', 'data': []}]}"""), 10);
        assertThat(request.operations().get(1).problem().detail())
                .isEqualTo("Operations[1]: bulkId is required for a POST (RFC 7644 §3.7); nothing was created");
        assertThat(request.operations().get(0).problem()).isNull();
        assertThat(request.operations().get(2).problem()).isNull();
    }
}
