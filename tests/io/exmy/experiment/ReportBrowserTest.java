package io.exmy.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Opens an experiment report in a real headless browser (Debian's Chromium through its
 * chromedriver) and checks what a reader sees: the page loads, every figure decodes and has a
 * size, and the tables are there with their rows. Skips where Chromium is not installed, unless
 * {@code -Dexmy.require.chromium=true} (bin/test sets it after installing Chromium).
 */
@Tag("browser")
class ReportBrowserTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir
    Path dir;

    @Test
    void reportRendersInChromium() throws Exception {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!installed) {
            if (Boolean.getBoolean("exmy.require.chromium")) {
                fail("Chromium is required here (exmy.require.chromium) but " + CHROMIUM + " or " + CHROMEDRIVER
                        + " is missing: apt-get install chromium chromium-driver");
            }
            Assumptions.abort("Chromium is not installed (apt-get install chromium chromium-driver)");
        }
        ExperimentReport.Summary s = ExperimentReportTest.writeSynthetic(dir);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // The flags of a headless, offline, throwaway browser: no sandbox (CI runs as root), no
        // background requests to Google's hosts, a fresh profile.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-quic", "--user-data-dir=" + dir.resolve("profile"), "--window-size=1280,1024");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeDriver browser = new ChromeDriver(service, options);
        try {
            browser.get(s.index().toUri().toString());
            JavascriptExecutor js = browser;
            new WebDriverWait(browser, Duration.ofSeconds(30)).until(d ->
                    "complete".equals(js.executeScript("return document.readyState")));
            assertEquals("exmy experiment: synthetic-fp-law", browser.getTitle());
            @SuppressWarnings("unchecked")
            List<Object> images = (List<Object>) js.executeScript(
                    "return Array.from(document.images).map(i => i.complete && i.naturalWidth > 0 && i.naturalHeight > 0"
                            + " && i.getBoundingClientRect().width > 0)");
            assertEquals(5, images.size(), "figures in the page");
            assertTrue(images.stream().allMatch(Boolean.TRUE::equals), "every figure renders: " + images);
            @SuppressWarnings("unchecked")
            List<Object> rows = (List<Object>) js.executeScript(
                    "return Array.from(document.querySelectorAll('table')).map(t => t.tBodies[0].rows.length)");
            assertTrue(rows.size() >= 8, "tables in the page: " + rows.size());
            assertTrue(rows.stream().allMatch(r -> ((Number) r).intValue() > 0), "every table has rows: " + rows);
            Object runs = js.executeScript("return Array.from(document.querySelectorAll('caption'))"
                    + ".find(c => c.textContent.startsWith('Runs')).parentElement.tBodies[0].rows.length");
            assertEquals(63L, ((Number) runs).longValue());
        } finally {
            browser.quit();
        }
    }
}
