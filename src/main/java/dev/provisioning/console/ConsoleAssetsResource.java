package dev.provisioning.console;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestPath;

/** The console's versioned static files: cached for a year, since a new content gets a new name. */
@Path(ConsoleResponses.PATH + "/assets")
public class ConsoleAssetsResource {
    private final ConsoleAssets assets;

    public ConsoleAssetsResource(ConsoleAssets assets) {
        this.assets = assets;
    }

    @GET
    @Path("{name}")
    public Response asset(@RestPath String name) {
        ConsoleAssets.Asset asset = assets.find(name);
        if (asset == null) {
            return Response.status(404).type("text/plain; charset=utf-8").entity("No such file").header("Cache-Control", "no-store").build();
        }
        return Response.ok(asset.bytes(), asset.mediaType())
                .header("Cache-Control", "public, max-age=31536000, immutable")
                .header("X-Content-Type-Options", "nosniff")
                .build();
    }
}
