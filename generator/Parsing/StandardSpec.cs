using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using Icws.Generator.Model;
using Microsoft.CodeAnalysis.Text;

namespace Icws.Generator.Parsing
{
    /// <summary>
    /// The standard spec as the package compiled it, embedded in this generator (both ship in one package, so they
    /// always match). A project's own spec files are bound against it: they may use standard types and must not
    /// redeclare standard names. Read once per compiler process, and only when a project has spec files of its own.
    /// </summary>
    internal static class StandardSpec
    {
        /// <summary>Paths the embedded files are known by (never a real file, so diagnostics about them are not shown).</summary>
        public const string PathPrefix = "icws-standard-spec:";

        private static readonly Lazy<ImmutableArray<SpecFileModel>> Files = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

        public static ImmutableArray<SpecFileModel> Get() => Files.Value;

        private static ImmutableArray<SpecFileModel> Load()
        {
            var assembly = typeof(StandardSpec).Assembly;
            var builder = ImmutableArray.CreateBuilder<SpecFileModel>();
            foreach (var name in assembly.GetManifestResourceNames().Where(n => n.EndsWith(SpecFileReader.StandardSpecSuffix, StringComparison.OrdinalIgnoreCase)).OrderBy(n => n, StringComparer.Ordinal))
            {
                using var stream = assembly.GetManifestResourceStream(name)!;
                var text = SourceText.From(stream, System.Text.Encoding.UTF8, canBeEmbedded: false);
                builder.Add(SpecFileReader.Read(PathPrefix + name, text, CancellationToken.None));
            }

            return builder.ToImmutable();
        }
    }
}
