using Icws.Generator.Parsing;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Icws.Generator
{
    /// <summary>
    /// MSBuild properties the generator reads (exposed with CompilerVisibleProperty by the package props).
    /// </summary>
    internal sealed record GeneratorOptions(string Namespace)
    {
        public const string DefaultNamespace = "Icws.Client";

        /// <summary>Reads <c>IcwsNamespace</c>; an invalid namespace falls back to the default.</summary>
        public static GeneratorOptions From(AnalyzerConfigOptionsProvider provider)
        {
            provider.GlobalOptions.TryGetValue("build_property.IcwsNamespace", out var ns);
            return new GeneratorOptions(IsValidNamespace(ns) ? ns!.Trim() : DefaultNamespace);
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

            return true;
        }
    }
}
