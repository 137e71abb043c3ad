using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Icws.Generator.Binding;
using Icws.Generator.Diagnostics;
using Icws.Generator.Emitting;
using Icws.Generator.Model;
using Icws.Generator.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace Icws.Generator
{
    /// <summary>
    /// Turns ICWS spec files into C#. In the package's own build it compiles the standard spec (<c>*.spec.json</c>) into
    /// the package: client, representations, messages, attribute catalog and typed view. In a consumer's build it
    /// generates only what the project's own <c>*.icws.json</c> files add, in the project's namespace; a project without
    /// such files gets nothing.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class IcwsGenerator : IIncrementalGenerator
    {
        /// <inheritdoc />
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            // Which build this is (the package's, or a consumer's with its namespace): two MSBuild properties.
            var options = context.AnalyzerConfigOptionsProvider
                .Select(static (provider, _) => GeneratorOptions.From(provider))
                .WithTrackingName(TrackingNames.Options);

            // Spec files, each read on its own: editing one file re-reads only that file.
            var parsed = context.AdditionalTextsProvider
                .Where(static text => SpecFileReader.IsSpecFile(text.Path))
                .WithTrackingName(TrackingNames.SpecFiles)
                .Select(static (text, ct) => SpecFileReader.Read(text.Path, text.GetText(ct), ct))
                .WithTrackingName(TrackingNames.ParsedSpecFile);

            // All files bound into the ready-to-emit model; diagnostics and model split so that the emitters see no locations.
            var bound = parsed.Collect().Combine(options)
                .Select(static (input, ct) => Bind(input.Left, input.Right, ct))
                .WithTrackingName(TrackingNames.BoundSpec);
            var model = bound
                .Select(static (result, _) => result.Model)
                .WithTrackingName(TrackingNames.Model);

            // The output uses UTF-8 literals and required members (C# 11); reduced to the version only.
            var languageVersion = context.ParseOptionsProvider
                .Select(static (parseOptions, _) => parseOptions is CSharpParseOptions csharp ? csharp.LanguageVersion : LanguageVersion.Latest)
                .WithTrackingName(TrackingNames.LanguageCheck);

            context.RegisterSourceOutput(parsed.Combine(options), static (spc, input) => ReportFileDiagnostics(spc, input.Left, input.Right));
            context.RegisterSourceOutput(bound, static (spc, result) => Report(spc, result.Diagnostics));
            context.RegisterSourceOutput(model.Combine(languageVersion).WithTrackingName(TrackingNames.Generation), static (spc, input) => Emit(spc, input.Left, input.Right));
        }

        /// <summary>
        /// The package's build binds its standard files; a consumer's binds its own files against the standard spec
        /// embedded in this generator (only when it has files of its own: otherwise nothing is read at all).
        /// </summary>
        private static BindResult Bind(ImmutableArray<SpecFileModel> files, GeneratorOptions options, CancellationToken cancellationToken)
        {
            if (options.StandardApi)
            {
                return SpecBinder.Bind(files, BindOptions.ForStandard(files.Where(f => f.IsStandard).Select(f => f.Path)), cancellationToken);
            }

            var custom = files.Where(f => !f.IsStandard).ToList();
            if (custom.Count == 0)
            {
                return BindResult.Empty;
            }

            var standard = StandardSpec.Get();
            return SpecBinder.Bind(standard.Concat(custom).ToList(), BindOptions.ForExtension(options.Namespace, standard.Select(f => f.Path)), cancellationToken);
        }

        private static void ReportFileDiagnostics(SourceProductionContext context, SpecFileModel file, GeneratorOptions options)
        {
            if (file.IsStandard && !options.StandardApi)
            {
                // A copy of the standard spec in a consumer (an old setup): it is not read; say so once, at the file.
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.SpecStandardFileInProject, new LocationInfo(file.Path, default, default).ToLocation(), System.IO.Path.GetFileName(file.Path)));
                return;
            }

            Report(context, file.Diagnostics);
        }

        private static void Report(SourceProductionContext context, EquatableArray<DiagnosticInfo> diagnostics)
        {
            foreach (var diagnostic in diagnostics)
            {
                context.ReportDiagnostic(diagnostic.ToDiagnostic());
            }
        }

        private static void Emit(SourceProductionContext context, ApiModel model, LanguageVersion languageVersion)
        {
            if (model.IsEmpty)
            {
                return;
            }

            if (languageVersion < LanguageVersion.CSharp11)
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.LanguageVersion, Location.None, languageVersion.ToDisplayString()));
                return;
            }

            // Each emitter on its own: should one ever fail, the others' files still come out (a thrown exception
            // would surface as CS8785 and silently drop all output).
            var hints = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            Add(context, hints, "emitting enums", () => EnumEmitter.Emit(model));
            Add(context, hints, "emitting representations", () => TypeEmitter.Emit(model));
            Add(context, hints, "emitting messages", () => MessageEmitter.Emit(model));
            Add(context, hints, "emitting attributes", () => AttributeEmitter.Emit(model));
            Add(context, hints, "emitting the client", () => ClientEmitter.Emit(model));
            Add(context, hints, "emitting the assembly metadata", () => new[] { AssemblyMetadataEmitter.Emit(model) });
        }

        private static void Add(SourceProductionContext context, HashSet<string> hints, string stage, Func<IEnumerable<GeneratedFile>> emit)
        {
            var files = new List<GeneratedFile>();
            try
            {
                files.AddRange(emit());
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.GeneratorFailure, Location.None, stage, ex.GetType().Name + ": " + ex.Message));
                return;
            }

            foreach (var file in files)
            {
                // Hint names are file names, unique without regard to case: of two types whose names differ only in case
                // (which C# allows), or a type named like one of the generator's own files, the later gets a numbered name.
                var hint = file.HintName;
                for (var n = 2; !hints.Add(hint); n++)
                {
                    hint = file.HintName + "." + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                context.AddSource(hint + ".g.cs", SourceText.From(file.Text, System.Text.Encoding.UTF8));
            }
        }
    }
}
