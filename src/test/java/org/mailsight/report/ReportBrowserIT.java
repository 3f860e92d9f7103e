package org.mailsight.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report in a real headless Chromium, at a phone's width: it loads with no console error and no network
 * request, every number on the page is the JSON report's, the charts are drawn (screenshots not blank), the page
 * is no wider than the phone, and it prints.
 */
class ReportBrowserIT {
    private static final String[] FILES = {"postfix/maillog", "dovecot/dovecot.log"};
    private static final int PHONE = 390;

    @TempDir
    Path dir;

    @Test
    void thePageLoadsCleanDrawsItsChartsAndShowsTheJsonNumbers() throws Exception {
        String html = Reports.of("html", List.of(), FILES);
        JsonNode json = JsonPaths.tree(Reports.of("json", List.of(), FILES));
        Path page = dir.resolve("report.html");
        Files.writeString(page, html, StandardCharsets.UTF_8);

        try (Chromium browser = Chromium.start(dir.resolve("profile"))) {
            browser.call("Emulation.setDeviceMetricsOverride", Chromium.params().put("width", PHONE).put("height", 844)
                    .put("deviceScaleFactor", 1).put("mobile", true));
            browser.open(page.toUri().toString());

            assertThat(browser.problems).as("console errors, warnings and exceptions").isEmpty();
            assertThat(browser.requests).as("requests: the page itself, nothing from the network")
                    .containsExactly(page.toUri().toString());

            JsonNode cells = browser.eval("Array.from(document.querySelectorAll('[data-path]'))"
                    + ".map(e => [e.dataset.path, e.textContent])");
            Set<String> shown = new HashSet<>();
            for (JsonNode c : cells) {
                String path = c.get(0).asText();
                assertThat(Double.parseDouble(c.get(1).asText())).as(path).isEqualTo(JsonPaths.at(json, path).asDouble());
                shown.add(path);
            }
            for (Iterator<String> it = json.get("totals").fieldNames(); it.hasNext(); ) {
                assertThat(shown).contains("totals." + it.next());
            }
            assertThat(shown).contains("auth.byAccount[0].failures", "mailbox.logins", "hourly[0].received",
                    "deferralReasons[0].reasons[0].count", "tops.sendersByCount[0].count");

            assertThat(browser.eval("document.documentElement.scrollWidth").asInt())
                    .as("page width on a phone").isLessThanOrEqualTo(PHONE);

            // every chart has a bar per row of the table under it; the first few are drawn in colour
            JsonNode charts = browser.eval("Array.from(document.querySelectorAll('svg.chart')).map(s => {"
                    + "const r = s.getBoundingClientRect();"
                    + "const rows = s.nextElementSibling.querySelectorAll('tbody tr').length;"
                    + "return [r.left, r.top + window.scrollY, r.width, r.height, s.querySelectorAll('rect').length, rows,"
                    + " s.getAttribute('aria-label')]; })");
            assertThat(charts.size()).isGreaterThanOrEqualTo(8);
            for (JsonNode c : charts) {
                assertThat(c.get(4).asInt()).as("bars of " + c.get(6).asText()).isGreaterThanOrEqualTo(c.get(5).asInt());
                assertThat(c.get(2).asDouble()).as("width of " + c.get(6).asText()).isPositive();
            }
            for (int i = 0; i < 4; i++) {
                JsonNode c = charts.get(i);
                BufferedImage shot = screenshot(browser, c.get(0).asDouble(), c.get(1).asDouble(), c.get(2).asDouble(),
                        c.get(3).asDouble());
                assertThat(share(shot, 0x2b6cb0)).as("share of bar colour in " + c.get(6).asText()).isGreaterThan(0.01);
                assertThat(share(shot, 0xffffff)).as("share of white in " + c.get(6).asText()).isLessThan(0.99);
            }

            String pdf = browser.call("Page.printToPDF", Chromium.params()).get("data").asText();
            byte[] bytes = Base64.getDecoder().decode(pdf);
            assertThat(new String(bytes, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
            assertThat(bytes.length).isGreaterThan(10_000);
        }
    }

    private static BufferedImage screenshot(Chromium browser, double x, double y, double w, double h) throws Exception {
        var clip = Chromium.params().put("x", x).put("y", y).put("width", w).put("height", h).put("scale", 1);
        var params = Chromium.params().put("format", "png").put("captureBeyondViewport", true);
        params.set("clip", clip);
        String data = browser.call("Page.captureScreenshot", params).get("data").asText();
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(data)));
        assertThat(image).isNotNull();
        return image;
    }

    /** Share of pixels within a small distance of a colour. */
    private static double share(BufferedImage image, int rgb) {
        long near = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int p = image.getRGB(x, y);
                int d = Math.abs(((p >> 16) & 0xff) - ((rgb >> 16) & 0xff)) + Math.abs(((p >> 8) & 0xff) - ((rgb >> 8) & 0xff))
                        + Math.abs((p & 0xff) - (rgb & 0xff));
                if (d < 30) near++;
            }
        }
        return (double) near / ((long) image.getWidth() * image.getHeight());
    }
}
