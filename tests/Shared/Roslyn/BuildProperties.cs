using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Icws.Testing;

/// <summary>The two builds the generator serves.</summary>
internal enum IcwsBuild
{
    /// <summary>The package's own build (<c>IcwsGenerateStandardApi=true</c>): the standard spec into <c>Icws.Client</c>.</summary>
    Standard,

    /// <summary>A consumer's build (its <c>RootNamespace</c>, maybe <c>IcwsNamespace</c>): only its own <c>*.icws.json</c> files.</summary>
    Consumer,
}

/// <summary>
/// Global build properties (<c>build_property.X</c>), as MSBuild hands them to generators and analyzers; no file has
/// options of its own.
/// </summary>
internal sealed class BuildProperties : AnalyzerConfigOptionsProvider
{
    public const string StandardApiKey = "build_property.IcwsGenerateStandardApi";
    public const string RootNamespaceKey = "build_property.RootNamespace";
    public const string IcwsNamespaceKey = "build_property.IcwsNamespace";

    private static readonly Options NoOptions = new(new Dictionary<string, string>());

    private readonly Options _global;

    public BuildProperties(IReadOnlyDictionary<string, string> values)
    {
        _global = new Options(values);
        Build = values.TryGetValue(StandardApiKey, out var standard) && string.Equals(standard.Trim(), "true", StringComparison.OrdinalIgnoreCase)
            ? IcwsBuild.Standard
            : IcwsBuild.Consumer;
    }

    /// <summary>No properties at all (what a generator other than ours is given).</summary>
    public static BuildProperties None { get; } = new(new Dictionary<string, string>());

    /// <summary>The package's own build, which compiles the standard spec.</summary>
    public static BuildProperties Standard { get; } = new(new Dictionary<string, string> { [StandardApiKey] = "true" });

    /// <summary>Which build these properties make (the generator's reading of <c>IcwsGenerateStandardApi</c>).</summary>
    public IcwsBuild Build { get; }

    public override AnalyzerConfigOptions GlobalOptions => _global;

    /// <summary>A consumer's build: its own spec files generate into <paramref name="icwsNamespace"/>, else <paramref name="rootNamespace"/> (a property left out when null).</summary>
    public static BuildProperties Consumer(string? rootNamespace, string? icwsNamespace = null)
    {
        var values = new Dictionary<string, string>();
        if (rootNamespace is not null)
        {
            values[RootNamespaceKey] = rootNamespace;
        }

        if (icwsNamespace is not null)
        {
            values[IcwsNamespaceKey] = icwsNamespace;
        }

        return new BuildProperties(values);
    }

    /// <summary><see cref="Standard"/>, or a consumer's build with this RootNamespace.</summary>
    public static BuildProperties For(IcwsBuild build, string consumerRootNamespace)
        => build == IcwsBuild.Standard ? Standard : Consumer(consumerRootNamespace);

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => NoOptions;

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => NoOptions;

    private sealed class Options(IReadOnlyDictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
    }
}
