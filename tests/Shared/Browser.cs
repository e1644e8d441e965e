using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace RightSize.Tests.Shared;

/// <summary>
/// Debian's headless Chromium driven by its chromedriver (scripts/test.sh installs both). A failing test leaves a
/// screenshot of the page it was on under <c>screenshots/</c> in the test output.
/// </summary>
internal sealed class Browser : IDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public const string DriverFolder = "/usr/bin";

    private Browser(ChromeDriver driver) => Driver = driver;

    public ChromeDriver Driver { get; }

    public static Browser Start()
    {
        if (!File.Exists(ChromiumPath) || !File.Exists(Path.Combine(DriverFolder, "chromedriver")))
        {
            throw new InvalidOperationException("Chromium is not installed: apt-get install chromium chromium-driver (scripts/test.sh does)");
        }

        // An explicit driver and browser, so Selenium Manager never looks for (or downloads) others.
        var service = ChromeDriverService.CreateDefaultService(DriverFolder, "chromedriver");
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        var options = new ChromeOptions { BinaryLocation = ChromiumPath };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1600",
            "--no-first-run", "--disable-extensions", "--disable-background-networking");
        return new Browser(new ChromeDriver(service, options, TimeSpan.FromSeconds(60)));
    }

    /// <summary>Runs the test's steps; on failure saves a screenshot named after the test, then rethrows.</summary>
    public async Task RunAsync(string testName, Func<Task> steps)
    {
        try
        {
            await steps();
        }
        catch
        {
            Screenshot(Path.Combine(AppContext.BaseDirectory, "screenshots", $"{testName}.png"));
            throw;
        }
    }

    public void Screenshot(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        Driver.GetScreenshot().SaveAsFile(path);
    }

    public void Open(Uri dashboard, string hash) => Driver.Navigate().GoToUrl(new Uri(dashboard, "/" + hash));

    public IWebElement? Find(string css) => Driver.FindElements(By.CssSelector(css)).FirstOrDefault();

    public string Text(string css) => Find(css)?.Text ?? string.Empty;

    /// <summary>Replaces the text of the input <paramref name="css"/> finds, as a user typing would.</summary>
    public void Fill(string css, string value)
    {
        var input = Find(css) ?? throw new InvalidOperationException($"no element matches {css}");
        input.Clear();
        input.SendKeys(value);
    }

    /// <summary>Waits until the page shows what <paramref name="condition"/> looks for (stale elements count as not yet).</summary>
    public Task UntilAsync(Func<bool> condition, TimeSpan timeout, string what) =>
        Poll.UntilAsync(() =>
        {
            try
            {
                return Task.FromResult(condition());
            }
            catch (StaleElementReferenceException)
            {
                return Task.FromResult(false);
            }
        }, timeout, what);

    public void Dispose()
    {
        Driver.Quit();
        Driver.Dispose();
    }
}
