package dev.provisioning.support;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One scrape of {@code /q/metrics} in the Prometheus text format, read into samples: the metric
 * name as Prometheus shows it and its labels, to its value. Tests compare two scrapes, because the
 * application (and its counters) lives across test classes.
 */
public final class PrometheusScrape {
    private final Map<String, Double> samples;

    private PrometheusScrape(Map<String, Double> samples) {
        this.samples = samples;
    }

    /** The current metrics of the application under test (plain text format: no exemplars). */
    public static PrometheusScrape now() {
        return parse(io.restassured.RestAssured.given().accept("text/plain").get("/q/metrics")
                .then().statusCode(200).extract().asString());
    }

    public static PrometheusScrape parse(String text) {
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int exemplar = line.indexOf(" # ");
            String sample = exemplar < 0 ? line : line.substring(0, exemplar);
            int split = sample.lastIndexOf(' ');
            String series = sample.substring(0, split).trim();
            samples.put(key(series), Double.parseDouble(sample.substring(split + 1).trim()));
        }
        return new PrometheusScrape(samples);
    }

    /** The sample of {@code name} with exactly these labels ({@code "k", "v", ...}); 0 when absent. */
    public double value(String name, String... labels) {
        Map<String, String> wanted = new TreeMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            wanted.put(labels[i], labels[i + 1]);
        }
        return samples.getOrDefault(name + wanted, 0.0);
    }

    /** Every series (name and labels, as {@code name{k=v, ...}}) whose name starts with {@code prefix}. */
    public Map<String, Double> series(String prefix) {
        Map<String, Double> found = new LinkedHashMap<>();
        samples.forEach((series, value) -> {
            if (series.startsWith(prefix)) {
                found.put(series, value);
            }
        });
        return found;
    }

    private static String key(String series) {
        int brace = series.indexOf('{');
        if (brace < 0) {
            return series + "{}";
        }
        String name = series.substring(0, brace);
        String body = series.substring(brace + 1, series.lastIndexOf('}'));
        Map<String, String> labels = new TreeMap<>();
        int i = 0;
        while (i < body.length()) {
            int eq = body.indexOf('=', i);
            String label = body.substring(i, eq).trim();
            int start = body.indexOf('"', eq) + 1;
            StringBuilder value = new StringBuilder();
            int j = start;
            while (body.charAt(j) != '"') {
                if (body.charAt(j) == '\\') {
                    j++;
                }
                value.append(body.charAt(j));
                j++;
            }
            labels.put(label, value.toString());
            i = body.indexOf(',', j);
            if (i < 0) {
                break;
            }
            i++;
        }
        return name + labels;
    }
}
