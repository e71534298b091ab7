package dev.provisioning.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What {@code kubectl kustomize k8s} renders is what a platform team applies: probes, limits and
 * security context of the Deployment, the Service the ServiceMonitor selects, alerts and a
 * dashboard on metrics the service really exposes, and the TLS ingress. Skipped (with the reason)
 * where kubectl is not installed.
 */
class KubernetesManifestsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NAMESPACE = "scim-provisioning";
    /** What /q/metrics exposes that the rules and dashboard may use: product.md §8.1 and Quarkus' pool gauges. */
    private static final Set<String> KNOWN_METRICS = Set.of("scim_requests_seconds_count", "scim_requests_seconds_bucket",
            "scim_requests_seconds_sum", "scim_provisioning_events_total", "scim_auth_failures_total", "scim_rate_limited_total",
            "scim_database_available", "sql_pool_active", "sql_pool_queue_size", "up");
    /** A metric name in PromQL: the service's own and the pool's by prefix, and Prometheus' {@code up{...}}. */
    private static final Pattern METRIC = Pattern.compile("\\b(scim_[a-z_]+|sql_pool_[a-z_]+)\\b|\\b(up)\\{");

    private static List<JsonNode> objects;

    @BeforeAll
    static void render() throws IOException, InterruptedException {
        Process kubectl;
        try {
            kubectl = new ProcessBuilder("kubectl", "kustomize", "k8s").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            Assumptions.abort("kubectl is not installed: " + e.getMessage());
            return;
        }
        String yaml = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(kubectl.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(kubectl.exitValue()).as("kubectl kustomize k8s").isZero();
        objects = new ArrayList<>();
        ObjectMapper mapper = new ObjectMapper(new YAMLFactory());
        try (YAMLParser parser = new YAMLFactory().createParser(yaml)) {
            Iterator<JsonNode> documents = mapper.readValues(parser, JsonNode.class);
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if (document != null && !document.isEmpty()) {
                    objects.add(document);
                }
            }
        }
    }

    @Test
    void everyObjectIsInTheNamespaceAndLabelled() {
        assertThat(objects).extracting(o -> o.path("kind").asText())
                .contains("Deployment", "Service", "ConfigMap", "Secret", "HorizontalPodAutoscaler", "PodDisruptionBudget",
                        "Ingress", "ServiceMonitor", "PrometheusRule");
        for (JsonNode object : objects) {
            if (!object.path("kind").asText().equals("Namespace")) {
                assertThat(object.at("/metadata/namespace").asText()).as(name(object)).isEqualTo(NAMESPACE);
            }
            assertThat(object.at("/metadata/labels/app.kubernetes.io~1name").asText()
                    + object.at("/metadata/labels/app.kubernetes.io~1part-of").asText()).as(name(object)).contains(NAMESPACE);
        }
    }

    @Test
    void deploymentHasProbesLimitsAndALockedDownContainer() {
        JsonNode pod = one("Deployment").at("/spec/template/spec");
        JsonNode container = pod.at("/containers/0");
        assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/q/health/live");
        assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/q/health/ready");
        assertThat(container.at("/startupProbe/httpGet/path").asText()).isEqualTo("/q/health/started");
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            assertThat(container.at("/" + probe + "/httpGet/port").asText()).isEqualTo("http");
        }
        for (String resource : List.of("cpu", "memory")) {
            assertThat(container.at("/resources/requests/" + resource).asText()).as("request " + resource).isNotEmpty();
            assertThat(container.at("/resources/limits/" + resource).asText()).as("limit " + resource).isNotEmpty();
        }
        assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
        assertThat(pod.at("/securityContext/seccompProfile/type").asText()).isEqualTo("RuntimeDefault");
        assertThat(pod.at("/automountServiceAccountToken").asBoolean(true)).isFalse();
        assertThat(container.at("/securityContext/allowPrivilegeEscalation").asBoolean(true)).isFalse();
        assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(container.at("/securityContext/capabilities/drop/0").asText()).isEqualTo("ALL");
        // SIGTERM: 5 s delay + 20 s for requests in flight must fit before SIGKILL
        assertThat(pod.at("/terminationGracePeriodSeconds").asInt()).isGreaterThan(25);
        assertThat(one("Deployment").at("/spec/strategy/rollingUpdate/maxUnavailable").asInt(-1)).isZero();
        assertThat(container.at("/ports/0/name").asText()).isEqualTo("http");
        assertThat(container.at("/ports/0/containerPort").asInt()).isEqualTo(8080);
    }

    @Test
    void everyReplicaGetsTheOAuthTokenSigningKeyFromTheSecret() {
        // several replicas with a random key each: an OAuth token issued by one pod is 401 on the others
        JsonNode deployment = one("Deployment");
        assertThat(deployment.at("/spec/replicas").asInt()).isGreaterThan(1);
        List<String> secrets = new ArrayList<>();
        deployment.at("/spec/template/spec/containers/0/envFrom")
                .forEach(source -> secrets.add(source.at("/secretRef/name").asText()));
        assertThat(secrets).contains("scim-provisioning-db");
        assertThat(one("Secret", "scim-provisioning-db").at("/stringData/SCIM_OAUTH_TOKEN_SIGNING_KEY").asText()).isEqualTo("CHANGE_ME");
    }

    @Test
    void serviceMonitorSelectsTheServiceAndScrapesMetrics() {
        JsonNode monitor = one("ServiceMonitor");
        JsonNode service = one("Service");
        monitor.at("/spec/selector/matchLabels").fields().forEachRemaining(label ->
                assertThat(service.at("/metadata/labels").path(label.getKey()).asText()).as("Service label " + label.getKey())
                        .isEqualTo(label.getValue().asText()));
        JsonNode endpoint = monitor.at("/spec/endpoints/0");
        assertThat(endpoint.path("path").asText()).isEqualTo("/q/metrics");
        Set<String> servicePorts = new HashSet<>();
        service.at("/spec/ports").forEach(port -> servicePorts.add(port.path("name").asText()));
        assertThat(servicePorts).contains(endpoint.path("port").asText());
        // the Service selects the Deployment's pods
        JsonNode podLabels = one("Deployment").at("/spec/template/metadata/labels");
        service.at("/spec/selector").fields().forEachRemaining(label ->
                assertThat(podLabels.path(label.getKey()).asText()).isEqualTo(label.getValue().asText()));
    }

    @Test
    void alertsCoverWhatAPlatformTeamWatches() {
        List<JsonNode> rules = new ArrayList<>();
        one("PrometheusRule").at("/spec/groups").forEach(group -> group.path("rules").forEach(rules::add));
        assertThat(rules).extracting(rule -> rule.path("alert").asText())
                .contains("ScimServerErrorRatioHigh", "ScimLatencyP99High", "ScimDatabaseUnavailable", "ScimAuthFailureSpike",
                        "ScimRateLimiting");
        for (JsonNode rule : rules) {
            assertThat(rule.at("/labels/severity").asText()).as(rule.path("alert").asText()).isIn("critical", "warning", "info");
            assertThat(rule.at("/annotations/summary").asText()).isNotBlank();
            assertThat(metricsIn(rule.path("expr").asText())).as(rule.path("alert").asText()).isNotEmpty()
                    .isSubsetOf(KNOWN_METRICS);
        }
    }

    @Test
    void dashboardChartsTheScimMetrics() throws IOException {
        JsonNode configMap = objects.stream()
                .filter(o -> o.path("kind").asText().equals("ConfigMap") && o.at("/metadata/name").asText().endsWith("dashboard"))
                .findFirst().orElseThrow();
        assertThat(configMap.at("/metadata/labels/grafana_dashboard").asText()).isEqualTo("1");
        JsonNode dashboard = JSON.readTree(configMap.at("/data/grafana-dashboard.json").asText());
        Set<String> charted = new HashSet<>();
        dashboard.path("panels").forEach(panel -> panel.path("targets").forEach(target -> {
            Set<String> used = metricsIn(target.path("expr").asText());
            assertThat(used).as(panel.path("title").asText()).isNotEmpty().isSubsetOf(KNOWN_METRICS);
            charted.addAll(used);
        }));
        assertThat(charted).contains("scim_requests_seconds_count", "scim_requests_seconds_bucket", "scim_provisioning_events_total",
                "scim_auth_failures_total", "scim_rate_limited_total", "scim_database_available");
    }

    @Test
    void ingressTerminatesTlsWithCertManagerAndExposesOnlyTheApis() {
        JsonNode ingress = one("Ingress");
        assertThat(ingress.at("/metadata/annotations/cert-manager.io~1cluster-issuer").asText()).isNotBlank();
        String host = ingress.at("/spec/rules/0/host").asText();
        assertThat(ingress.at("/spec/tls/0/hosts/0").asText()).isEqualTo(host);
        assertThat(ingress.at("/spec/tls/0/secretName").asText()).isNotBlank();
        List<String> paths = new ArrayList<>();
        ingress.at("/spec/rules/0/http/paths").forEach(path -> {
            paths.add(path.path("path").asText());
            assertThat(path.at("/backend/service/name").asText()).isEqualTo(one("Service").at("/metadata/name").asText());
            assertThat(path.at("/backend/service/port/name").asText()).isEqualTo("http");
        });
        // the APIs, the token endpoint of OAuth client credentials and the console; never /q/ (health, metrics)
        assertThat(paths).containsExactlyInAnyOrder("/scim", "/admin", "/oauth/token", "/console");
        // the public URL Entra is given is the ingress host, over HTTPS
        assertThat(one("ConfigMap", "scim-provisioning").at("/data/SCIM_PUBLIC_BASE_URL").asText()).isEqualTo("https://" + host);
    }

    @Test
    void configMapKeysAreQuarkusEnvironmentNames() {
        one("ConfigMap", "scim-provisioning").path("data").fieldNames().forEachRemaining(key ->
                assertThat(key).matches("(QUARKUS|SCIM|MP)_[A-Z0-9_]+"));
        JsonNode data = one("ConfigMap", "scim-provisioning").path("data");
        assertThat(data.has("QUARKUS_HTTP_PROXY_TRUSTED_PROXIES")).as("trusted proxies set").isTrue();
        assertThat(data.path("QUARKUS_LOG_CONSOLE_JSON_ENABLED").asText()).isEqualTo("true");
    }

    private static Set<String> metricsIn(String expression) {
        Set<String> names = new HashSet<>();
        Matcher matcher = METRIC.matcher(expression);
        while (matcher.find()) {
            names.add(matcher.group(1) != null ? matcher.group(1) : matcher.group(2));
        }
        return names;
    }

    private static JsonNode one(String kind) {
        List<JsonNode> found = objects.stream().filter(o -> o.path("kind").asText().equals(kind)).toList();
        assertThat(found).as(kind).hasSize(1);
        return found.get(0);
    }

    private static JsonNode one(String kind, String name) {
        return objects.stream().filter(o -> o.path("kind").asText().equals(kind) && o.at("/metadata/name").asText().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError(kind + " " + name));
    }

    private static String name(JsonNode object) {
        return object.path("kind").asText() + " " + object.at("/metadata/name").asText();
    }
}
