package io.mcdrop.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcdrop.server.support.TestImages;
import io.mcdrop.server.support.TestServer;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web page in a real headless Chromium (Debian's chromium and chromium-driver). Both paths are
 * given explicitly, so Selenium Manager never tries to download a browser or a driver.
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebPageBrowserTest {
  private static final String CHROMIUM = "/usr/bin/chromium";
  private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
  private TestServer server;
  private WebDriver driver;
  private Path profile;

  @BeforeAll
  void start() throws Exception {
    assertTrue(
        new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute(),
        "install Debian's chromium and chromium-driver (scripts/setup-system.sh does)");
    server = TestServer.start(Map.of());
    profile = Files.createTempDirectory("mcdrop-chromium-profile");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1100,1400",
        "--user-data-dir=" + profile);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER))
            .usingAnyFreePort()
            .build();
    driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
  }

  @AfterAll
  void stop() throws Exception {
    if (driver != null) {
      driver.quit();
    }
    if (server != null) {
      server.close();
    }
  }

  private WebDriverWait waiting() {
    return new WebDriverWait(driver, Duration.ofSeconds(20));
  }

  @Test
  void uploadingAnImageShowsTheLabelTheChartsAndAVerdict() throws Exception {
    driver.get(server.server.uri().resolve("/").toString());
    waiting().until(d -> d.findElements(By.cssSelector("#model option")).size() == 3);
    new Select(driver.findElement(By.id("model"))).selectByValue("cnn");
    WebElement samples = driver.findElement(By.id("samples"));
    samples.clear();
    samples.sendKeys("40");
    Path png = Files.createTempFile("mcdrop-page", ".png");
    Files.write(png, TestImages.png(9));
    driver.findElement(By.id("file")).sendKeys(png.toString());

    waiting().until(d -> !d.findElement(By.id("label")).getText().isBlank());
    String label = driver.findElement(By.id("label")).getText();
    assertTrue(List.of("alpha", "beta", "gamma").contains(label), label);
    assertEquals(3, driver.findElements(By.cssSelector("#prob-chart rect.bar")).size());
    assertEquals(1, driver.findElements(By.cssSelector("#prob-chart rect.bar.top")).size());
    // Whiskers (95 % interval) for every class when samples vary.
    assertEquals(9, driver.findElements(By.cssSelector("#prob-chart line.whisker")).size());
    // One dot per MC sample for each of the top 3 classes.
    assertEquals(120, driver.findElements(By.cssSelector("#strip-chart circle.sample")).size());
    assertEquals(4, driver.findElements(By.cssSelector("#uncertainty .meter")).size());
    String verdict = driver.findElement(By.id("verdict")).getAttribute("class");
    assertTrue(verdict.matches("verdict (confident|ambiguous|uncertain)"), verdict);
    assertTrue(driver.findElement(By.id("status")).getText().contains("40 samples"));
    screenshot("web-page.png");
  }

  @Test
  void errorsFromTheServerAreShownToTheUser() throws Exception {
    open();
    choose("cnn", "20");
    upload(Files.writeString(Files.createTempFile("mcdrop-page", ".png"), "not an image"));
    awaitError();
    assertTrue(status().contains("not an image"), status());
  }

  @Test
  void theNoDropoutErrorNamesNoCliFlag() throws Exception {
    open();
    choose("plain", "20");
    upload(png(3));
    awaitError();
    assertTrue(status().contains("dropout"), status());
    assertFalse(status().contains("--"), status());
  }

  @Test
  void resultPanelsStayHiddenBeforeAnyUpload() {
    open();
    assertFalse(driver.findElement(By.id("result")).isDisplayed());
    assertFalse(driver.findElement(By.id("prob-chart")).isDisplayed());
  }

  @Test
  void anErrorClearsThePreviousResult() throws Exception {
    open();
    choose("cnn", "10");
    upload(png(4));
    waiting().until(d -> d.findElement(By.id("result")).isDisplayed());
    upload(Files.writeString(Files.createTempFile("mcdrop-page", ".png"), "still not an image"));
    awaitError();
    assertFalse(
        driver.findElement(By.id("result")).isDisplayed(), "stale result left beside the error");
  }

  @Test
  void zeroOrNoSamplesIsAnErrorNotOne() throws Exception {
    for (String bad : new String[] {"0", ""}) {
      open();
      choose("cnn", bad);
      upload(png(5));
      awaitError();
      assertTrue(status().contains("at least 1"), "'" + bad + "': " + status());
      assertFalse(driver.findElement(By.id("result")).isDisplayed());
    }
  }

  @Test
  void aSinglePassShowsNoSpread() throws Exception {
    open();
    choose("cnn", "1");
    upload(png(6));
    waiting().until(d -> d.findElement(By.id("result")).isDisplayed());
    assertEquals(0, driver.findElements(By.cssSelector("#prob-chart line.whisker")).size());
    assertEquals(0, driver.findElements(By.cssSelector("#strip-chart circle.sample")).size());
    assertTrue(driver.findElement(By.id("strip-note")).isDisplayed());
    assertEquals(
        "n/a",
        driver.findElement(By.cssSelector("#uncertainty .meter.epistemic .value")).getText());
    assertEquals(
        "n/a", driver.findElement(By.cssSelector("#uncertainty .meter.votes .value")).getText());
    assertTrue(driver.findElement(By.id("prob-chart")).getText().contains("n/a"));
  }

  @Test
  void aFileOverTheLimitIsRefusedBeforeUploading() throws Exception {
    open();
    choose("cnn", "5");
    Path big = Files.createTempFile("mcdrop-page-big", ".png");
    Files.write(big, new byte[11 * 1024 * 1024]);
    upload(big);
    awaitError();
    assertTrue(status().contains("10 MB"), status());
  }

  @Test
  void theBrowserSeesThe413WhenItUploadsTooMuchAnyway() {
    open();
    // Past the page's own check: the browser keeps sending while the server has answered.
    Object status =
        ((JavascriptExecutor) driver)
            .executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                    + "const form = new FormData();"
                    + "form.append('image', new Blob([new Uint8Array(12 * 1024 * 1024)]), 'big.png');"
                    + "fetch('/api/v1/models/cnn/classify', {method: 'POST', body: form})"
                    + "  .then(r => done(r.status), e => done('failed: ' + e));");
    assertEquals(413L, status);
  }

  @Test
  void aNarrowScreenKeepsTheChartsReadable() throws Exception {
    Dimension before = driver.manage().window().getSize();
    try {
      driver.manage().window().setSize(new Dimension(400, 900));
      open();
      choose("cnn", "20");
      upload(png(7));
      waiting().until(d -> d.findElement(By.id("result")).isDisplayed());
      JavascriptExecutor js = (JavascriptExecutor) driver;
      long overflow =
          (Long)
              js.executeScript(
                  "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
      assertTrue(overflow <= 1, "page scrolls sideways by " + overflow + " px");
      for (String chart : new String[] {"#prob-chart text", "#strip-chart text"}) {
        Number height =
            (Number)
                js.executeScript(
                    "return document.querySelector(arguments[0]).getBoundingClientRect().height;",
                    chart);
        assertTrue(height.doubleValue() >= 10, chart + " is " + height + " px tall");
      }
      screenshot("web-page-400px.png");
    } finally {
      driver.manage().window().setSize(before);
    }
  }

  private void open() {
    driver.get(server.server.uri().resolve("/").toString());
    waiting().until(d -> d.findElements(By.cssSelector("#model option")).size() == 3);
  }

  private void choose(String model, String samples) {
    new Select(driver.findElement(By.id("model"))).selectByValue(model);
    WebElement field = driver.findElement(By.id("samples"));
    field.clear();
    field.sendKeys(samples);
  }

  private void upload(Path file) {
    // A fresh input each time, so choosing the same path twice still fires "change".
    ((JavascriptExecutor) driver).executeScript("document.getElementById('file').value = '';");
    driver.findElement(By.id("file")).sendKeys(file.toString());
  }

  private static Path png(long seed) throws Exception {
    Path p = Files.createTempFile("mcdrop-page", ".png");
    Files.write(p, TestImages.png(seed));
    return p;
  }

  private void awaitError() {
    waiting().until(d -> d.findElement(By.id("status")).getAttribute("class").equals("error"));
  }

  private String status() {
    return driver.findElement(By.id("status")).getText();
  }

  private void screenshot(String name) throws Exception {
    Path dir = Path.of("target", "screenshots");
    Files.createDirectories(dir);
    Files.write(dir.resolve(name), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
  }
}
