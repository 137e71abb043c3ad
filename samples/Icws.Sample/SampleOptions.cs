using System;

namespace Icws.Sample;

/// <summary>Command line of the sample. The password can also come from ICWS_PASSWORD, which keeps it out of the process list.</summary>
internal sealed record SampleOptions(Uri? Server, string User, string? Password, string Workgroup, string Target, string TransferTarget, bool Once, bool PollingOnly)
{
    public const string Usage = """
        Icws.Sample: the seed flows of Icws.Generated, against the built-in simulator or a real CIC server.

          dotnet run --project samples/Icws.Sample [-- options]

          --once                     run the flows, print a summary and exit (0 = success)
          --server URL               a real CIC server, e.g. https://cic.example.com:8019 (default: start the simulator)
          --user NAME                CIC user (default: agent)
          --password PASSWORD        password (or set ICWS_PASSWORD)
          --workgroup NAME           workgroup to watch and place the call for (default: Support)
          --target NUMBER            number to call (default: 555-0123)
          --transfer-to TARGET       blind-transfer target (default: user:John.Smith)
          --polling                  poll for messages instead of server-sent events
        """;

    public static SampleOptions? Parse(string[] args, out string? error)
    {
        error = null;
        Uri? server = null;
        string user = "agent", workgroup = "Support", target = "555-0123", transfer = "user:John.Smith";
        string? password = Environment.GetEnvironmentVariable("ICWS_PASSWORD");
        bool once = false, polling = false;
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            try
            {
                switch (args[i])
                {
                    case "--once": once = true; break;
                    case "--polling": polling = true; break;
                    case "--server":
                        server = Uri.TryCreate(Next(), UriKind.Absolute, out var uri) ? uri : throw new ArgumentException("--server must be an absolute http(s) URL");
                        break;
                    case "--user": user = Next(); break;
                    case "--password": password = Next(); break;
                    case "--workgroup": workgroup = Next(); break;
                    case "--target": target = Next(); break;
                    case "--transfer-to": transfer = Next(); break;
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

        return new SampleOptions(server, user, password, workgroup, target, transfer, once, polling);
    }

    /// <summary>Never shows the password.</summary>
    public override string ToString() => $"server={Server?.ToString() ?? "simulator"} user={User} workgroup={Workgroup} once={Once}";
}
