package dev.provisioning.console;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the admin console (prefix {@code console}); the README's configuration table is written from it. */
@ConfigMapping(prefix = "console")
public interface ConsoleConfig {

    /** How long a console session lasts after signing in; signing out ends it at once. */
    @WithDefault("PT8H")
    Duration sessionLifetime();

    /** How long the first-run sign-in link printed by the bootstrap stays valid (it works once). */
    @WithDefault("PT15M")
    Duration ticketLifetime();
}
