package dev.provisioning.ops;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import org.jboss.logging.Logger;

/** Test-only endpoint (src/test): an unexpected failure, to see what a 500 looks like and logs. */
@Path("/admin/test-only/failure")
public class FailingTestResource {
    static final String INTERNAL_DETAIL = "connection string user=app password=hunter2";
    private static final Logger LOG = Logger.getLogger(FailingTestResource.class);

    @GET
    public String fail() {
        LOG.info("about to fail");
        throw new IllegalStateException(INTERNAL_DETAIL);
    }
}
