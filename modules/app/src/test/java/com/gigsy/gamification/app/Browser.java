package com.gigsy.gamification.app;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;

/**
 * A headless Chromium at 1280×800 for each test (Debian's {@code chromium} and {@code chromium-driver}), driven by
 * Selenium. Missing, it fails the test saying how to install it. A failed test leaves a screenshot in
 * {@code target/screenshots/<class>-<test>.png}; a passing one fails if the page logged an error (a script error, a
 * Content-Security-Policy or Trusted Types violation, a failed load). Register with {@code @RegisterExtension} on an
 * instance field.
 */
final class Browser implements BeforeEachCallback, AfterTestExecutionCallback, AfterEachCallback {

  static final Duration WAIT = Duration.ofSeconds(30);
  private static final Path CHROMIUM = Path.of(System.getProperty("gamification.chromium", "/usr/bin/chromium"));
  private static final Path CHROMEDRIVER = Path.of(System.getProperty("gamification.chromedriver", "/usr/bin/chromedriver"));
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private ChromeDriver driver;

  @Override
  public void beforeEach(ExtensionContext context) {
    for (Path executable : List.of(CHROMIUM, CHROMEDRIVER)) {
      if (!Files.isExecutable(executable)) {
        throw new AssertionError("The admin console's browser tests need Chromium and its driver, and " + executable
          + " is missing. Install them (as root): apt-get update && apt-get install -y chromium chromium-driver "
          + "(.ci/run does it), or point -Dgamification.chromium / -Dgamification.chromedriver at yours.");
      }
    }
    ChromeOptions options = new ChromeOptions()
      .setBinary(CHROMIUM.toFile())
      .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--window-size=1280,800", "--lang=en-US", "--hide-scrollbars");
    options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
    ChromeDriverService service = new ChromeDriverService.Builder()
      .usingDriverExecutable(CHROMEDRIVER.toFile())
      .usingAnyFreePort()
      .build();
    driver = new ChromeDriver(service, options);
    // the window's frame, if any, is not the page's: make the viewport itself 1280×800
    @SuppressWarnings("unchecked")
    List<Long> frame = (List<Long>) script("return [outerWidth - innerWidth, outerHeight - innerHeight]");
    driver.manage().window().setSize(new Dimension(1280 + frame.get(0).intValue(), 800 + frame.get(1).intValue()));
  }

  @Override
  public void afterTestExecution(ExtensionContext context) throws IOException {
    if (context.getExecutionException().isPresent()) {
      screenshot(SCREENSHOTS.resolve(context.getRequiredTestClass().getSimpleName() + "-"
        + context.getRequiredTestMethod().getName() + ".png"));
      return;
    }
    List<String> errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
      .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
      .map(LogEntry::getMessage)
      .toList();
    if (!errors.isEmpty()) {
      throw new AssertionError("the page logged errors:\n" + String.join("\n", errors));
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (driver != null) {
      driver.quit();
      driver = null;
    }
  }

  WebDriver driver() {
    return driver;
  }

  void open(String url) {
    driver.get(url);
  }

  /**
   * Waits (up to {@link #WAIT}) until {@code condition} gives a value other than null or false; returns it. A condition
   * that meets an element the page has just redrawn (pages that poll redraw) is tried again.
   */
  <T> T await(String what, Function<WebDriver, T> condition) {
    return new WebDriverWait(driver, WAIT).withMessage(what).ignoring(StaleElementReferenceException.class).until(condition);
  }

  /** The element a visible label names (its {@code for}), the label's text being exactly {@code label}. */
  WebElement labelled(String label) {
    WebElement element = await("a visible label \"" + label + "\"", d -> d.findElements(By.xpath(
      "//label[normalize-space()=" + literal(label) + "]")).stream().filter(WebElement::isDisplayed).findFirst().orElse(null));
    return driver.findElement(By.id(element.getAttribute("for")));
  }

  /** The input wrapped by the visible label whose text contains {@code text} (radio buttons, check boxes). */
  WebElement choice(String text) {
    return await("a visible choice \"" + text + "\"", d -> d.findElements(By.xpath(
      "//label[contains(normalize-space(), " + literal(text) + ")]//input")).stream()
      .filter(input -> input.findElement(By.xpath("..")).isDisplayed()).findFirst().orElse(null));
  }

  /** The visible element of {@code css}, once there is one. */
  WebElement visible(String css) {
    return await("a visible " + css, d -> d.findElements(By.cssSelector(css)).stream().filter(WebElement::isDisplayed)
      .findFirst().orElse(null));
  }

  /** Waits until the text of the visible element of {@code css} contains {@code text}; returns that element. */
  WebElement awaitText(String css, String text) {
    return await(css + " showing \"" + text + "\"", d -> d.findElements(By.cssSelector(css)).stream()
      .filter(element -> element.isDisplayed() && element.getText().contains(text)).findFirst().orElse(null));
  }

  Object script(String script, Object... arguments) {
    return ((JavascriptExecutor) driver).executeScript(script, arguments);
  }

  /** Saves what the window shows as a PNG. */
  void screenshot(Path target) throws IOException {
    Files.createDirectories(target.toAbsolutePath().getParent());
    Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
  }

  /** An XPath string literal of any text (concat() when it holds both quote kinds). */
  private static String literal(String text) {
    if (!text.contains("'")) {
      return "'" + text + "'";
    }
    if (!text.contains("\"")) {
      return "\"" + text + "\"";
    }
    return "concat('" + text.replace("'", "', \"'\", '") + "')";
  }
}
