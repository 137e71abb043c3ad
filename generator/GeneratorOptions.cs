using Icws.Generator.Model;
using Icws.Generator.Parsing;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Icws.Generator
{
    /// <summary>
    /// MSBuild properties the generator reads (the package props expose them with CompilerVisibleProperty):
    /// <c>IcwsGenerateStandardApi</c> (true only in the package's own build, which compiles the standard spec into
    /// the package) and the namespace of a project's extensions: <c>IcwsNamespace</c>, else the project's
    /// <c>RootNamespace</c>.
    /// </summary>
    internal sealed record GeneratorOptions(bool StandardApi, string Namespace)
    {
        /// <summary>Namespace of a project's extensions when neither IcwsNamespace nor RootNamespace is a usable one.</summary>
        public const string FallbackNamespace = "IcwsExtensions";

        public static GeneratorOptions From(AnalyzerConfigOptionsProvider provider)
        {
            var global = provider.GlobalOptions;
            global.TryGetValue("build_property.IcwsGenerateStandardApi", out var standard);
            if (string.Equals(standard?.Trim(), "true", System.StringComparison.OrdinalIgnoreCase))
            {
                return new GeneratorOptions(true, GeneratedNames.StandardNamespace);
            }

            global.TryGetValue("build_property.IcwsNamespace", out var ns);
            global.TryGetValue("build_property.RootNamespace", out var rootNamespace);
            var chosen = IsValidNamespace(ns) ? ns!.Trim() : IsValidNamespace(rootNamespace) ? rootNamespace!.Trim() : FallbackNamespace;
            return new GeneratorOptions(false, chosen);
        }

        private static bool IsValidNamespace(string? ns)
        {
            if (string.IsNullOrWhiteSpace(ns))
            {
                return false;
            }

            foreach (var part in ns!.Trim().Split('.'))
            {
                if (!Identifiers.IsValid(part))
                {
                    return false;
                }
            }

            // Icws.Client is the standard API's; a project's extensions beside it would take names it may need later.
            return ns.Trim() != GeneratedNames.StandardNamespace;
        }
    }
}
