package io.mcdrop.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
    assertTrue(verdict.matches("verdict (confident|uncertain|very-uncertain)"), verdict);
    assertTrue(driver.findElement(By.id("status")).getText().contains("40 samples"));
    screenshot("web-page.png");
  }

  @Test
  void errorsFromTheServerAreShownToTheUser() throws Exception {
    driver.get(server.server.uri().resolve("/").toString());
    waiting().until(d -> d.findElements(By.cssSelector("#model option")).size() == 3);
    new Select(driver.findElement(By.id("model"))).selectByValue("plain");
    WebElement samples = driver.findElement(By.id("samples"));
    samples.clear();
    samples.sendKeys("20");
    Path notAnImage = Files.createTempFile("mcdrop-page", ".png");
    Files.writeString(notAnImage, "not an image");
    driver.findElement(By.id("file")).sendKeys(notAnImage.toString());
    waiting().until(d -> d.findElement(By.id("status")).getAttribute("class").equals("error"));
    assertTrue(
        driver.findElement(By.id("status")).getText().contains("not an image"),
        driver.findElement(By.id("status")).getText());
  }

  private void screenshot(String name) throws Exception {
    Path dir = Path.of("target", "screenshots");
    Files.createDirectories(dir);
    Files.write(dir.resolve(name), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
  }
}
