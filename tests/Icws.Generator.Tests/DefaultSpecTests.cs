using System.Linq;
using Xunit;

namespace Icws.Generator.Tests;

public class DefaultSpecTests
{
    [Fact]
    public void DefaultSpec_GeneratesWithoutDiagnostics_AndCompilesWithWarningsAsErrors()
    {
        var result = GeneratorHarness.RunDefault();

        Assert.True(result.GeneratorDiagnostics.IsEmpty, string.Join("\n", result.GeneratorDiagnostics));
        Assert.True(result.CompileErrors.Count == 0, string.Join("\n", result.CompileErrors.Take(40)));
        Assert.Equal(
            new[] { "IcwsAttributes.g.cs", "IcwsClient.g.cs", "IcwsEnums.g.cs", "IcwsMessages.g.cs", "IcwsTypes.g.cs" },
            result.Files.Keys.OrderBy(k => k, System.StringComparer.Ordinal));
    }
}
