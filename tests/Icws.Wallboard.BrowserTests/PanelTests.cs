using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;
using System.Threading.Tasks;
using OpenQA.Selenium;
using Xunit;
using Xunit.Abstractions;

namespace Icws.Wallboard.BrowserTests;

/// <summary>
/// The statistics and agent panels in headless Chromium: what the simulator's statistics and user statuses say, one
/// statistics watch and one status watch for every screen.
/// </summary>
[Collection(BrowserFixture.Collection)]
public sealed class PanelTests(BrowserFixture browser, ITestOutputHelper output)
{
    [Fact]
    public async Task The_panels_show_the_queue_statistics_and_the_agents_statuses_and_follow_a_status_change()
    {
        await using var board = await TestBoard.StartAsync(before: sim => sim.AddIncomingCall("Support", "Ada Lovelace", "555-0101"));
        var driver = browser.Fresh();
        driver.Navigate().GoToUrl(board.Address);

        // Every member of the board's workgroups starts Available: each queue shows all its agents available.
        var members = board.Simulator.Options.Workgroups.ToDictionary(w => w.Name, w => w.Members.Count);
        Page.Until(driver, () => Stats(driver).Count == 3 && Stats(driver).All(q => q.Available == $"{members[q.Queue]} / {members[q.Queue]}"), "every queue's agents, all available");
        var support = Stats(driver).Single(q => q.Queue == "Support");
        Assert.Equal("1", support.Waiting);
        Assert.Matches(@"^\d\d:\d\d$", support.Longest);
        Assert.Equal("100%", support.Percent);
        Assert.Equal("0", Stats(driver).Single(q => q.Queue == "InsideSales").Waiting);

        var agents = board.Simulator.Options.Workgroups.SelectMany(w => w.Members).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToArray();
        Page.Until(driver, () => Agents(driver).Select(a => a.User).Order(StringComparer.Ordinal).SequenceEqual(agents) && Agents(driver).All(a => a.Status == "Available"), "every agent Available");
        Assert.All(Agents(driver), a => Assert.Matches(@"^\d\d:\d\d$", a.Since));

        // An agent goes to lunch: the agent panel says so, and the statistics of the agent's two workgroups follow.
        board.Simulator.SetUserStatus("John.Smith", "At Lunch");
        Page.Until(driver, () => Agents(driver).Single(a => a.User == "John.Smith").Status == "At Lunch", "John.Smith at lunch", TimeSpan.FromSeconds(5));
        Page.Until(driver, () => Stats(driver).Single(q => q.Queue == "Support").Available == "2 / 3"
            && Stats(driver).Single(q => q.Queue == "OutsideSales").Available == "1 / 2", "Support and OutsideSales one agent fewer available");
        Assert.Equal("2 / 2", Stats(driver).Single(q => q.Queue == "InsideSales").Available);
        Assert.Equal("Available", Agents(driver).Single(a => a.User == "agent").Status);
        Assert.True(Page.Stat(driver, "agentEvents") >= 1, "the status change came as an agents event");

        var path = Page.Screenshot(driver, "wallboard-panels");
        output.WriteLine($"Statistics: {string.Join("; ", Stats(driver))}. Agents: {string.Join("; ", Agents(driver))}. Screenshot: {path}");
    }

    [Fact]
    public async Task Three_open_tabs_make_one_statistics_watch_and_one_status_watch()
    {
        await using var board = await TestBoard.StartAsync();
        await board.App.Feed.PanelsReady.WaitAsync(TimeSpan.FromSeconds(10));
        var subscriptionRequests = board.Simulator.Counters.GetRequests("subscriptions");
        var statusRequests = board.Simulator.Counters.GetRequests("status");
        var driver = browser.Fresh();
        for (var i = 0; i < 3; i++)
        {
            if (i > 0)
            {
                driver.SwitchTo().NewWindow(WindowType.Tab);
            }

            driver.Navigate().GoToUrl(board.Address);
            Page.Until(driver, () => Stats(driver).Count == 3 && Agents(driver).Count > 0 && Agents(driver).All(a => a.Status.Length > 1), $"tab {i + 1}'s panels");
        }

        Page.Until(driver, () => board.App.Feed.Screens == 3, "three open event streams");

        // The screens caused no ICWS request: the panels' two watches were taken once, before any tab was open.
        Assert.Equal(subscriptionRequests, board.Simulator.Counters.GetRequests("subscriptions"));
        Assert.Equal(statusRequests, board.Simulator.Counters.GetRequests("status"));
        Assert.Equal(1, board.App.Feed.PanelSubscriptions);

        // The session holds one statistics watch with every queue's keys, each once, and one status watch with every agent.
        var session = Assert.Single(board.Simulator.ActiveSessionIds);
        var held = board.Simulator.GetSubscriptions(session);
        var statistics = held.Where(s => s.StartsWith("statistic:", StringComparison.Ordinal)).ToArray();
        Assert.Equal(statistics.Length, statistics.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(board.Options.Queues.Order(), statistics.Select(s => s[(s.IndexOf('[', StringComparison.Ordinal) + 1)..].Split(']', ',')[0]).Distinct().Order());
        Assert.Equal(board.Options.Queues.Count * 7, statistics.Length);
        var statuses = held.Where(s => s.StartsWith("user-status:", StringComparison.Ordinal)).Select(s => s["user-status:".Length..]).Order(StringComparer.OrdinalIgnoreCase);
        Assert.Equal(board.App.Feed.Agents.Order(StringComparer.OrdinalIgnoreCase), statuses, StringComparer.OrdinalIgnoreCase);
        output.WriteLine($"3 tabs: {statistics.Length} statistic keys and {board.App.Feed.Agents.Count} agents in one watch each; {board.Simulator.Counters.GetRequests("subscriptions")} subscription request(s) in all.");
    }

    [Fact]
    public async Task After_a_relogin_the_panels_watches_are_taken_again_and_still_follow_changes()
    {
        await using var board = await TestBoard.StartAsync();
        await board.App.Feed.PanelsReady.WaitAsync(TimeSpan.FromSeconds(10));
        var driver = browser.Fresh();
        driver.Navigate().GoToUrl(board.Address);
        Page.Until(driver, () => Agents(driver).Count > 0 && Agents(driver).All(a => a.Status == "Available"), "every agent Available");

        // The server forgets the session; the wallboard logs in again and takes both panel watches again.
        board.Simulator.Faults.ExpireAllSessions();
        Page.Until(driver, () => board.App.Feed.PanelSubscriptions == 2, "the panels' watches taken again", TimeSpan.FromSeconds(20));
        var session = Assert.Single(board.Simulator.ActiveSessionIds);
        var held = board.Simulator.GetSubscriptions(session);
        Assert.Equal(board.Options.Queues.Count * 7, held.Count(s => s.StartsWith("statistic:", StringComparison.Ordinal)));
        Assert.Equal(board.App.Feed.Agents.Count, held.Count(s => s.StartsWith("user-status:", StringComparison.Ordinal)));

        board.Simulator.SetUserStatus("agent", "Do Not Disturb");
        Page.Until(driver, () => Agents(driver).Single(a => a.User == "agent").Status == "Do Not Disturb", "the status change after the re-login", TimeSpan.FromSeconds(5));
        Page.Until(driver, () => Stats(driver).Single(q => q.Queue == "InsideSales").Available == "1 / 2", "InsideSales one agent fewer available after the re-login");
    }

    private sealed record ShownStats(string Queue, string Waiting, string Longest, string Available, string Percent);

    private sealed record ShownAgent(string User, string Status, string Phone, string Since);

    private static List<string[]> Cells(IWebDriver driver, string body)
        => ((ReadOnlyCollection<object>)Page.Script(driver, $"return [...document.querySelectorAll('#{body} tr')].map(tr => [...tr.children].map(td => td.textContent));")!)
            .Cast<ReadOnlyCollection<object>>()
            .Select(r => r.Select(v => (string)v).ToArray())
            .ToList();

    private static List<ShownStats> Stats(IWebDriver driver)
        => Cells(driver, "stats-rows").Select(r => new ShownStats(r[0], r[1], r[2], r[3], r[4])).ToList();

    private static List<ShownAgent> Agents(IWebDriver driver)
        => Cells(driver, "agent-rows").Select(r => new ShownAgent(r[0], r[1], r[2], r[3])).ToList();
}
