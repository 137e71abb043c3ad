using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using OpenQA.Selenium;
using Xunit;
using Xunit.Abstractions;

namespace Icws.Wallboard.BrowserTests;

/// <summary>The wallboard page in headless Chromium, against the simulator (the oracle for what the queues hold).</summary>
[Collection(BrowserFixture.Collection)]
public sealed class BoardPageTests(BrowserFixture browser, ITestOutputHelper output)
{
    [Fact]
    public async Task The_page_shows_the_queues_and_follows_new_calls_state_changes_and_removals()
    {
        string[] waiting = [];
        await using var board = await TestBoard.StartAsync(before: sim => waiting =
        [
            sim.AddIncomingCall("Support", "Ada Lovelace", "555-0101"),
            sim.AddIncomingCall("InsideSales", "Grace Hopper", "555-0102"),
            sim.AddIncomingCall("OutsideSales", "Alan Turing", "555-0103"),
        ]);
        var driver = browser.Fresh();
        driver.Navigate().GoToUrl(board.Address);

        // The board is what the simulator's queues hold.
        Page.Until(driver, () => Page.Rows(driver).Count == 3, "the three waiting calls");
        var expected = board.SimulatorQueues();
        Assert.Equal(waiting.Order(), expected.Keys.Order());
        foreach (var row in Page.Rows(driver))
        {
            var (state, name, queue) = expected[row.Id];
            Assert.Equal((state, name, queue), (row.State, row.Name, row.Queue));
            Assert.Equal("Offering", row.StateText);
            Assert.Matches(@"^\d\d:\d\d$", row.Wait);
        }

        Assert.Equal("3", TileCount(driver, "O"));
        Assert.Equal(["InsideSales", "OutsideSales", "Support"], QueuePanel(driver).Select(q => q.Queue).Order());
        Assert.All(QueuePanel(driver), q => Assert.Equal("1", q.Waiting));

        // A new call appears within a second.
        var clock = Stopwatch.StartNew();
        var fresh = board.Simulator.AddIncomingCall("Support", "Katherine Johnson", "555-0104");
        Page.Until(driver, () => Page.Rows(driver).Any(r => r.Id == fresh && r.Name == "Katherine Johnson"), "the new call", TimeSpan.FromSeconds(5));
        var appeared = clock.Elapsed;
        output.WriteLine($"A new call appeared on the page {appeared.TotalMilliseconds:0} ms after it reached the simulator's queue.");
        Assert.True(appeared < TimeSpan.FromSeconds(1), $"the new call took {appeared.TotalMilliseconds:0} ms to appear");

        // The wait times move on by themselves (no event needed).
        var before = Page.Rows(driver).Single(r => r.Id == waiting[0]).Wait;
        Page.Until(driver, () => Page.Rows(driver).Single(r => r.Id == waiting[0]).Wait != before, "the wait time to tick", TimeSpan.FromSeconds(3));

        // A state change updates its row, and the counts follow.
        await board.Icws.Interactions.PickupAsync(waiting[0]);
        Page.Until(driver, () => Page.Rows(driver).Single(r => r.Id == waiting[0]) is { State: "C", StateText: "Connected", Agent: "agent" }, "the pickup");
        Assert.Equal("C", board.Simulator.GetInteraction(waiting[0])!.State);
        Page.Until(driver, () => TileCount(driver, "C") == "1" && TileCount(driver, "O") == "3", "the counts after the pickup");
        Page.Until(driver, () => QueuePanel(driver).Single(q => q.Queue == "Support").Waiting == "1", "Support's waiting count after the pickup");

        // A queue's longest wait is its oldest waiting call's time, as its row shows it (read in one go, between ticks).
        var shown = (System.Collections.ObjectModel.ReadOnlyCollection<object>)Page.Script(driver, $$"""
            return [document.querySelector('#queue-rows tr[data-queue="OutsideSales"]').children[2].textContent,
                    document.querySelector('#rows tr[data-id="{{waiting[2]}}"]').children[4].textContent];
            """)!;
        Assert.Equal(shown[1], shown[0]);

        // A removed call disappears.
        await board.Icws.Interactions.DisconnectAsync(waiting[1]);
        Page.Until(driver, () => Page.Rows(driver).All(r => r.Id != waiting[1]), "the disconnected call to leave");
        Page.Until(driver, () => Page.Rows(driver).Select(r => r.Id).Order().SequenceEqual(board.SimulatorQueues().Keys.Order()), "the board to equal the simulator's queues");
        Assert.Equal(Page.Rows(driver).Count, Page.Rows(driver).Select(r => r.Id).Distinct().Count());

        var path = Page.Screenshot(driver, "wallboard");
        output.WriteLine($"Screenshot: {path}");
        Console.WriteLine($"Wallboard screenshot: {path}");
    }

    [Fact]
    public async Task A_callers_name_is_shown_as_text_and_runs_nothing()
    {
        const string Script = "<script>window.pwned = 'script'</script>";
        const string Image = "<img src=x onerror=\"window.pwned='img'\">";
        const string Quotes = "O'Brien & \"Sons\" </td><td>";
        await using var board = await TestBoard.StartAsync();
        var driver = browser.Fresh();
        driver.Navigate().GoToUrl(board.Address);
        Page.Until(driver, () => Page.Stat(driver, "snapshots") == 1, "the first snapshot");

        var ids = new[] { Script, Image, Quotes }.Select((name, i) => board.Simulator.AddIncomingCall("Support", name, $"555-02{i:00}")).ToArray();
        Page.Until(driver, () => Page.Rows(driver).Count == 3, "the three calls");

        var rows = Page.Rows(driver).ToDictionary(r => r.Id);
        Assert.Equal(Script, rows[ids[0]].Name);
        Assert.Equal(Image, rows[ids[1]].Name);
        Assert.Equal(Quotes, rows[ids[2]].Name);
        Assert.Equal(5L, Convert.ToInt64(Page.Script(driver, "return document.querySelectorAll('#rows tr')[0].children.length;"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(0L, Convert.ToInt64(Page.Script(driver, "return document.querySelectorAll('#rows script, #rows img, body img').length;"), System.Globalization.CultureInfo.InvariantCulture));

        // Give an injected handler time to run, had there been one.
        await Task.Delay(300);
        Assert.Null(Page.Script(driver, "return window.pwned === undefined ? null : String(window.pwned);"));
        Assert.Equal(1L, Convert.ToInt64(Page.Script(driver, "return document.scripts.length;"), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Three_open_tabs_make_one_ICWS_subscription()
    {
        await using var board = await TestBoard.StartAsync(before: sim => sim.AddIncomingCall("Support", "First Caller", "555-0301"));
        var driver = browser.Fresh();
        var tabs = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            if (i > 0)
            {
                driver.SwitchTo().NewWindow(WindowType.Tab);
            }

            driver.Navigate().GoToUrl(board.Address);
            Page.Until(driver, () => Page.Rows(driver).Count == 1, $"tab {i + 1}'s board");
            tabs.Add(driver.CurrentWindowHandle);
        }

        Page.Until(driver, () => board.App.Feed.Screens == 3, "three open event streams");
        var call = board.Simulator.AddIncomingCall("InsideSales", "Second Caller", "555-0302");
        foreach (var tab in tabs)
        {
            driver.SwitchTo().Window(tab);
            Page.Until(driver, () => Page.Rows(driver).Any(r => r.Id == call), "the new call in every tab");
        }

        // The simulator's counters: one login, one queue watch taken, one watch held.
        var counters = board.Simulator.Counters;
        Assert.Equal(1, counters.Logins);
        Assert.Equal(1, counters.QueueWatchesTaken);
        var session = Assert.Single(board.Simulator.ActiveSessionIds);
        Assert.Single(board.Simulator.GetSubscriptions(session), s => s.StartsWith("queue:", StringComparison.Ordinal));
        output.WriteLine($"3 tabs: {counters.Logins} login, {counters.QueueWatchesTaken} queue watch, {counters.GetRequests("subscriptions")} subscription request(s), {board.App.Feed.Screens} event streams.");
    }

    [Fact]
    public async Task A_dropped_event_stream_resumes_without_losing_or_repeating_a_row()
    {
        string first = string.Empty;
        await using var board = await TestBoard.StartAsync(before: sim => first = sim.AddIncomingCall("Support", "Before Drop", "555-0401"));
        var driver = browser.Fresh();
        driver.Navigate().GoToUrl(board.Address);
        Page.Until(driver, () => Page.Rows(driver).Count == 1 && Page.Stat(driver, "opens") == 1, "the board");

        // The server drops every stream; while the page is away, calls come, change and go.
        Assert.Equal(1, board.App.Feed.CloseStreams());
        var during = board.Simulator.AddIncomingCall("InsideSales", "During Drop", "555-0402");
        var gone = board.Simulator.AddIncomingCall("OutsideSales", "Gone During Drop", "555-0403");
        await board.Icws.Interactions.PickupAsync(first);
        await board.Icws.Interactions.DisconnectAsync(gone);
        Page.Until(driver, () => Page.Stat(driver, "opens") == 2, "the page to reconnect");
        Page.Until(driver, () => Page.Rows(driver).Select(r => r.Id).Order().SequenceEqual(board.SimulatorQueues().Keys.Order()), "the board to catch up with the simulator");

        var rows = Page.Rows(driver);
        Assert.Equal(rows.Count, rows.Select(r => r.Id).Distinct().Count());
        Assert.Contains(rows, r => r.Id == during && r.Name == "During Drop");
        Assert.Equal("C", rows.Single(r => r.Id == first).State);
        Assert.DoesNotContain(rows, r => r.Id == gone);

        // It resumed from the recent events: no second snapshot.
        Assert.Equal(1, Page.Stat(driver, "snapshots"));
        Assert.True(Page.Stat(driver, "upserts") >= 3);
    }

    [Fact]
    public async Task A_stream_that_was_away_too_long_gets_a_fresh_snapshot_and_no_duplicates()
    {
        await using var board = await TestBoard.StartAsync(options => options.History = 2);
        var driver = browser.Fresh();
        driver.Navigate().GoToUrl(board.Address);
        var before = board.Simulator.AddIncomingCall("Support", "Before Drop", "555-0501");
        Page.Until(driver, () => Page.Rows(driver).Count == 1, "the first call");

        board.App.Feed.CloseStreams();
        var during = Enumerable.Range(0, 4).Select(i => board.Simulator.AddIncomingCall("Support", $"During Drop {i}", $"555-051{i}")).ToList();
        Page.Until(driver, () => Page.Stat(driver, "snapshots") == 2, "a second snapshot (the page missed more than the kept events)");
        Page.Until(driver, () => Page.Rows(driver).Count == 5, "the five calls");

        var ids = Page.Rows(driver).Select(r => r.Id).ToList();
        Assert.Equal(during.Append(before).Order(), ids.Order());
        Assert.Equal(board.SimulatorQueues().Keys.Order(), ids.Order());
    }

    [Fact]
    public async Task The_access_key_is_required_for_the_page_and_the_event_stream()
    {
        const string Key = "wall-screen-key-5b2f";
        await using var board = await TestBoard.StartAsync(options => options.AccessKey = Key, sim => sim.AddIncomingCall("Support", "Keyed Caller", "555-0601"));
        var driver = browser.Fresh();

        driver.Navigate().GoToUrl(board.Address);
        Assert.Contains("needs its access key", driver.PageSource, StringComparison.Ordinal);
        Assert.Empty(driver.FindElements(By.Id("rows")));

        driver.Navigate().GoToUrl(new Uri(board.Address, "?key=wrong-key"));
        Assert.Contains("needs its access key", driver.PageSource, StringComparison.Ordinal);

        // With the key: the cookie is set, the key leaves the address, the board shows.
        driver.Navigate().GoToUrl(new Uri(board.Address, "?key=" + Key));
        Assert.Equal(board.Address.ToString(), driver.Url);
        Page.Until(driver, () => Page.Rows(driver).Count == 1, "the board behind the key");
        var cookie = driver.Manage().Cookies.GetCookieNamed("wallboard_screen");
        Assert.NotNull(cookie);
        Assert.True(cookie.IsHttpOnly);
        Assert.DoesNotContain(Key, cookie.Value, StringComparison.Ordinal);
        Assert.Null(Page.Script(driver, "return document.cookie.includes('wallboard_screen') ? 'visible' : null;"));

        // The event stream and the status are refused without the key or its cookie.
        using var http = new HttpClient { BaseAddress = board.Address };
        using var events = await http.GetAsync("/events", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.Unauthorized, events.StatusCode);
        using var forged = new HttpRequestMessage(HttpMethod.Get, "/events");
        forged.Headers.Add("Cookie", "wallboard_screen=" + cookie.Value[..^2] + "AA");
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(forged, HttpCompletionOption.ResponseHeadersRead)).StatusCode);
        using var status = await http.GetAsync("/status");
        Assert.Equal(HttpStatusCode.Unauthorized, status.StatusCode);
        using var bearer = new HttpRequestMessage(HttpMethod.Get, "/status");
        bearer.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Key);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(bearer)).StatusCode);
    }

    [Fact]
    public async Task Thirty_rows_fit_a_wall_screen_and_a_laptop_without_scrolling()
    {
        await using var board = await TestBoard.StartAsync(before: sim =>
        {
            string[] queues = ["Support", "InsideSales", "OutsideSales"];
            for (var i = 0; i < 30; i++)
            {
                sim.AddIncomingCall(queues[i % 3], $"Caller Number {i + 1:00} with a long name", $"555-07{i:00}");
            }
        });
        var driver = browser.Fresh();
        foreach (var (width, height) in new[] { (1366, 768), (1920, 1080) })
        {
            driver.Manage().Window.Size = new System.Drawing.Size(width, height);
            driver.Navigate().GoToUrl(board.Address);
            Page.Until(driver, () => Page.Rows(driver).Count == 30, "thirty rows");
            var fits = (string)Page.Script(driver, """
                const calls = document.querySelector('.calls');
                const last = document.querySelector('#rows tr:last-child').getBoundingClientRect();
                return [calls.scrollHeight <= calls.clientHeight, document.documentElement.scrollHeight <= window.innerHeight,
                        last.bottom <= window.innerHeight, calls.clientHeight, window.innerHeight].join(',');
                """)!;
            output.WriteLine($"{width}x{height}: {fits}");
            Assert.StartsWith("true,true,true,", fits, StringComparison.Ordinal);
        }

        var path = Page.Screenshot(driver, "wallboard-30-rows");
        output.WriteLine($"Screenshot: {path}");
        Console.WriteLine($"Wallboard screenshot: {path}");
    }

    private static string? TileCount(IWebDriver driver, string state)
        => (string?)Page.Script(driver, $"const t = document.querySelector('#counts .tile[data-state=\"{state}\"] .n'); return t ? t.textContent : null;");

    private static IReadOnlyList<(string Queue, string Waiting, string Longest)> QueuePanel(IWebDriver driver)
        => ((System.Collections.ObjectModel.ReadOnlyCollection<object>)Page.Script(driver, "return [...document.querySelectorAll('#queue-rows tr')].map(tr => [...tr.children].map(td => td.textContent));")!)
            .Cast<System.Collections.ObjectModel.ReadOnlyCollection<object>>()
            .Select(r => ((string)r[0], (string)r[1], (string)r[2]))
            .ToList();
}
