package dev.provisioning.bulk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provisioning.rules.GroupProvisioning;
import dev.provisioning.rules.UserProvisioning;
import dev.provisioning.rules.Versions;
import dev.provisioning.scim.bulk.BulkIds;
import dev.provisioning.scim.bulk.BulkMethod;
import dev.provisioning.scim.bulk.BulkOperation;
import dev.provisioning.scim.bulk.BulkRequest;
import dev.provisioning.scim.bulk.BulkResponses;
import dev.provisioning.scim.bulk.BulkResponses.Result;
import dev.provisioning.scim.bulk.BulkTarget;
import dev.provisioning.scim.message.ScimException;
import dev.provisioning.scim.patch.PatchRequestParser;
import dev.provisioning.scim.schema.ResourceNormalizer;
import dev.provisioning.scim.schema.ScimSchemas;
import dev.provisioning.provider.ScimCaller;
import dev.provisioning.web.JsonBodies;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Carries out a bulk request (RFC 7644 §3.7; product.md §11). Each operation is exactly its single
 * request: the same body normalisation and the same {@link UserProvisioning} / {@link GroupProvisioning}
 * call that {@code POST /Users}, {@code PATCH /Groups/{id}} … make, so claiming, scope, uniqueness,
 * ETags, events and atomicity are theirs; each in its own transaction, one after the other.
 *
 * <p>A failed operation does not stop the others unless {@code failOnErrors} failures were reached,
 * after which nothing more runs and only the operations carried out are answered. A POST's
 * {@code bulkId} becomes the created id in the operations that refer to it; an operation whose
 * reference cannot be resolved (no such bulkId, its POST failed, a circle) fails with 409 — a circle's
 * operations at their own place in the request, so that they count against failOnErrors there.
 */
@ApplicationScoped
public class BulkProcessor {
    private static final Logger LOG = Logger.getLogger(BulkProcessor.class);

    private final UserProvisioning users;
    private final GroupProvisioning groups;

    public BulkProcessor(UserProvisioning users, GroupProvisioning groups) {
        this.users = users;
        this.groups = groups;
    }

    public Uni<ObjectNode> run(ScimCaller caller, BulkRequest request) {
        BulkIds.Plan plan = BulkIds.plan(request.operations());
        Run run = new Run(request);
        Uni<Run> chain = Uni.createFrom().item(run);
        for (BulkOperation operation : plan.order()) {
            chain = chain.flatMap(state -> state.stopped() ? Uni.createFrom().item(state)
                    : one(caller, operation, plan, state).map(state::record));
        }
        return chain.map(state -> BulkResponses.of(state.results));
    }

    private Uni<Result> one(ScimCaller caller, BulkOperation operation, BulkIds.Plan plan, Run run) {
        if (operation.problem() != null) {
            return Uni.createFrom().item(Result.failure(operation, null, operation.problem()));
        }
        if (plan.inCircle(operation)) {
            return Uni.createFrom().item(Result.failure(operation, null, ScimException.conflict("Operations["
                    + operation.index() + "] is part of, or waits on, a circle of bulkId references (RFC 7644 §3.7.1)"
                    + " and was not carried out; nothing was changed")));
        }
        String path = BulkIds.substitute(operation.path(), run.created);
        JsonNode data = BulkIds.substitute(operation.data(), run.created);
        String location = null;
        try {
            var unresolved = BulkIds.references(new BulkOperation(operation.index(), operation.method(), path,
                    operation.bulkId(), operation.version(), data, null));
            if (!unresolved.isEmpty()) {
                throw unresolved(operation, unresolved.iterator().next(), run);
            }
            BulkTarget target = BulkTarget.parse(operation.method(), path);
            String base = caller.baseUrl() + target.type().endpoint() + "/";
            location = target.id() == null ? null : base + target.id();
            String knownLocation = location;
            return carryOut(caller, operation, target, data)
                    .map(outcome -> {
                        if (operation.method() == BulkMethod.POST && operation.bulkId() != null) {
                            run.created.put(operation.bulkId(), outcome.id().toString());
                        }
                        return Result.success(operation, outcome.status(), base + outcome.id(),
                                outcome.version() == null ? null : Versions.etag(outcome.version()));
                    })
                    .onFailure().recoverWithItem(failure -> Result.failure(operation, knownLocation, asScimError(failure)));
        } catch (RuntimeException failure) {
            return Uni.createFrom().item(Result.failure(operation, location, asScimError(failure)));
        }
    }

    /** What one operation wrote: the resource's id, the status its single request answers, its new version. */
    private record Outcome(UUID id, int status, Long version) {
    }

    /** The single request the operation stands for, through the same parsing and rules as the SCIM resources. */
    private Uni<Outcome> carryOut(ScimCaller caller, BulkOperation operation, BulkTarget target, JsonNode data) {
        boolean user = target.type() == ScimSchemas.USER_TYPE;
        String version = operation.version();
        if (operation.method() == BulkMethod.POST) {
            ObjectNode doc = ResourceNormalizer.normalize(data, target.type());
            return user
                    ? users.create(caller, doc).map(created -> new Outcome(created.row().id(), 201, created.row().version()))
                    : groups.create(caller, doc).map(row -> new Outcome(row.id(), 201, row.version()));
        }
        UUID id = JsonBodies.resourceId(target.id(), target.type().name());
        return switch (operation.method()) {
            case PUT -> {
                ObjectNode doc = ResourceNormalizer.normalize(data, target.type(), id.toString());
                yield user ? users.replace(caller, id, doc, version).map(row -> new Outcome(id, 200, row.version()))
                        : groups.replace(caller, id, doc, version).map(row -> new Outcome(id, 200, row.version()));
            }
            case PATCH -> {
                var operations = PatchRequestParser.parse(data, id.toString());
                // a group PATCH answers 204 without a body, a user PATCH 200 with one (product.md §7)
                yield user ? users.patch(caller, id, operations, version).map(row -> new Outcome(id, 200, row.version()))
                        : groups.patch(caller, id, operations, version, 204).map(row -> new Outcome(id, 204, row.version()));
            }
            case DELETE -> (user ? users.delete(caller, id, version) : groups.delete(caller, id, version))
                    .map(done -> new Outcome(id, 204, null));
            default -> throw new IllegalStateException("POST is handled above");
        };
    }

    private static ScimException unresolved(BulkOperation operation, String reference, Run run) {
        boolean defined = run.request.operations().stream()
                .anyMatch(other -> other.method() == BulkMethod.POST && reference.equals(other.bulkId()));
        return ScimException.conflict("Operations[" + operation.index() + "] refers to bulkId '" + reference + "', "
                + (defined ? "whose operation failed or was not carried out; nothing was changed"
                        : "which no POST in this request defines; nothing was changed"));
    }

    /** A failure as the operation's SCIM error; anything that is not one is a 500 whose details stay in the log. */
    static ScimException asScimError(Throwable failure) {
        if (failure instanceof ScimException scim) {
            return scim;
        }
        String requestId = UUID.randomUUID().toString();
        LOG.errorf(failure, "Unexpected failure in a bulk operation (request id %s)", requestId);
        return ScimException.internal("Internal error (request id " + requestId + ")");
    }

    /** The results so far, the ids created under bulkIds, and the failures counted against failOnErrors. */
    private static final class Run {
        private final BulkRequest request;
        private final List<Result> results = new ArrayList<>();
        private final Map<String, String> created = new HashMap<>();
        private int errors;

        Run(BulkRequest request) {
            this.request = request;
        }

        Run record(Result result) {
            results.add(result);
            if (result.failed()) {
                errors++;
            }
            return this;
        }

        boolean stopped() {
            return request.stopsAfter(errors);
        }
    }
}
