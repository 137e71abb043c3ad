using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Icws.Generator.Model;
using Icws.Generator.Parsing;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Icws.Generator
{
    /// <summary>
    /// MSBuild properties the generator reads (the package props expose them with CompilerVisibleProperty):
    /// <c>IcwsNamespace</c> (namespace of the generated code) and <c>IcwsMinimumFeatureVersions</c>
    /// (e.g. <c>interactions=6;queues=1</c>: the server versions the code may rely on; endpoints that need
    /// more check the server's feature list before they are sent).
    /// </summary>
    internal sealed record GeneratorOptions(string Namespace, EquatableArray<FeatureModel> MinimumFeatureVersions)
    {
        public const string DefaultNamespace = "Icws.Client";

        public static readonly GeneratorOptions Default = new(DefaultNamespace, EquatableArray<FeatureModel>.Empty);

        public static GeneratorOptions From(AnalyzerConfigOptionsProvider provider)
        {
            provider.GlobalOptions.TryGetValue("build_property.IcwsNamespace", out var ns);
            provider.GlobalOptions.TryGetValue("build_property.IcwsMinimumFeatureVersions", out var minimums);
            return new GeneratorOptions(IsValidNamespace(ns) ? ns!.Trim() : DefaultNamespace, ParseMinimums(minimums));
        }

        /// <summary>The lowest version of a feature the code may rely on without checking (1 unless configured).</summary>
        public int MinimumVersion(string featureId)
            => MinimumFeatureVersions.FirstOrDefault(f => string.Equals(f.Id, featureId, StringComparison.OrdinalIgnoreCase))?.Version ?? 1;

        /// <summary>"interactions=6;queues=1" (commas also separate); malformed entries are ignored.</summary>
        internal static EquatableArray<FeatureModel> ParseMinimums(string? text)
        {
            var result = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            foreach (var entry in (text ?? string.Empty).Split(new[] { ';', ',' }, StringSplitOptions.RemoveEmptyEntries))
            {
                var parts = entry.Split('=');
                if (parts.Length == 2 && parts[0].Trim().Length > 0 && int.TryParse(parts[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version > 0)
                {
                    result[parts[0].Trim()] = version;
                }
            }

            return result.OrderBy(p => p.Key, StringComparer.OrdinalIgnoreCase).Select(p => new FeatureModel(p.Key, p.Value)).ToEquatableArray();
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
