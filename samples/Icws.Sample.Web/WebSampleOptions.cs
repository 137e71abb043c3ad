using System;

namespace Icws.Sample.Web;

/// <summary>Command line of the web sample. The password can also come from ICWS_PASSWORD, which keeps it out of the process list.</summary>
internal sealed record WebSampleOptions(Uri? Server, string User, string? Password, string Workgroup, string Target, string Urls, bool Once)
{
    public const string Usage = """
        Icws.Sample.Web: the live queue of one ICWS session as JSON over HTTP, with actions by POST.

          dotnet run --project samples/Icws.Sample.Web [-- options]

          --urls URL                 where to listen (default: http://127.0.0.1:5080)
          --once                     start, check one GET and one POST over HTTP, stop (exit 0 = success)
          --server URL               a real CIC server, e.g. https://cic.example.com:8019 (default: start the simulator)
          --user NAME                CIC user (default: agent)
          --password PASSWORD        password (or set ICWS_PASSWORD)
          --workgroup NAME           workgroup whose queue is watched with the user's (default: Support)
          --target NUMBER            number --once calls (default: 555-0123)
        """;

    public static WebSampleOptions? Parse(string[] args, out string? error)
    {
        error = null;
        Uri? server = null;
        string user = "agent", workgroup = "Support", target = "555-0123", urls = "http://127.0.0.1:5080";
        string? password = Environment.GetEnvironmentVariable("ICWS_PASSWORD");
        var once = false;
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            try
            {
                switch (args[i])
                {
                    case "--once": once = true; break;
                    case "--urls": urls = Next(); break;
                    case "--server":
                        server = Uri.TryCreate(Next(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
                            ? uri
                            : throw new ArgumentException("--server must be an absolute http(s) URL");
                        break;
                    case "--user": user = Next(); break;
                    case "--password": password = Next(); break;
                    case "--workgroup": workgroup = Next(); break;
                    case "--target": target = Next(); break;
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

        return new WebSampleOptions(server, user, password, workgroup, target, urls, once);
    }

    /// <summary>Never shows the password.</summary>
    public override string ToString() => $"server={Server?.Authority ?? "simulator"} user={User} workgroup={Workgroup} urls={Urls} once={Once}";
}
