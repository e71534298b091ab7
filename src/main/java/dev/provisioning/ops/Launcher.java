package dev.provisioning.ops;

import io.quarkus.runtime.ImageMode;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import org.jboss.logging.Logger;

/**
 * Entry point. When no datasource URL is configured it starts an embedded PostgreSQL whose data
 * lives in a local folder ({@code .data/postgres}, or {@code SCIM_EMBEDDED_DATA_DIR}) and points
 * the datasource at it, so that one command runs the service on a machine with only a JDK. The
 * embedded database runs without fsync: it is for development, demos and tests, never production.
 */
@QuarkusMain
public class Launcher {
    private static final Logger LOG = Logger.getLogger(Launcher.class);

    /**
     * True in a native executable. This class is initialised while the image is built (Quarkus
     * initialises application classes at build time), so there the value is a constant and the
     * embedded database below is not even compiled into the executable.
     */
    private static final boolean NATIVE = ImageMode.current().isNativeImage();

    /** Exit status of a native executable started without a database: EX_CONFIG of sysexits.h. */
    static final int NO_DATASOURCE_EXIT = 78;

    static final String NO_DATASOURCE_MESSAGE = """
            No database configured. The native executable needs PostgreSQL; set:
              QUARKUS_DATASOURCE_REACTIVE_URL   e.g. postgresql://db:5432/scim
              QUARKUS_DATASOURCE_JDBC_URL       e.g. jdbc:postgresql://db:5432/scim  (Flyway migrates at start)
              QUARKUS_DATASOURCE_USERNAME and QUARKUS_DATASOURCE_PASSWORD
            The embedded development database exists only in the JVM build (java -jar target/quarkus-app/quarkus-run.jar).
            """;

    public static void main(String... args) throws IOException {
        MeterFilters.installEarly();
        if (!datasourceConfigured()) {
            if (NATIVE) {
                System.err.print(NO_DATASOURCE_MESSAGE);
                System.exit(NO_DATASOURCE_EXIT);
            } else {
                startEmbeddedDatabase();
            }
        }
        Quarkus.run(args);
    }

    /**
     * Waits (at most {@code bound}) until the service has stopped. JVM shutdown hooks run at the same
     * time as Quarkus' own: a database stopped first would fail the requests the service still answers
     * through its shutdown delay, and leave a postmaster behind when stopping it takes too long.
     */
    private static void awaitServiceStopped(java.time.Duration bound) {
        Thread waiter = new Thread(() -> {
            io.quarkus.runtime.Application application = io.quarkus.runtime.Application.currentApplication();
            if (application != null) {
                application.awaitShutdown();
            }
        }, "embedded-postgres-await-service");
        waiter.setDaemon(true);
        waiter.start();
        try {
            waiter.join(bound.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static boolean datasourceConfigured() {
        return isSet("QUARKUS_DATASOURCE_REACTIVE_URL", "quarkus.datasource.reactive.url")
                || isSet("QUARKUS_DATASOURCE_JDBC_URL", "quarkus.datasource.jdbc.url");
    }

    private static boolean isSet(String env, String property) {
        String value = System.getenv(env);
        if (value == null || value.isBlank()) {
            value = System.getProperty(property);
        }
        return value != null && !value.isBlank();
    }

    private static void startEmbeddedDatabase() throws IOException {
        Path dataRoot = Path.of(firstNonBlank(System.getenv("SCIM_EMBEDDED_DATA_DIR"),
                System.getProperty("scim.embedded.data-dir"), ".data")).toAbsolutePath();
        Path pgData = dataRoot.resolve("postgres");
        Files.createDirectories(pgData);
        // zonky logs every line of initdb and the server through java.util.logging before Quarkus starts
        java.util.logging.Logger.getLogger("io.zonky").setLevel(java.util.logging.Level.WARNING);
        LOG.infof("No datasource configured: starting embedded PostgreSQL with data in %s (development only)", pgData);
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(pgData)
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false)  // ours, below, stops it after the service
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // the shutdown delay and the in-flight timeout of quarkus.shutdown.* end well before this bound
            awaitServiceStopped(java.time.Duration.ofSeconds(40));
            try {
                postgres.close();
            } catch (IOException e) {
                LOG.warn("Embedded PostgreSQL did not stop cleanly", e);
            }
        }, "embedded-postgres-stop"));
        int port = postgres.getPort();
        System.setProperty("quarkus.datasource.reactive.url", "postgresql://localhost:" + port + "/postgres");
        System.setProperty("quarkus.datasource.jdbc.url", "jdbc:postgresql://localhost:" + port + "/postgres");
        System.setProperty("quarkus.datasource.username", "postgres");
        System.setProperty("quarkus.datasource.password", "postgres");
        System.setProperty("scim.embedded-database", "true");
        if (System.getenv("QUARKUS_LOG_CONSOLE_JSON_ENABLED") == null) {
            System.setProperty("quarkus.log.console.json.enabled", "false");
        }
        ensureDevelopmentJwtKeys(dataRoot.resolve("jwt"));
    }

    /**
     * With the embedded database and no JWT key configured, the admin API trusts a key pair kept
     * beside the data, so that the bootstrap can print a working admin token.
     */
    private static void ensureDevelopmentJwtKeys(Path folder) throws IOException {
        if (isSet("MP_JWT_VERIFY_PUBLICKEY_LOCATION", "mp.jwt.verify.publickey.location")) {
            return;
        }
        Path privateKey = folder.resolve("private-key.pem");
        Path publicKey = folder.resolve("public-key.pem");
        if (!Files.exists(privateKey) || !Files.exists(publicKey)) {
            Files.createDirectories(folder);
            KeyPair pair;
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                pair = generator.generateKeyPair();
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("RSA is not available", e);
            }
            Files.writeString(privateKey, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            Files.writeString(publicKey, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        }
        System.setProperty("mp.jwt.verify.publickey.location", publicKey.toUri().toString());
        System.setProperty("smallrye.jwt.sign.key.location", privateKey.toUri().toString());
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }
}
