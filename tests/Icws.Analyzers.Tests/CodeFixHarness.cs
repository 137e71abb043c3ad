using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Icws.Testing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace Icws.Analyzers.Tests;

/// <summary>
/// Runs a code fix the way the IDE does: an AdhocWorkspace project holding the files the generator made of the
/// project's own spec files (if any), the test document, and references to Icws.Runtime.dll and any libraries, the analyzers' diagnostics of that document, then one fix (the first fixable diagnostic) or a
/// fix-all over the document. The result must equal the expected text and compile.
/// </summary>
internal static class CodeFixHarness
{
    public static async Task VerifyFixAsync(CodeFixProvider provider, string markup, string expected, bool fixAll = false, TestProject? project = null)
    {
        var (source, spans) = Markup.Parse(markup);
        var document = CreateDocument(source, project ?? TestProject.Default);
        var diagnostics = await DiagnosticsAsync(document);
        AnalyzerHarness.AssertMatches(source, spans, diagnostics);

        var fixable = diagnostics.Where(d => provider.FixableDiagnosticIds.Contains(d.Id)).ToList();
        Assert.NotEmpty(fixable);
        var actions = await ActionsAsync(provider, document, fixable[0]);
        Assert.True(actions.Count > 0, "No code fix was offered for " + fixable[0]);

        CodeAction action = actions[0];
        if (fixAll)
        {
            var context = new FixAllContext(
                document,
                provider,
                FixAllScope.Document,
                actions[0].EquivalenceKey,
                fixable.Select(d => d.Id).Distinct(),
                new FixedDiagnostics(fixable),
                CancellationToken.None);
            var fixAllAction = await provider.GetFixAllProvider()!.GetFixAsync(context);
            Assert.NotNull(fixAllAction);
            action = fixAllAction!;
        }

        var operations = await action.GetOperationsAsync(CancellationToken.None);
        var changed = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution.GetDocument(document.Id)!;
        var actual = (await changed.GetTextAsync()).ToString();
        Assert.Equal(Normalize(expected), Normalize(actual));

        // The fixed code compiles (AnalyzeAsync fails otherwise).
        await AnalyzerHarness.AnalyzeAsync((await changed.Project.GetCompilationAsync())!);
    }

    /// <summary>The diagnostics are there, but no fix is offered for any of them.</summary>
    public static async Task VerifyNoFixAsync(CodeFixProvider provider, string markup, TestProject? project = null)
    {
        var (source, spans) = Markup.Parse(markup);
        var document = CreateDocument(source, project ?? TestProject.Default);
        var diagnostics = await DiagnosticsAsync(document);
        AnalyzerHarness.AssertMatches(source, spans, diagnostics);
        foreach (var diagnostic in diagnostics.Where(d => provider.FixableDiagnosticIds.Contains(d.Id)))
        {
            Assert.Empty(await ActionsAsync(provider, document, diagnostic));
        }
    }

    private static Document CreateDocument(string source, TestProject project)
    {
        var workspace = new AdhocWorkspace();
        var projectId = ProjectId.CreateNewId();
        var solution = workspace.CurrentSolution.AddProject(ProjectInfo.Create(
            projectId,
            VersionStamp.Default,
            AnalyzerHarness.ConsumerNamespace,
            AnalyzerHarness.ConsumerNamespace,
            LanguageNames.CSharp,
            compilationOptions: TestCompiler.CompilationOptions,
            parseOptions: TestCompiler.ParseOptions,
            metadataReferences: project.References));
        foreach (var (hintName, tree) in AnalyzerHarness.GeneratedTreesFor(AnalyzerHarness.ConsumerNamespace, null, project.References, project.Specs))
        {
            solution = solution.AddDocument(DocumentId.CreateNewId(projectId), hintName, tree.GetText(), filePath: "Generated/" + hintName);
        }

        var documentId = DocumentId.CreateNewId(projectId);
        solution = solution.AddDocument(documentId, "Test0.cs", SourceText.From(source), filePath: "Test0.cs");
        return solution.GetDocument(documentId)!;
    }

    private static async Task<ImmutableArray<Diagnostic>> DiagnosticsAsync(Document document)
        => await AnalyzerHarness.AnalyzeAsync((await document.Project.GetCompilationAsync())!);

    private static async Task<List<CodeAction>> ActionsAsync(CodeFixProvider provider, Document document, Diagnostic diagnostic)
    {
        var actions = new List<CodeAction>();
        var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
        await provider.RegisterCodeFixesAsync(context);
        return actions;
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);

    private sealed class FixedDiagnostics(IReadOnlyList<Diagnostic> diagnostics) : FixAllContext.DiagnosticProvider
    {
        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken)
            => Task.FromResult<IEnumerable<Diagnostic>>(diagnostics.Where(d => d.Location.SourceTree?.FilePath == document.FilePath).ToList());

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken)
            => Task.FromResult<IEnumerable<Diagnostic>>(Array.Empty<Diagnostic>());

        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken)
            => Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);
    }
}
