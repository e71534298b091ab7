package dev.provisioning.scim.bulk;

import java.util.List;

/**
 * A parsed bulk request (RFC 7644 §3.7).
 *
 * @param operations  in request order
 * @param failOnErrors the number of failed operations after which processing stops; null: never stop
 */
public record BulkRequest(List<BulkOperation> operations, Integer failOnErrors) {

    public BulkRequest {
        operations = List.copyOf(operations);
    }

    /** Whether {@code errors} failed operations reach {@code failOnErrors}. */
    public boolean stopsAfter(int errors) {
        return failOnErrors != null && errors >= failOnErrors;
    }
}
