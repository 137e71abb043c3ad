using System;
using System.Collections.Generic;
using System.Linq;

namespace Icws.Supervisor;

/// <summary>Command line of the supervisor sample. The password can also come from ICWS_PASSWORD, which keeps it out of the process list.</summary>
internal sealed record SupervisorOptions(Uri? Server, string User, string? Password, string Workgroup, IReadOnlyList<string>? Agents, bool Once)
{
    public const string Usage = """
        Icws.Sample.Supervisor: a live board of one workgroup (agents' statuses, queue statistics, waiting calls),
        against the built-in simulator or a real CIC server.

          dotnet run --project samples/Icws.Sample.Supervisor [-- options]

          --once                     wait for the first data and a change of each kind, print the board once and exit (0 = success)
          --server URL               a real CIC server, e.g. https://cic.example.com:8019 (default: start the simulator)
          --user NAME                CIC user (default: supervisor)
          --password PASSWORD        password (or set ICWS_PASSWORD)
          --workgroup NAME           the workgroup to supervise (default: Support)
          --agents ID,ID,...         user ids of the workgroup's agents (default with the simulator: the workgroup's
                                     members; required with --server)
        """;

    public static SupervisorOptions? Parse(string[] args, out string? error)
    {
        error = null;
        Uri? server = null;
        string user = "supervisor", workgroup = "Support";
        string? password = Environment.GetEnvironmentVariable("ICWS_PASSWORD");
        IReadOnlyList<string>? agents = null;
        var once = false;
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            try
            {
                switch (args[i])
                {
                    case "--once": once = true; break;
                    case "--server":
                        server = Uri.TryCreate(Next(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
                            ? uri
                            : throw new ArgumentException("--server must be an absolute http(s) URL");
                        break;
                    case "--user": user = Next(); break;
                    case "--password": password = Next(); break;
                    case "--workgroup": workgroup = Next(); break;
                    case "--agents":
                        agents = Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
                        if (agents.Count == 0)
                        {
                            throw new ArgumentException("--agents needs at least one user id");
                        }

                        break;
                    case "-h" or "--help": error = string.Empty; return null;
                    default: throw new ArgumentException($"unknown option {args[i]}");
                }
            }
            catch (ArgumentException ex)
            {
                error = ex.Message;
                return null;
            }
        }

        if (server is not null && password is null)
        {
            error = "--server needs --password (or ICWS_PASSWORD)";
            return null;
        }

        if (server is not null && agents is null)
        {
            error = "--server needs --agents (the user ids of the workgroup's agents)";
            return null;
        }

        return new SupervisorOptions(server, user, password, workgroup, agents, once);
    }

    /// <summary>Never shows the password.</summary>
    public override string ToString() => $"server={Server?.ToString() ?? "simulator"} user={User} workgroup={Workgroup} agents={(Agents is null ? "(members)" : string.Join(",", Agents))} once={Once}";
}
