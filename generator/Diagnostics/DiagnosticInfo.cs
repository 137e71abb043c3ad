using System;
using System.Linq;
using Icws.Generator.Model;
using Microsoft.CodeAnalysis;

namespace Icws.Generator.Diagnostics
{
    /// <summary>A diagnostic as plain values (descriptor id, place, message arguments), safe to cache.</summary>
    internal sealed record DiagnosticInfo(string Id, LocationInfo? Location, EquatableArray<string> Arguments)
    {
        public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, LocationInfo? location, params string[] arguments)
            => new(descriptor.Id, location, new EquatableArray<string>(arguments));

        public Diagnostic ToDiagnostic()
        {
            var descriptor = DiagnosticDescriptors.ById(Id);
            return Diagnostic.Create(descriptor, Location?.ToLocation() ?? Microsoft.CodeAnalysis.Location.None, Arguments.Cast<object>().ToArray());
        }
    }
}
