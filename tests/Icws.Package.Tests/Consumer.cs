using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace Icws.Package.Tests;

/// <summary>A folder of fresh projects under the package's test root, and the dotnet commands run on them.</summary>
internal sealed partial class Consumer
{
    /// <summary>Compiler diagnostics that mean the package's types met twice or were not found; none may appear anywhere.</summary>
    private static readonly string[] ForbiddenCodes =
    [
        "CS0436", // a type of the package defined again in a consumer (the 1,095 warnings of the original report)
        "CS0433", // the same type in two referenced assemblies
        "CS1503", // InteractionAttributes of one assembly passed where another assembly's was expected
        "CS0246", // a generated type not found (e.g. by ASP.NET's request delegate generator)
        "CS8785", // a generator that failed
        "CS9057", // an analyzer too new for the compiler
        "SYSLIB1030", // System.Text.Json could not see a type
    ];

    private readonly PackedPackage _package;
    private readonly ITestOutputHelper _output;

    public Consumer(PackedPackage package, ITestOutputHelper output, string name)
    {
        _package = package;
        _output = output;
        Folder = Path.Combine(package.Root, name);
        Directory.CreateDirectory(Folder);
    }

    public string Folder { get; }

    /// <summary>Writes a file under <see cref="Folder"/>.</summary>
    public void Write(string relativePath, string text)
    {
        var path = Path.Combine(Folder, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    public string PathOf(string relativePath) => Path.Combine(Folder, relativePath);

    /// <summary>Runs dotnet in a folder of the consumer and logs how long it took; does not judge the result.</summary>
    public async Task<(int ExitCode, string Output)> RunAsync(string step, string relativeFolder, IReadOnlyDictionary<string, string>? extraEnvironment, params string[] arguments)
    {
        var environment = _package.Environment;
        foreach (var (name, value) in extraEnvironment ?? new Dictionary<string, string>())
        {
            environment[name] = value;
        }

        var stopwatch = Stopwatch.StartNew();
        var result = await DotNet.RunAsync(PathOf(relativeFolder), environment, TimeSpan.FromMinutes(10), arguments);
        _output.WriteLine($"{step}: {stopwatch.Elapsed.TotalSeconds:F1} s, exit {result.ExitCode} (dotnet {string.Join(' ', arguments)})");
        return result;
    }

    /// <summary>
    /// Runs a build or publish with every warning an error (the projects set TreatWarningsAsErrors; -warnaserror also
    /// covers restore, trimming and native AOT warnings) and checks it succeeded with no warning at all.
    /// </summary>
    public async Task<string> BuildCleanAsync(string step, string relativeFolder, params string[] arguments)
    {
        var (exit, output) = await RunAsync(step, relativeFolder, null, [.. arguments, "--nologo", "--disable-build-servers", "-warnaserror"]);
        Assert.True(exit == 0, $"{step} failed (exit {exit}):\n{output}");
        AssertNoForbiddenDiagnostics(step, output);
        var warnings = WarningLine().Matches(output).Select(m => m.Value).ToList();
        Assert.True(warnings.Count == 0, $"{step} reported warnings:\n{string.Join('\n', warnings)}\n\n{output}");
        return output;
    }

    public static void AssertNoForbiddenDiagnostics(string step, string output)
    {
        foreach (var code in ForbiddenCodes)
        {
            Assert.False(output.Contains(code, StringComparison.Ordinal), $"{step} reported {code}:\n{output}");
        }
    }

    /// <summary>Runs a built app (framework-dependent, `dotnet app.dll`) and returns its output; it must exit 0.</summary>
    public async Task<string> RunAppAsync(string step, string relativeDll, IReadOnlyDictionary<string, string>? extraEnvironment = null)
    {
        var (exit, output) = await RunAsync(step, ".", extraEnvironment, PathOf(relativeDll));
        Assert.True(exit == 0, $"{step} failed (exit {exit}):\n{output}");
        return output;
    }

    /// <summary>The files a generator wrote for a project (EmitCompilerGeneratedFiles=true), by file name.</summary>
    public IReadOnlyList<string> GeneratedFiles(string relativeObjFolder)
    {
        var folder = PathOf(relativeObjFolder);
        return Directory.Exists(folder)
            ? Directory.GetFiles(folder, "*.cs", SearchOption.AllDirectories).Select(f => Path.GetFileName(f)).OrderBy(f => f, StringComparer.Ordinal).ToList()
            : [];
    }

    // "file(1,2): warning CS1234: ...", "App.csproj : warning NU1603: ...", "ILC : Trim analysis warning IL2026: ...".
    [GeneratedRegex(@"^.*\bwarning\s+[A-Z]{2,}[0-9]{3,}.*$", RegexOptions.Multiline)]
    private static partial Regex WarningLine();
}

/// <summary>Reads type definitions and <c>[assembly: IcwsGeneratedType(typeof(...))]</c> from an assembly without loading it.</summary>
internal static class AssemblyInspector
{
    /// <summary>Full names of the top-level types an assembly defines.</summary>
    public static IReadOnlyList<string> DefinedTypes(Stream assembly)
    {
        using var pe = new PEReader(assembly, PEStreamOptions.LeaveOpen);
        var metadata = pe.GetMetadataReader();
        return metadata.TypeDefinitions
            .Select(metadata.GetTypeDefinition)
            .Where(t => t.GetDeclaringType().IsNil)
            .Select(t => Join(metadata.GetString(t.Namespace), metadata.GetString(t.Name)))
            .Where(n => n != "<Module>")
            .ToList();
    }

    public static IReadOnlyList<string> DefinedTypes(string path)
    {
        using var stream = File.OpenRead(path);
        return DefinedTypes(stream);
    }

    /// <summary>The types an assembly lists with <c>[assembly: Icws.Metadata.IcwsGeneratedType(typeof(T))]</c>, by full name.</summary>
    public static IReadOnlyList<string> IcwsGeneratedTypes(Stream assembly)
    {
        using var pe = new PEReader(assembly, PEStreamOptions.LeaveOpen);
        var metadata = pe.GetMetadataReader();
        var listed = new List<string>();
        foreach (var handle in metadata.GetAssemblyDefinition().GetCustomAttributes())
        {
            var attribute = metadata.GetCustomAttribute(handle);
            if (AttributeTypeName(metadata, attribute) != "Icws.Metadata.IcwsGeneratedTypeAttribute")
            {
                continue;
            }

            var value = metadata.GetBlobReader(attribute.Value);
            Assert.Equal(1, value.ReadUInt16()); // prolog
            var typeName = value.ReadSerializedString() ?? string.Empty;
            listed.Add(typeName.Split(',')[0].Trim()); // typeof() of another assembly is assembly-qualified
        }

        return listed;
    }

    public static IReadOnlyList<string> IcwsGeneratedTypes(string path)
    {
        using var stream = File.OpenRead(path);
        return IcwsGeneratedTypes(stream);
    }

    private static string AttributeTypeName(MetadataReader metadata, CustomAttribute attribute)
    {
        switch (attribute.Constructor.Kind)
        {
            case HandleKind.MethodDefinition:
                var type = metadata.GetTypeDefinition(metadata.GetMethodDefinition((MethodDefinitionHandle)attribute.Constructor).GetDeclaringType());
                return Join(metadata.GetString(type.Namespace), metadata.GetString(type.Name));
            case HandleKind.MemberReference:
                var parent = metadata.GetMemberReference((MemberReferenceHandle)attribute.Constructor).Parent;
                if (parent.Kind == HandleKind.TypeReference)
                {
                    var reference = metadata.GetTypeReference((TypeReferenceHandle)parent);
                    return Join(metadata.GetString(reference.Namespace), metadata.GetString(reference.Name));
                }

                return string.Empty;
            default:
                return string.Empty;
        }
    }

    private static string Join(string ns, string name) => ns.Length == 0 ? name : ns + "." + name;
}
