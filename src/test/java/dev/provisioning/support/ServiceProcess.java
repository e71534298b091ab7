package dev.provisioning.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The packaged service ({@code target/quarkus-app/quarkus-run.jar}, built by {@code ./mvnw verify}
 * before the {@code *IT} tests run) as a child process: for what only real processes show —
 * signals, shutdown, several replicas on one database, a database that goes away.
 *
 * <p>The process gets a hermetic environment: the parent's {@code QUARKUS_*}, {@code SCIM_*} and
 * {@code MP_*} variables are dropped, the HTTP port is a free one, the admin API trusts the tests'
 * {@code test-public-key.pem} (mint tokens with {@link ProcessTenant}), logs are JSON (the
 * production profile), and the heap is small. Everything it prints (stdout and stderr) is kept in
 * {@link #log()} and written to {@code target/it-logs/<name>.log}.
 *
 * <pre>{@code
 * try (PostgresServer postgres = PostgresServer.start();
 *      ServiceProcess service = ServiceProcess.builder("replica-a")
 *              .database(postgres.createDatabase())
 *              .env("QUARKUS_SHUTDOWN_DELAY", "2s")
 *              .start()
 *              .awaitReady(Duration.ofSeconds(90))) {
 *     given().baseUri(service.baseUri().toString()).get("/q/health/ready");
 *     service.terminate();                          // SIGTERM
 *     int status = service.awaitExit(Duration.ofSeconds(60));
 * }
 * }</pre>
 * {@link #close()} kills whatever is still running, so a failed test leaves no process behind.
 */
public final class ServiceProcess implements AutoCloseable {
    static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private static final Path LOGS = Path.of("target", "it-logs");

    private final String name;
    private final Process process;
    private final int httpPort;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Thread reader;

    private ServiceProcess(String name, Process process, int httpPort, Path logFile) {
        this.name = name;
        this.process = process;
        this.httpPort = httpPort;
        this.reader = new Thread(() -> copyOutput(logFile), "it-log-" + name);
        this.reader.setDaemon(true);
        this.reader.start();
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Settings of a process to start; everything has a sensible default but the database. */
    public static final class Builder {
        private final String name;
        private final Map<String, String> env = new LinkedHashMap<>();
        private final List<String> jvmOptions = new ArrayList<>(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"));
        private int httpPort = freePort();

        private Builder(String name) {
            this.name = name;
            env.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "true");
            env.put("SCIM_BOOTSTRAP_ENABLED", "false");
            env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", testResource("test-public-key.pem").toUri().toString());
        }

        /** The datasource settings of {@code database}. */
        public Builder database(PostgresServer.Database database) {
            env.putAll(database.environment());
            return this;
        }

        /** An environment variable (a {@code null} value removes a default). */
        public Builder env(String key, String value) {
            if (value == null) {
                env.remove(key);
            } else {
                env.put(key, value);
            }
            return this;
        }

        public Builder httpPort(int port) {
            this.httpPort = port;
            return this;
        }

        public Builder jvmOption(String option) {
            jvmOptions.add(option);
            return this;
        }

        /** Starts the process; it is not ready yet (see {@link ServiceProcess#awaitReady}). */
        public ServiceProcess start() {
            Path jar = JAR.toAbsolutePath();
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(jar + " is missing: the *IT tests run after 'package' (./mvnw verify)");
            }
            List<String> command = new ArrayList<>();
            command.add(ProcessHandle.current().info().command().orElse("java"));
            command.addAll(jvmOptions);
            command.add("-jar");
            command.add(jar.toString());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            Map<String, String> environment = builder.environment();
            environment.keySet().removeIf(key -> key.startsWith("QUARKUS_") || key.startsWith("SCIM_") || key.startsWith("MP_"));
            environment.put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
            environment.putAll(env);
            try {
                Files.createDirectories(LOGS);
                return new ServiceProcess(name, builder.start(), httpPort, LOGS.resolve(name + ".log"));
            } catch (IOException e) {
                throw new UncheckedIOException("could not start " + name, e);
            }
        }
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public int httpPort() {
        return httpPort;
    }

    /** {@code http://localhost:<port>} of the plain HTTP port. */
    public URI baseUri() {
        return URI.create("http://localhost:" + httpPort);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits until {@code /q/health/ready} answers 200 on the plain HTTP port (90 s at most). */
    public ServiceProcess awaitReady() {
        return awaitReady(Duration.ofSeconds(90));
    }

    public ServiceProcess awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " before it was ready:\n" + tail(60));
            }
            if (readiness() == 200) {
                return this;
            }
            sleep(200);
        }
        throw new IllegalStateException(name + " not ready after " + timeout + ":\n" + tail(60));
    }

    /** The status of {@code GET /q/health/ready} now, or -1 when nothing answers. */
    public int readiness() {
        try {
            HttpURLConnection connection = (HttpURLConnection) baseUri().resolve("/q/health/ready").toURL().openConnection();
            connection.setConnectTimeout(1000);
            connection.setReadTimeout(2000);
            try {
                return connection.getResponseCode();
            } finally {
                connection.disconnect();
            }
        } catch (IOException e) {
            return -1;
        }
    }

    /** Waits until a line of the output matches, and answers it. */
    public String awaitLog(Predicate<String> line, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (String candidate : lines) {
                if (line.test(candidate)) {
                    return candidate;
                }
            }
            if (!process.isAlive()) {
                break;
            }
            sleep(100);
        }
        throw new IllegalStateException(name + ": no such log line after " + timeout + ":\n" + tail(60));
    }

    /** Everything the process printed so far, a line an entry. */
    public List<String> log() {
        return List.copyOf(lines);
    }

    /** Sends a signal ({@code TERM}, {@code KILL}, {@code STOP}, {@code CONT}, ...) to the process. */
    public void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-s", signal, Long.toString(process.pid())).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -s " + signal + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGTERM, as Kubernetes sends it. */
    public void terminate() {
        signal("TERM");
    }

    /** Waits for the process to end by itself and answers its exit status. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(name + " still running after " + timeout + ":\n" + tail(40));
            }
            reader.join(5000);
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The last lines of the output, for failure messages. */
    public String tail(int count) {
        List<String> all = log();
        return String.join("\n", all.subList(Math.max(0, all.size() - count), all.size()));
    }

    /** Kills the process if it still runs. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A TCP port nothing listens on right now. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A file of {@code src/test/resources}, as the build copied it. */
    public static Path testResource(String name) {
        return Path.of("target", "test-classes", name).toAbsolutePath();
    }

    private void copyOutput(Path logFile) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                Writer out = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
                out.write(line);
                out.write('\n');
                out.flush();
            }
        } catch (IOException e) {
            lines.add("[it] output of " + name + " unreadable: " + e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
