package dev.provisioning.console;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Switches quarkus-oidc off when no identity provider is configured, so that the service starts
 * without one (then only the first-run sign-in link signs in to the console). quarkus-oidc would
 * otherwise refuse to start without {@code quarkus.oidc.auth-server-url}. Low ordinal: an explicit
 * {@code quarkus.oidc.tenant-enabled} wins. Registered in META-INF/services.
 */
public class SingleSignOnSwitch implements ConfigSourceFactory {
    static final String AUTH_SERVER_URL = "quarkus.oidc.auth-server-url";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue url = context.getValue(AUTH_SERVER_URL);
        if (url != null && url.getValue() != null && !url.getValue().isBlank()) {
            return List.of();
        }
        return List.of(new PropertiesConfigSource(Map.of("quarkus.oidc.tenant-enabled", "false"), "console-single-sign-on-off", 50));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(50);
    }
}
