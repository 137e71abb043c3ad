using System;
using System.Collections.Immutable;
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
    /// Turns the ICWS spec files (AdditionalFiles named icws.spec.json or *.icws.json) into a typed client,
    /// representations, messages and attribute accessors.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class IcwsGenerator : IIncrementalGenerator
    {
        /// <inheritdoc />
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            // Spec files, each read on its own: editing one file re-reads only that file.
            var parsed = context.AdditionalTextsProvider
                .Where(static text => SpecFileReader.IsSpecFile(text.Path))
                .WithTrackingName(TrackingNames.SpecFiles)
                .Select(static (text, ct) => SpecFileReader.Read(text.Path, text.GetText(ct), ct))
                .WithTrackingName(TrackingNames.ParsedSpecFile);

            // All files merged and resolved; diagnostics and model split so that the emitters see no locations.
            var bound = parsed.Collect()
                .Select(static (files, ct) => SpecBinder.Bind(files, ct))
                .WithTrackingName(TrackingNames.BoundSpec);
            var model = bound
                .Select(static (result, _) => result.Model)
                .WithTrackingName(TrackingNames.Model);

            var options = context.AnalyzerConfigOptionsProvider
                .Select(static (provider, _) => GeneratorOptions.From(provider))
                .WithTrackingName(TrackingNames.Options);

            // The output uses UTF-8 literals and required members (C# 11); reduced to the version only.
            var languageVersion = context.ParseOptionsProvider
                .Select(static (parseOptions, _) => parseOptions is CSharpParseOptions csharp ? csharp.LanguageVersion : LanguageVersion.Latest)
                .WithTrackingName(TrackingNames.LanguageCheck);

            // Whether the runtime's dependency-injection support is referenced: the compilation reduced to one
            // flag at once, so that edits to C# code leave everything after this step cached.
            var hasDependencyInjection = context.CompilationProvider
                .Select(static (compilation, _) => compilation.GetTypeByMetadataName("Microsoft.Extensions.DependencyInjection.IcwsServiceCollectionExtensions") is not null)
                .WithTrackingName(TrackingNames.Capabilities);

            context.RegisterSourceOutput(parsed, static (spc, file) => Report(spc, file.Diagnostics));
            context.RegisterSourceOutput(bound, static (spc, result) => Report(spc, result.Diagnostics));

            var generation = model.Combine(options).Combine(languageVersion).Combine(hasDependencyInjection)
                .WithTrackingName(TrackingNames.Generation);
            context.RegisterSourceOutput(generation, static (spc, input) => Emit(spc, input.Left.Left.Left, input.Left.Left.Right, input.Left.Right, input.Right));
        }

        private static void Report(SourceProductionContext context, EquatableArray<DiagnosticInfo> diagnostics)
        {
            foreach (var diagnostic in diagnostics)
            {
                context.ReportDiagnostic(diagnostic.ToDiagnostic());
            }
        }

        private static void Emit(SourceProductionContext context, ApiModel model, GeneratorOptions options, LanguageVersion languageVersion, bool hasDependencyInjection)
        {
            if (model.Types.IsEmpty && model.Endpoints.IsEmpty && model.Attributes.IsEmpty && model.Enums.IsEmpty)
            {
                return;
            }

            if (languageVersion < LanguageVersion.CSharp11)
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.LanguageVersion, Location.None, languageVersion.ToDisplayString()));
                return;
            }

            var stage = "starting";
            try
            {
                var index = new ModelIndex(model, options);
                var types = new TypeEmitter(index);
                stage = "emitting enums";
                Add(context, "IcwsEnums.g.cs", EnumEmitter.Emit(index));
                stage = "emitting representations";
                Add(context, "IcwsTypes.g.cs", types.EmitTypes());
                stage = "emitting messages";
                Add(context, "IcwsMessages.g.cs", types.EmitMessages());
                stage = "emitting attributes";
                Add(context, "IcwsAttributes.g.cs", AttributeEmitter.Emit(index));
                stage = "emitting the client";
                Add(context, "IcwsClient.g.cs", new ClientEmitter(index).Emit());
                if (hasDependencyInjection && !model.Endpoints.IsEmpty)
                {
                    stage = "emitting the service registration";
                    Add(context, "IcwsClientRegistration.g.cs", ClientEmitter.EmitRegistration(index));
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Never let an exception escape: it would surface as CS8785 and silently drop all output.
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.GeneratorFailure, Location.None, stage, ex.GetType().Name + ": " + ex.Message));
            }
        }

        private static void Add(SourceProductionContext context, string hintName, string source)
            => context.AddSource(hintName, SourceText.From(source, System.Text.Encoding.UTF8));
    }
}
