package dev.provisioning.console;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * The console's style sheet and script, served under names that carry a hash of their content
 * ({@code /console/assets/console-1a2b3c4d5e.css}), so that browsers may cache them for a year and
 * still never use a stale copy after an upgrade.
 */
@ApplicationScoped
public class ConsoleAssets {
    /** One versioned file: its public name, media type and bytes. */
    record Asset(String path, String mediaType, byte[] bytes) {
    }

    private final Asset css = load("console.css", "text/css; charset=utf-8");
    private final Asset js = load("console.js", "text/javascript; charset=utf-8");
    private final Map<String, Asset> byName = Map.of(name(css), css, name(js), js);

    public String css() {
        return css.path();
    }

    public String js() {
        return js.path();
    }

    Asset find(String name) {
        return byName.get(name);
    }

    private static String name(Asset asset) {
        return asset.path().substring(asset.path().lastIndexOf('/') + 1);
    }

    private static Asset load(String file, String mediaType) {
        try (InputStream in = ConsoleAssets.class.getClassLoader().getResourceAsStream("console/assets/" + file)) {
            if (in == null) {
                throw new IllegalStateException("console/assets/" + file + " is missing from the class path");
            }
            byte[] bytes = in.readAllBytes();
            String version = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 12);
            int dot = file.lastIndexOf('.');
            return new Asset("/console/assets/" + file.substring(0, dot) + "-" + version + file.substring(dot), mediaType, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
