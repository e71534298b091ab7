package dev.provisioning.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.deque.html.axecore.playwright.AxeBuilder;
import com.deque.html.axecore.results.AxeResults;
import com.deque.html.axecore.results.Rule;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Headless Chromium for the console's end-to-end tests: Debian's {@code /usr/bin/chromium} driven
 * by Playwright, which never downloads a browser of its own. {@code .ci/run} installs the package
 * when it is missing.
 */
public final class ConsoleBrowser implements AutoCloseable {
    public static final Path CHROMIUM = Path.of(System.getProperty("console.chromium", "/usr/bin/chromium"));
    public static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    /** A laptop screen and a phone screen (CSS pixels). */
    public static final int[] LAPTOP = {1366, 900};
    public static final int[] PHONE = {390, 844};

    private final Playwright playwright;
    private final Browser browser;

    public ConsoleBrowser() {
        if (!Files.isExecutable(CHROMIUM)) {
            throw new IllegalStateException(CHROMIUM + " is missing: the console's browser tests need Debian's chromium"
                    + " (apt-get install -y chromium; .ci/run does it)");
        }
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(CHROMIUM)
                .setHeadless(true)
                .setArgs(List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--no-first-run")));
    }

    /** A fresh browser profile (no cookies) with a laptop-sized window. */
    public BrowserContext newContext() {
        return browser.newContext(new Browser.NewContextOptions().setViewportSize(LAPTOP[0], LAPTOP[1]));
    }

    /** The same, with JavaScript off: every page must work without it. */
    public BrowserContext newContextWithoutJavaScript() {
        return browser.newContext(new Browser.NewContextOptions().setViewportSize(LAPTOP[0], LAPTOP[1]).setJavaScriptEnabled(false));
    }

    /** No critical or serious axe-core violation on the page as it is now. */
    private static void assertAccessible(Page page) {
        AxeResults results = new AxeBuilder(page).analyze();
        List<Rule> bad = results.getViolations().stream()
                .filter(rule -> "critical".equals(rule.getImpact()) || "serious".equals(rule.getImpact()))
                .toList();
        assertThat(bad).as("axe-core violations on %s:%n%s", page.url(), bad.stream()
                .map(rule -> rule.getImpact() + " " + rule.getId() + ": " + rule.getHelp() + " at "
                        + rule.getNodes().stream().map(node -> String.valueOf(node.getTarget())).collect(Collectors.joining(", ")))
                .collect(Collectors.joining("\n"))).isEmpty();
    }

    /**
     * The page as it is now, at laptop and then at phone size: no critical or serious axe-core
     * violation at either (a phone's layout is other CSS: stacked tables, wrapped forms), no
     * horizontal scrolling at phone size, and a full-page screenshot of each; the window is left at
     * laptop size.
     */
    public static void checkAtBothSizes(Page page, String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        page.setViewportSize(LAPTOP[0], LAPTOP[1]);
        assertAccessible(page);
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + "-laptop.png")).setFullPage(true));
        page.setViewportSize(PHONE[0], PHONE[1]);
        Object overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        assertThat(((Number) overflow).intValue()).as("horizontal scrolling on a phone-sized screen at %s", page.url()).isLessThanOrEqualTo(0);
        assertAccessible(page);
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + "-phone.png")).setFullPage(true));
        page.setViewportSize(LAPTOP[0], LAPTOP[1]);
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
