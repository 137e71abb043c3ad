using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Icws.Generator.Tests;

/// <summary>The pipeline's caching contract: unrelated edits regenerate nothing; spec edits regenerate; models hold no compiler objects.</summary>
public class IncrementalTests
{
    private static readonly string[] SpecSteps =
    {
        TrackingNames.ParsedSpecFile, TrackingNames.BoundSpec, TrackingNames.Model, TrackingNames.Options, TrackingNames.Generation,
    };

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void UnrelatedCSharpEdit_LeavesEverySpecStepCached(bool standard)
    {
        var compilation = GeneratorHarness.CreateCompilation(standard, "class A { }");
        var driver = (standard
            ? GeneratorHarness.CreateDriver(new[] { DefaultSpec() }, GeneratorHarness.StandardOptions)
            : GeneratorHarness.CreateDriver(new[] { RoutingSpec() })).RunGenerators(compilation);

        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class B { int X => 1; }", GeneratorHarness.ParseOptions));
        var second = driver.RunGenerators(edited).GetRunResult().Results.Single();

        foreach (var step in SpecSteps)
        {
            var reasons = Reasons(second, step);
            Assert.NotEmpty(reasons);
            Assert.All(reasons, r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step} was {r}"));
        }

        Assert.All(second.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
            o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }

    [Fact]
    public void ConsumerWithoutSpecFiles_NeverLooksAtItsCode()
    {
        // No step reads the compilation: a C# edit in a project without spec files cannot cost the generator anything.
        var compilation = GeneratorHarness.CreateCompilation("class A { }");
        var driver = GeneratorHarness.CreateDriver(Array.Empty<AdditionalText>()).RunGenerators(compilation);
        var second = driver.RunGenerators(compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class B { }", GeneratorHarness.ParseOptions))).GetRunResult().Results.Single();

        Assert.Empty(second.GeneratedSources);
        Assert.All(second.TrackedSteps.Where(s => s.Key != TrackingNames.LanguageCheck).SelectMany(s => s.Value).SelectMany(s => s.Outputs),
            o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, o.Reason.ToString()));
        Assert.DoesNotContain(second.TrackedSteps.Keys, k => k.StartsWith("Compilation", StringComparison.Ordinal));
    }

    [Fact]
    public void SpecEdit_MakesSpecStepsModified()
    {
        var compilation = GeneratorHarness.CreateCompilation(true, "class A { }");
        var spec = DefaultSpec();
        var driver = GeneratorHarness.CreateDriver(new[] { spec }, GeneratorHarness.StandardOptions).RunGenerators(compilation);

        var changedText = GeneratorHarness.DefaultSpecText.Replace("Puts the interaction on hold or takes it off hold.", "Holds or resumes the interaction.");
        driver = driver.ReplaceAdditionalText(spec, GeneratorHarness.Spec(spec.Path, changedText));
        var second = driver.RunGenerators(compilation).GetRunResult().Results.Single();

        Assert.Contains(IncrementalStepRunReason.Modified, Reasons(second, TrackingNames.ParsedSpecFile));
        Assert.Contains(IncrementalStepRunReason.Modified, Reasons(second, TrackingNames.BoundSpec));
        Assert.Contains(IncrementalStepRunReason.Modified, Reasons(second, TrackingNames.Model));
        Assert.Contains("Holds or resumes the interaction.", second.GeneratedSources.Single(s => s.HintName == "IcwsClient.Interactions.g.cs").SourceText.ToString());
    }

    [Fact]
    public void WhitespaceOnlySpecEdit_ReReadsTheFile_ButTheModelIsUnchanged()
    {
        // Locations move, so the file's parse result changes; the emitted model carries no locations and stays equal.
        var compilation = GeneratorHarness.CreateCompilation(true, "class A { }");
        var spec = DefaultSpec();
        var driver = GeneratorHarness.CreateDriver(new[] { spec }, GeneratorHarness.StandardOptions).RunGenerators(compilation);

        driver = driver.ReplaceAdditionalText(spec, GeneratorHarness.Spec(spec.Path, "\n\n" + GeneratorHarness.DefaultSpecText));
        var second = driver.RunGenerators(compilation).GetRunResult().Results.Single();

        Assert.Contains(IncrementalStepRunReason.Modified, Reasons(second, TrackingNames.ParsedSpecFile));
        Assert.All(Reasons(second, TrackingNames.BoundSpec), r => Assert.Equal(IncrementalStepRunReason.Unchanged, r));
        Assert.All(Reasons(second, TrackingNames.Model), r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, r.ToString()));
        Assert.All(Reasons(second, TrackingNames.Generation), r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, r.ToString()));
    }

    [Fact]
    public void EditingOneCustomSpec_LeavesTheOthersParseCached()
    {
        var compilation = GeneratorHarness.CreateCompilation("class A { }");
        var custom = RoutingSpec();
        var other = GeneratorHarness.Spec("/p/feature.icws.json", GeneratorHarness.SpecText("Focused/feature.icws.json"));
        var driver = GeneratorHarness.CreateDriver(new[] { other, custom }).RunGenerators(compilation);

        driver = driver.ReplaceAdditionalText(custom, GeneratorHarness.Spec(custom.Path, GeneratorHarness.SpecText("routing.icws.json").Replace("CRM lookup", "CRM")));
        var second = driver.RunGenerators(compilation).GetRunResult().Results.Single();
        var parsed = second.TrackedSteps[TrackingNames.ParsedSpecFile].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();

        Assert.Equal(2, parsed.Count);
        Assert.Contains(IncrementalStepRunReason.Cached, parsed);
        Assert.Contains(IncrementalStepRunReason.Modified, parsed);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void StepOutputs_HoldNoCompilerObjects(bool standard)
    {
        var compilation = GeneratorHarness.CreateCompilation(standard, "class A { }");
        var run = (standard
            ? GeneratorHarness.CreateDriver(new[] { DefaultSpec() }, GeneratorHarness.StandardOptions)
            : GeneratorHarness.CreateDriver(new[] { RoutingSpec(), GeneratorHarness.Spec("/p/watch.icws.json", GeneratorHarness.SpecText("Focused/watch.icws.json")) }))
            .RunGenerators(compilation).GetRunResult().Results.Single();

        foreach (var (name, steps) in run.TrackedSteps.Where(s => SpecSteps.Contains(s.Key)))
        {
            foreach (var output in steps.SelectMany(s => s.Outputs))
            {
                AssertNoCompilerObjects(output.Value, name, new HashSet<object>(ReferenceEqualityComparer.Instance));
            }
        }
    }

    private static readonly Type[] Banned = { typeof(Compilation), typeof(ISymbol), typeof(SyntaxNode), typeof(SyntaxTree), typeof(Location), typeof(AdditionalText), typeof(SemanticModel) };

    private static void AssertNoCompilerObjects(object? value, string path, HashSet<object> seen)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || !seen.Add(value))
        {
            return;
        }

        var type = value.GetType();
        Assert.False(Banned.Any(b => b.IsAssignableFrom(type)), $"{path} holds a {type.FullName}");
        if (type.Namespace?.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal) == true
            && !type.Namespace.StartsWith("Microsoft.CodeAnalysis.Text", StringComparison.Ordinal)
            && type.Name is not ("LanguageVersion"))
        {
            Assert.Fail($"{path} holds the compiler type {type.FullName}");
        }

        if (value is IEnumerable items && value is not string)
        {
            var i = 0;
            foreach (var item in items)
            {
                AssertNoCompilerObjects(item, $"{path}[{i++}]", seen);
            }
        }

        foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            AssertNoCompilerObjects(field.GetValue(value), path + "." + field.Name, seen);
        }
    }

    private static AdditionalText DefaultSpec() => GeneratorHarness.Spec("/p/icws.spec.json", GeneratorHarness.DefaultSpecText);

    private static AdditionalText RoutingSpec() => GeneratorHarness.Spec("/p/routing.icws.json", GeneratorHarness.SpecText("routing.icws.json"));

    private static List<IncrementalStepRunReason> Reasons(GeneratorRunResult result, string step)
        => result.TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
}
