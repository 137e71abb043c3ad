using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text;
using System.Text.RegularExpressions;

namespace Icws.Benchmarks.Consumers;

/// <summary>The three apps of group 6.</summary>
public enum ConsumerCase
{
    /// <summary>The trivial console app, no package (the baseline).</summary>
    WithoutPackage,

    /// <summary>The same app with a PackageReference to Icws.Generated and one line using a standard type.</summary>
    WithPackage,

    /// <summary>That app plus one small custom spec file whose accessors it uses.</summary>
    WithSpec,
}

/// <summary>
/// Group 6's workspace, made once per process: Icws.Generated packed from this checkout under a unique prerelease
/// version into a feed of its own, and three fresh console apps outside the repository (own nuget.config adding the
/// feed, own NUGET_PACKAGES shared by the three, empty Directory.Build.props/targets and Directory.Packages.props so
/// that nothing leaks in from above), each restored and built once. The workspace and the build servers its builds
/// started (found by a marker in their environment) go away when the process exits.
/// </summary>
public sealed class ConsumerApps
{
    public const string PackageId = "Icws.Generated";
    private const string MarkerVariable = "ICWS_BENCH_CONSUMER_ROOT";
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(10);
    private static readonly object Gate = new();
    private static ConsumerApps? _shared;

    private ConsumerApps(string root, string version, string configuration, bool packReusedBuild)
    {
        Root = root;
        Version = version;
        Configuration = configuration;
        PackReusedBuild = packReusedBuild;
        Apps = new[]
        {
            new ConsumerApp(this, ConsumerCase.WithoutPackage, "Plain", "plain"),
            new ConsumerApp(this, ConsumerCase.WithPackage, "WithPackage", "with-package"),
            new ConsumerApp(this, ConsumerCase.WithSpec, "WithSpec", "with-spec"),
        };
    }

    /// <summary>The workspace of this process (made on first use; the extras and BenchmarkDotNet's setup share it).</summary>
    public static ConsumerApps Shared
    {
        get
        {
            lock (Gate)
            {
                return _shared ??= Create();
            }
        }
    }

    public string Root { get; }

    public string Feed => Path.Combine(Root, "feed");

    public string Packages => Path.Combine(Root, "packages");

    /// <summary>The prerelease version packed for this process (never packed twice into one NUGET_PACKAGES).</summary>
    public string Version { get; }

    /// <summary>The configuration the package was packed from (the benchmarks' own: Release when measuring).</summary>
    public string Configuration { get; }

    /// <summary>True when <c>dotnet pack --no-build</c> reused the outputs already built.</summary>
    public bool PackReusedBuild { get; }

    public TimeSpan SetupTime { get; private set; }

    public IReadOnlyList<ConsumerApp> Apps { get; }

    public ConsumerApp this[ConsumerCase which] => Apps[(int)which];

    private static ConsumerApps Create()
    {
        var clock = Stopwatch.StartNew();
        var root = Path.Combine(Path.GetTempPath(), "icws-bench-build-" + Guid.NewGuid().ToString("N")[..8]);
        var version = "0.1.0-bench." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "." + Random.Shared.Next(1000, 9999).ToString(CultureInfo.InvariantCulture);
        var repository = Program.RepoRoot();
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        Directory.CreateDirectory(root);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => CleanUp(root);

        // Pack. Reuse the outputs of this configuration when they are all there (the CI smoke test runs after the
        // solution's build); otherwise build the package's project first, as an ordinary build of the repository.
        string[] outputs =
        [
            $"runtime/bin/{configuration}/net8.0/Icws.Runtime.dll", $"runtime/bin/{configuration}/net10.0/Icws.Runtime.dll",
            $"generator/bin/{configuration}/netstandard2.0/Icws.Generator.dll", $"analyzers/Icws.Analyzers/bin/{configuration}/netstandard2.0/Icws.Analyzers.dll",
            $"analyzers/Icws.CodeFixes/bin/{configuration}/netstandard2.0/Icws.CodeFixes.dll",
        ];
        var project = Path.Combine(repository, "runtime", "Icws.Runtime.csproj");
        var reused = outputs.All(o => File.Exists(Path.Combine(repository, o)));
        if (!reused)
        {
            Require(Run(repository, null, BuildTimeout, "build", project, "-c", configuration, "--nologo", "-v:q"), "dotnet build runtime/Icws.Runtime.csproj");
        }

        var apps = new ConsumerApps(root, version, configuration, reused);
        Require(Run(repository, null, BuildTimeout, "pack", project, "-c", configuration, "--no-build", "--no-restore", "-o", apps.Feed, "-p:Version=" + version, "--nologo", "-v:q"), "dotnet pack runtime/Icws.Runtime.csproj");
        Console.WriteLine($"   consumer build setup: {PackageId} {version} packed ({configuration}{(reused ? ", outputs reused" : ", built first")}) in {clock.Elapsed.TotalSeconds:F1} s, into {root}");
        if (!File.Exists(Path.Combine(apps.Feed, $"{PackageId}.{version}.nupkg")))
        {
            throw new InvalidOperationException($"dotnet pack wrote no {PackageId}.{version}.nupkg into {apps.Feed}.");
        }

        // Nothing from above the workspace: empty MSBuild files stop the upward search; the config adds the feed to the machine's sources.
        foreach (var stub in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
        {
            File.WriteAllText(Path.Combine(root, stub), "<Project>\n  <!-- Stops MSBuild's search upwards: nothing from outside the benchmark's workspace. -->\n</Project>\n");
        }

        File.WriteAllText(Path.Combine(root, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="icws-bench-feed" value="{apps.Feed}" />
              </packageSources>
            </configuration>
            """);

        // Each app restored and built once (warm), with the generated files written out so they can be counted.
        foreach (var app in apps.Apps)
        {
            app.Write();
            var first = app.Dotnet("build", app.ProjectPath, "--nologo", "-p:EmitCompilerGeneratedFiles=true");
            Require(first, $"first build of {app.Name}");
            Console.WriteLine($"   consumer build setup: {app.Name} restored and built in {first.Elapsed.TotalSeconds:F1} s");
        }

        apps.SetupTime = clock.Elapsed;
        return apps;
    }

    /// <summary>The checks: every app built, (b) holds no generated code (same types as (a)), (c) holds its spec's catalog and accessors and runs.</summary>
    public void Check()
    {
        var plainTypes = this[ConsumerCase.WithoutPackage].TypeNames();
        var packageTypes = this[ConsumerCase.WithPackage].TypeNames();
        if (!plainTypes.SetEquals(packageTypes))
        {
            throw new InvalidOperationException($"The app with the package should hold the same types as the one without (nothing generated), but has: {string.Join(", ", packageTypes.Except(plainTypes))}.");
        }

        if (this[ConsumerCase.WithPackage].IcwsGeneratedFiles().Count != 0)
        {
            throw new InvalidOperationException("The generator wrote files into the app without spec files: " + string.Join(", ", this[ConsumerCase.WithPackage].IcwsGeneratedFiles()));
        }

        var specTypes = this[ConsumerCase.WithSpec].TypeNames();
        foreach (var expected in new[] { "BenchApp." + RoutingSpec.CatalogClass, "BenchApp." + RoutingSpec.AccessorsClass, "BenchApp.CustomerSegment" })
        {
            if (!specTypes.Contains(expected))
            {
                throw new InvalidOperationException($"The app with a spec file has no {expected}; it has: {string.Join(", ", specTypes)}.");
            }
        }

        var (exit, output, _) = Run(this[ConsumerCase.WithSpec].Directory, this, TimeSpan.FromMinutes(2), this[ConsumerCase.WithSpec].AssemblyPath);
        if (exit != 0 || !output.Contains("Eic_State", StringComparison.Ordinal) || !output.Contains("7 Business True", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The app with a spec file did not print what its accessors read (exit code {exit}):\n{output}");
        }
    }

    /// <summary>
    /// The generator's and analyzers' own times in one more build of each app (csc <c>-reportanalyzer</c>, read from
    /// the detailed log): Icws.Generator, Icws.Analyzers and the totals of all generators and analyzers the build runs.
    /// </summary>
    public void CollectAnalyzerTimes(IDictionary<string, string> extras)
    {
        foreach (var app in Apps)
        {
            var (exit, output, _) = app.TouchAndBuild("-p:ReportAnalyzer=true", "-v:d");
            Require((exit, output, TimeSpan.Zero), $"build of {app.Name} with ReportAnalyzer");
            var totals = new[] { ("generatorsTotal", "Total generator execution time: "), ("analyzersTotal", "Total analyzer execution time: ") };
            foreach (var (key, prefix) in totals)
            {
                var line = output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
                if (line is not null && double.TryParse(line.Substring(prefix.Length).Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
                {
                    extras[$"reportAnalyzerMs.{key}.{app.Case}"] = (seconds * 1000).ToString("F0", CultureInfo.InvariantCulture);
                }
            }

            foreach (var assembly in new[] { "Icws.Generator", "Icws.Analyzers" })
            {
                var match = Regex.Match(output, @"^\s*(<?[0-9.]+)\s+<?[0-9]+\s+" + Regex.Escape(assembly) + @", Version=", RegexOptions.Multiline);
                if (match.Success)
                {
                    var value = match.Groups[1].Value;
                    extras[$"reportAnalyzerMs.{assembly}.{app.Case}"] = value.StartsWith('<') ? "<1" : (double.Parse(value, CultureInfo.InvariantCulture) * 1000).ToString("F0", CultureInfo.InvariantCulture);
                }
            }
        }
    }

    /// <summary>Runs the dotnet CLI (or an app) and waits for it to exit; for consumer builds with the environment a user's shell has.</summary>
    internal static (int ExitCode, string Output, TimeSpan Elapsed) Run(string workingDirectory, ConsumerApps? consumer, TimeSpan timeout, params string[] arguments)
    {
        var isApp = arguments.Length > 0 && arguments[0].EndsWith(".dll", StringComparison.Ordinal);
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        if (consumer is not null && !isApp)
        {
            // A user's build: the compiler server and MSBuild's node reuse as the SDK has them by default (CI
            // machines and this repository's test harnesses often turn them off; a developer's shell does not).
            foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || k is "UseSharedCompilation" or "DOTNET_CLI_USE_MSBUILD_SERVER" or "DOTNET_HOST_PATH").ToList())
            {
                start.Environment.Remove(name);
            }

            start.Environment["NUGET_PACKAGES"] = consumer.Packages;
            start.Environment[MarkerVariable] = consumer.Root;
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        var clock = Stopwatch.StartNew();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        // The timed overload: it returns at the exit and does not wait for the end of the output, which a build
        // server started by this build (and inheriting its handles) may hold open.
        if (!process.WaitForExit((int)timeout.TotalMilliseconds))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {string.Join(' ', arguments)} did not finish in {timeout.TotalSeconds} s:\n{output}");
        }

        var elapsed = clock.Elapsed;
        if (process.ExitCode != 0)
        {
            System.Threading.Thread.Sleep(200); // the last lines of the output, which tell why
        }

        lock (output)
        {
            return (process.ExitCode, output.ToString(), elapsed);
        }
    }

    internal static void Require((int ExitCode, string Output, TimeSpan Elapsed) result, string what)
    {
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{what} failed with exit code {result.ExitCode}:\n{result.Output}");
        }
    }

    /// <summary>At exit: stop the build servers this workspace's builds started (by process id, found by the marker) and delete it.</summary>
    private static void CleanUp(string root)
    {
        // Linux: /proc lists every process and its environment. Elsewhere the servers stop themselves when idle.
        var marker = Encoding.UTF8.GetBytes(MarkerVariable + "=" + root + "\0");
        foreach (var directory in Directory.Exists("/proc") ? Directory.EnumerateDirectories("/proc") : Enumerable.Empty<string>())
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                var environment = File.ReadAllBytes(Path.Combine(directory, "environ"));
                if (environment.AsSpan().IndexOf(marker) >= 0)
                {
                    using var process = Process.GetProcessById(pid);
                    process.Kill();
                    process.WaitForExit(5000);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // Gone already, or not ours to read.
            }
        }

        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Left to the OS's temp cleanup.
        }
    }
}

/// <summary>One of the three apps: its files, its build and what the build made.</summary>
public sealed class ConsumerApp
{
    private readonly ConsumerApps _workspace;
    private int _edits;

    internal ConsumerApp(ConsumerApps workspace, ConsumerCase which, string name, string folder)
    {
        _workspace = workspace;
        Case = which;
        Name = name;
        Directory = Path.Combine(workspace.Root, folder);
    }

    public ConsumerCase Case { get; }

    public string Name { get; }

    public string Directory { get; }

    public string ProjectPath => Path.Combine(Directory, Name + ".csproj");

    public string ProgramPath => Path.Combine(Directory, "Program.cs");

    public string AssemblyPath => Path.Combine(Directory, "bin", "Debug", "net10.0", Name + ".dll");

    public string GeneratedDirectory => Path.Combine(Directory, "obj", "Debug", "net10.0", "generated");

    public long AssemblyBytes => new FileInfo(AssemblyPath).Length;

    /// <summary>One incremental build as a user makes it: Program.cs changed (a comment), then <c>dotnet build --no-restore</c>; the wall time of the command.</summary>
    public TimeSpan TouchAndBuild()
    {
        var result = TouchAndBuild(Array.Empty<string>());
        ConsumerApps.Require(result, $"build of {Name}");
        return result.Elapsed;
    }

    internal (int ExitCode, string Output, TimeSpan Elapsed) TouchAndBuild(params string[] extraArguments)
    {
        File.WriteAllText(ProgramPath, ProgramText(++_edits));
        return Dotnet(new[] { "build", ProjectPath, "--no-restore", "--nologo" }.Concat(extraArguments).ToArray());
    }

    internal (int ExitCode, string Output, TimeSpan Elapsed) Dotnet(params string[] arguments) => ConsumerApps.Run(Directory, _workspace, TimeSpan.FromMinutes(10), arguments);

    /// <summary>The files of the ICWS generator in the first build's output (EmitCompilerGeneratedFiles).</summary>
    public IReadOnlyList<string> IcwsGeneratedFiles()
    {
        var folder = Path.Combine(GeneratedDirectory, "Icws.Generator");
        return System.IO.Directory.Exists(folder) ? System.IO.Directory.GetFiles(folder, "*.cs", SearchOption.AllDirectories).Select(f => Path.GetFileName(f)).OrderBy(f => f, StringComparer.Ordinal).ToList() : Array.Empty<string>();
    }

    /// <summary>Every generator's files in the first build's output.</summary>
    public int AllGeneratedFiles => System.IO.Directory.Exists(GeneratedDirectory) ? System.IO.Directory.GetFiles(GeneratedDirectory, "*.cs", SearchOption.AllDirectories).Length : 0;

    public int IcwsGeneratedLines
        => System.IO.Directory.Exists(Path.Combine(GeneratedDirectory, "Icws.Generator"))
            ? System.IO.Directory.GetFiles(Path.Combine(GeneratedDirectory, "Icws.Generator"), "*.cs", SearchOption.AllDirectories).Sum(f => File.ReadAllLines(f).Length)
            : 0;

    /// <summary>The full names of the types the app's assembly defines.</summary>
    public HashSet<string> TypeNames()
    {
        using var stream = File.OpenRead(AssemblyPath);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        return metadata.TypeDefinitions.Select(h => metadata.GetTypeDefinition(h))
            .Select(t => (metadata.GetString(t.Namespace) is { Length: > 0 } ns ? ns + "." : string.Empty) + metadata.GetString(t.Name))
            .ToHashSet(StringComparer.Ordinal);
    }

    internal void Write()
    {
        System.IO.Directory.CreateDirectory(Directory);
        var reference = Case == ConsumerCase.WithoutPackage
            ? string.Empty
            : $"""

                <ItemGroup>
                  <PackageReference Include="{ConsumerApps.PackageId}" Version="{_workspace.Version}" />
                </ItemGroup>
              """;
        File.WriteAllText(ProjectPath, $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <!-- What dotnet new console makes, with a fixed root namespace (the spec file's code goes there). -->
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <RootNamespace>BenchApp</RootNamespace>
              </PropertyGroup>{reference}
            </Project>
            """);
        if (Case == ConsumerCase.WithSpec)
        {
            File.WriteAllText(Path.Combine(Directory, RoutingSpec.FileName), RoutingSpec.Text);
        }

        File.WriteAllText(ProgramPath, ProgramText(_edits));
    }

    /// <summary>The 6-line app; with the package one more line using a standard type; with the spec file two more using its accessors.</summary>
    private string ProgramText(int edit)
    {
        var text = new StringBuilder();
        text.Append("// edit ").Append(edit.ToString(CultureInfo.InvariantCulture)).Append('\n');
        if (Case == ConsumerCase.WithSpec)
        {
            text.Append("using BenchApp;\n");
        }

        text.Append("var name = args.Length > 0 ? args[0] : \"world\";\n");
        text.Append("var greeting = $\"Hello, {name}!\";\n");
        text.Append("Console.WriteLine(greeting);\n");
        text.Append("Console.WriteLine($\"{Environment.ProcessorCount} cores, {DateTime.Now:HH:mm}.\");\n");
        if (Case != ConsumerCase.WithoutPackage)
        {
            text.Append("Console.WriteLine(Icws.Client.Attr.Eic_State);\n");
        }

        if (Case == ConsumerCase.WithSpec)
        {
            text.Append("Icws.Client.InteractionAttributes call = Icws.AttributeMap.Of((RoutingAttr.Acme_RoutingPriority, \"7\"), (RoutingAttr.Acme_Segment, \"B\"), (RoutingAttr.Acme_IsVip, \"1\"));\n");
            text.Append("Console.WriteLine($\"{call.RoutingPriority()} {call.Segment()} {call.IsVip()}\");\n");
        }

        text.Append("return 0;\n");
        return text.ToString();
    }
}
