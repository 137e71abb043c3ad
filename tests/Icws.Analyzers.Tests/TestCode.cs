namespace Icws.Analyzers.Tests;

/// <summary>Wraps a method body in a class that has the usings and parameters ICWS code has.</summary>
internal static class TestCode
{
    public const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Net.Http;
        using System.Net.Http.Json;
        using System.Threading;
        using System.Threading.Tasks;
        using Icws;
        using Icws.Client;

        """;

    /// <summary>A class with one async method <c>Run(IcwsClient icws, HttpClient http, string id, IReadOnlyList&lt;string&gt; ids, string dynamicName, CancellationToken ct)</c>.</summary>
    public static string InMethod(string body, string members = "")
        => Usings + $$"""
        public sealed class Sample
        {
        {{members}}
            public async Task Run(IcwsClient icws, HttpClient http, string id, IReadOnlyList<string> ids, string dynamicName, CancellationToken ct)
            {
        {{body}}
            }
        }
        """;
}
