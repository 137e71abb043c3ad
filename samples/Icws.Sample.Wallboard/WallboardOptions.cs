using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;

namespace Icws.Sample.Wallboard;

/// <summary>
/// How the wallboard runs. The command line sets it (<see cref="Parse"/>); tests and the load test set it directly.
/// The ICWS password comes from <c>ICWS_PASSWORD</c> and the access key from <c>WALLBOARD_ACCESS_KEY</c> or a file,
/// which keeps both out of the process list; neither is ever shown by <see cref="ToString"/>.
/// </summary>
public sealed class WallboardOptions
{
    /// <summary>The command line.</summary>
    public const string Usage = """
        Icws.Sample.Wallboard: a live queue board in the browser, one ICWS session and one queue watch for every screen.

          dotnet run --project samples/Icws.Sample.Wallboard [-- options]

          --urls URL                 where to listen (default: http://127.0.0.1:5090; loopback unless you say otherwise)
          --queues A,B,C             workgroup queues on the board (default: Support,InsideSales,OutsideSales)
          --agents A,B,C             user ids on the agent panel (default: the simulator's members of those queues;
                                     with --server, none unless given)
          --server URL               a real CIC server, e.g. https://cic.example.com:8019 (default: start the simulator)
          --user NAME                CIC user (default: agent)
          --password PASSWORD        password (better: set ICWS_PASSWORD)
          --activity INTERVAL        simulator only: mean time between incoming calls, e.g. 3s, 250ms, or off (default: 3s)
          --access-key-file PATH     require the access key in this file (or set WALLBOARD_ACCESS_KEY); open the board
                                     once as /?key=<key>, which sets a cookie and drops the key from the address
          --allow-anonymous          allow a non-loopback address without an access key
          --history N                events kept for reconnecting screens (default: 4096)
          --once                     start, check over HTTP that a screen gets the board and a change, stop (exit 0 = success)
        """;

    /// <summary>The ICWS server; null starts the in-process simulator.</summary>
    public Uri? Server { get; set; }

    /// <summary>CIC user the wallboard logs in as.</summary>
    public string User { get; set; } = "agent";

    /// <summary>Password of <see cref="User"/> (not needed with the simulator).</summary>
    public string? Password { get; set; }

    /// <summary>Workgroup queues on the board.</summary>
    public IReadOnlyList<string> Queues { get; set; } = ["Support", "InsideSales", "OutsideSales"];

    /// <summary>
    /// The user ids on the agent panel (one status watch for all of them). Empty: against the simulator, every member of
    /// the board's workgroups; against a real server, no agent panel.
    /// </summary>
    public IReadOnlyList<string> Agents { get; set; } = [];

    /// <summary>Where to listen (semicolon-separated URLs, as ASP.NET Core's <c>urls</c>); port 0 takes a free port.</summary>
    public string Urls { get; set; } = "http://127.0.0.1:5090";

    /// <summary>Simulator only: mean time between generated incoming calls; null for no activity.</summary>
    public TimeSpan? Activity { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Simulator only: the seed of the activity's random choices (null: a fresh one).</summary>
    public int? ActivitySeed { get; set; }

    /// <summary>The access key screens must present (null: none, allowed on loopback only unless <see cref="AllowAnonymous"/>).</summary>
    public string? AccessKey { get; set; }

    /// <summary>Serve a non-loopback address without an access key.</summary>
    public bool AllowAnonymous { get; set; }

    /// <summary>How many recent events are kept for screens that reconnect with <c>Last-Event-ID</c>.</summary>
    public int History { get; set; } = 4096;

    /// <summary>Events a screen may fall behind before its stream is closed (it reconnects and resumes).</summary>
    public int ClientBuffer { get; set; } = 2048;

    /// <summary>The reconnection delay the screens are told (the SSE <c>retry</c> field).</summary>
    public TimeSpan Retry { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often an idle stream gets a heartbeat (keeps proxies from closing it, and resets the page's clock).</summary>
    public TimeSpan Heartbeat { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Run the self-check and stop.</summary>
    public bool Once { get; set; }

    /// <summary>Reads the command line and the environment; null with <paramref name="error"/> set (empty for --help) when it does not parse.</summary>
    public static WallboardOptions? Parse(string[] args, out string? error)
    {
        error = null;
        var options = new WallboardOptions
        {
            Password = Environment.GetEnvironmentVariable("ICWS_PASSWORD"),
            AccessKey = Environment.GetEnvironmentVariable("WALLBOARD_ACCESS_KEY") is { Length: > 0 } key ? key : null,
        };
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            try
            {
                switch (args[i])
                {
                    case "--once": options.Once = true; break;
                    case "--urls": options.Urls = Next(); break;
                    case "--queues":
                        options.Queues = Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                        if (options.Queues.Count == 0)
                        {
                            throw new ArgumentException("--queues needs at least one workgroup");
                        }

                        break;
                    case "--server":
                        options.Server = Uri.TryCreate(Next(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
                            ? uri
                            : throw new ArgumentException("--server must be an absolute http(s) URL");
                        break;
                    case "--agents": options.Agents = Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries); break;
                    case "--user": options.User = Next(); break;
                    case "--password": options.Password = Next(); break;
                    case "--activity": options.Activity = ParseInterval(Next()); break;
                    case "--access-key-file":
                        var path = Next();
                        options.AccessKey = File.Exists(path) ? File.ReadAllText(path).Trim() : throw new ArgumentException($"--access-key-file: no file at {path}");
                        if (options.AccessKey.Length == 0)
                        {
                            throw new ArgumentException("--access-key-file: the file is empty");
                        }

                        break;
                    case "--allow-anonymous": options.AllowAnonymous = true; break;
                    case "--history": options.History = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "-h" or "--help": error = string.Empty; return null;
                    default: throw new ArgumentException($"unknown option {args[i]}");
                }
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or OverflowException or IOException)
            {
                error = ex.Message;
                return null;
            }
        }

        error = options.Validate();
        return error is null ? options : null;
    }

    /// <summary>What is wrong with the options, or null.</summary>
    public string? Validate()
    {
        if (Server is not null && Password is null)
        {
            return "--server needs --password (or ICWS_PASSWORD)";
        }

        if (History < 1 || ClientBuffer < 1)
        {
            return "--history and the client buffer must be at least 1";
        }

        if (AccessKey is null && !AllowAnonymous && !Once && Urls.Split(';').Any(u => !IsLoopback(u)))
        {
            return $"{Urls} is reachable from other machines: set an access key (WALLBOARD_ACCESS_KEY or --access-key-file), or pass --allow-anonymous";
        }

        return null;
    }

    /// <summary>Never shows the password or the access key.</summary>
    public override string ToString()
        => $"server={Server?.Authority ?? "simulator"} user={User} queues={string.Join(',', Queues)} urls={Urls} access-key={(AccessKey is null ? "none" : "set")}";

    private static TimeSpan? ParseInterval(string text)
    {
        if (text is "off" or "0")
        {
            return null;
        }

        double Number(string digits) => double.Parse(digits, NumberStyles.Float, CultureInfo.InvariantCulture);
        var interval = text.EndsWith("ms", StringComparison.Ordinal) ? TimeSpan.FromMilliseconds(Number(text[..^2]))
            : text.EndsWith('s') ? TimeSpan.FromSeconds(Number(text[..^1]))
            : TimeSpan.Parse(text, CultureInfo.InvariantCulture);
        return interval > TimeSpan.Zero ? interval : throw new ArgumentException("--activity must be positive, or off");
    }

    private static bool IsLoopback(string url)
    {
        if (!Uri.TryCreate(url.Trim().Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri))
        {
            return false;
        }

        return uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
    }
}
