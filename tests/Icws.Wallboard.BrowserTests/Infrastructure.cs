using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Icws.Sample.Wallboard;
using Icws.Simulator;
using Microsoft.Extensions.Logging;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using Xunit;

namespace Icws.Wallboard.BrowserTests;

/// <summary>
/// One headless Chromium for the whole run (the OS's <c>chromium</c> and <c>chromedriver</c>; nothing is downloaded).
/// Missing, it fails every test with a message that says how to install it: these tests run only where that was meant.
/// </summary>
public sealed class BrowserFixture : IDisposable
{
    public const string Collection = "browser";

    private readonly ChromeDriverService? _service;

    public BrowserFixture()
    {
        var chromium = Find("WALLBOARD_CHROMIUM", "chromium", "chromium-browser", "google-chrome");
        var chromedriver = Find("WALLBOARD_CHROMEDRIVER", "chromedriver");
        if (chromium is null || chromedriver is null)
        {
            Missing = $"Chromium and its driver are needed (found browser: {chromium ?? "no"}, driver: {chromedriver ?? "no"}). Install them with: apt-get install -y chromium chromium-driver";
            return;
        }

        _service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(chromedriver)!, Path.GetFileName(chromedriver));
        _service.HideCommandPromptWindow = true;
        _service.SuppressInitialDiagnosticInformation = true;
        var options = new ChromeOptions { BinaryLocation = chromium };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1920,1080", "--force-device-scale-factor=1", "--lang=en-US");
        Driver = new ChromeDriver(_service, options, TimeSpan.FromSeconds(60));
        Driver.Manage().Timeouts().PageLoad = TimeSpan.FromSeconds(20);
    }

    /// <summary>Why there is no browser, or null.</summary>
    public string? Missing { get; }

    public ChromeDriver? Driver { get; }

    /// <summary>The driver, with the window back to one tab at 1920x1080 and no cookies; fails the test without a browser.</summary>
    public ChromeDriver Fresh()
    {
        if (Driver is null)
        {
            Assert.Fail(Missing);
        }

        var handles = Driver.WindowHandles;
        foreach (var handle in handles.Skip(1))
        {
            Driver.SwitchTo().Window(handle);
            Driver.Close();
        }

        Driver.SwitchTo().Window(handles[0]);
        Driver.Navigate().GoToUrl("about:blank");
        Driver.Manage().Cookies.DeleteAllCookies();
        Driver.Manage().Window.Size = new System.Drawing.Size(1920, 1080);
        return Driver;
    }

    public void Dispose()
    {
        Driver?.Quit();
        _service?.Dispose();
    }

    private static string? Find(string variable, params string[] names)
    {
        if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } given)
        {
            return File.Exists(given) ? given : null;
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        return names.SelectMany(n => path.Split(Path.PathSeparator).Select(dir => Path.Combine(dir, n))).FirstOrDefault(File.Exists);
    }
}

[CollectionDefinition(BrowserFixture.Collection)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
}

/// <summary>A simulator with no background activity and a wallboard on a free loopback port watching it.</summary>
public sealed class TestBoard : IAsyncDisposable
{
    private TestBoard(IcwsSimulator simulator, WallboardApp app, WallboardOptions options)
    {
        Simulator = simulator;
        App = app;
        Options = options;
    }

    public IcwsSimulator Simulator { get; }

    public WallboardApp App { get; }

    public WallboardOptions Options { get; }

    public Uri Address => App.Address;

    /// <summary>The app's own ICWS client (its one session): the tests act on calls through it, as an agent's client would.</summary>
    public Icws.Client.IcwsClient Icws => (Icws.Client.IcwsClient)App.Services.GetService(typeof(Icws.Client.IcwsClient))!;

    public static async Task<TestBoard> StartAsync(Action<WallboardOptions>? configure = null, Action<IcwsSimulator>? before = null)
    {
        var simulator = await IcwsSimulator.StartAsync(new SimulatorOptions { DisconnectLinger = TimeSpan.FromMilliseconds(300) });
        try
        {
            before?.Invoke(simulator);
            var options = new WallboardOptions { Urls = "http://127.0.0.1:0", Activity = null, Retry = TimeSpan.FromMilliseconds(500) };
            configure?.Invoke(options);
            var app = await WallboardApp.StartAsync(options, simulator, logging => logging.SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Warning));
            await app.Feed.Ready.WaitAsync(TimeSpan.FromSeconds(10));
            return new TestBoard(simulator, app, options);
        }
        catch
        {
            await simulator.DisposeAsync();
            throw;
        }
    }

    /// <summary>What the simulator's watched workgroup queues hold: interaction id to (state letter, remote name, workgroup).</summary>
    public Dictionary<string, (string State, string Name, string Queue)> SimulatorQueues()
        => Options.Queues.SelectMany(q => Simulator.GetQueue(2, q))
            .ToDictionary(i => i.Id, i => (i.State, i.Attributes.GetValueOrDefault("Eic_RemoteName") ?? string.Empty, i.Attributes.GetValueOrDefault("Eic_WorkgroupName") ?? string.Empty));

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Simulator.DisposeAsync();
    }
}

/// <summary>One row of the board as the browser shows it.</summary>
public sealed record ShownRow(string Id, string State, string StateText, string Name, string Queue, string Agent, string Wait);

public static class Page
{
    /// <summary>The board's rows, in the order shown, read from the DOM (text as the user sees it).</summary>
    public static IReadOnlyList<ShownRow> Rows(IWebDriver driver)
    {
        var raw = (ReadOnlyCollection<object>)((IJavaScriptExecutor)driver).ExecuteScript(
            "return [...document.querySelectorAll('#rows tr')].map(tr => [tr.dataset.id, tr.dataset.state, ...[...tr.children].map(td => td.textContent)]);")!;
        return raw.Cast<ReadOnlyCollection<object>>()
            .Select(r => r.Select(v => (string)v).ToArray())
            .Select(r => new ShownRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6]))
            .ToList();
    }

    /// <summary>The page's own counters (<c>window.wallboard.stats</c>).</summary>
    public static long Stat(IWebDriver driver, string name)
        => Convert.ToInt64(((IJavaScriptExecutor)driver).ExecuteScript($"return window.wallboard ? window.wallboard.stats['{name}'] : -1;"), System.Globalization.CultureInfo.InvariantCulture);

    public static object? Script(IWebDriver driver, string script) => ((IJavaScriptExecutor)driver).ExecuteScript(script);

    /// <summary>Polls until <paramref name="condition"/> holds; fails with <paramref name="what"/> and the last rows shown.</summary>
    public static TimeSpan Until(IWebDriver driver, Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var clock = Stopwatch.StartNew();
        var limit = timeout ?? TimeSpan.FromSeconds(10);
        while (true)
        {
            if (condition())
            {
                return clock.Elapsed;
            }

            if (clock.Elapsed > limit)
            {
                Assert.Fail($"Timed out after {limit.TotalSeconds:0.#} s waiting for {what}. Rows shown: {string.Join("; ", Rows(driver))}");
            }

            System.Threading.Thread.Sleep(25);
        }
    }

    /// <summary>Saves a screenshot under the test output's artifacts/ folder and returns its path.</summary>
    public static string Screenshot(IWebDriver driver, string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "artifacts");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name + ".png");
        ((ITakesScreenshot)driver).GetScreenshot().SaveAsFile(path);
        return path;
    }
}
