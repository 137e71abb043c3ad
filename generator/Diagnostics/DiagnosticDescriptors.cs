using System;
using Microsoft.CodeAnalysis;

namespace Icws.Generator.Diagnostics
{
    /// <summary>
    /// Spec errors. They are reported at the spec file's line and column; a spec error never stops the
    /// rest of the spec from generating where it can.
    /// </summary>
    internal static class DiagnosticDescriptors
    {
        private const string Category = "Icws.Spec";

        public static readonly DiagnosticDescriptor SpecSyntax = Create(
            DiagnosticIds.SpecSyntax, "Spec file is not valid JSON",
            "Spec file is not valid JSON: {0}", DiagnosticSeverity.Error);

        public static readonly DiagnosticDescriptor SpecStructure = Create(
            DiagnosticIds.SpecStructure, "Spec entry has the wrong shape",
            "{0}", DiagnosticSeverity.Error);

        public static readonly DiagnosticDescriptor SpecUnknownType = Create(
            DiagnosticIds.SpecUnknownType, "Unknown type in spec",
            "'{0}' is not a primitive (string, int, long, double, bool, dateTime, duration, guid, uri, attributeMap, stringMap, json) nor an enum or type declared in any spec file", DiagnosticSeverity.Error);

        public static readonly DiagnosticDescriptor SpecDuplicate = Create(
            DiagnosticIds.SpecDuplicate, "Duplicate name in spec",
            "{0} '{1}' is declared more than once; the later declaration is ignored", DiagnosticSeverity.Error);

        public static readonly DiagnosticDescriptor SpecReservedPrefix = Create(
            DiagnosticIds.SpecReservedPrefix, "Custom attribute uses the reserved Eic_ prefix",
            "Custom attribute '{0}' uses the prefix Eic_, which CIC reserves for system attributes; give custom attributes another name", DiagnosticSeverity.Error);

        public static readonly DiagnosticDescriptor SpecConflict = Create(
            DiagnosticIds.SpecConflict, "Custom spec conflicts with another spec file",
            "{0} '{1}' is already declared in {2}; the declaration here is ignored", DiagnosticSeverity.Error);

        public static readonly DiagnosticDescriptor SpecInvalidValue = Create(
            DiagnosticIds.SpecInvalidValue, "Invalid value in spec",
            "{0}", DiagnosticSeverity.Error);

        public static readonly DiagnosticDescriptor SpecVersion = Create(
            DiagnosticIds.SpecVersion, "Unsupported spec format version",
            "specVersion {0} is not supported; this generator reads specVersion 1", DiagnosticSeverity.Error);

        public static readonly DiagnosticDescriptor SpecDefaultFile = Create(
            DiagnosticIds.SpecDefaultFile, "Default spec missing or repeated",
            "{0}", DiagnosticSeverity.Warning);

        public static readonly DiagnosticDescriptor SpecUnknownMember = Create(
            DiagnosticIds.SpecUnknownMember, "Unknown property in spec",
            "'{0}' is not a property of {1} and is ignored", DiagnosticSeverity.Warning);

        public static readonly DiagnosticDescriptor GeneratorFailure = Create(
            DiagnosticIds.GeneratorFailure, "The ICWS generator failed",
            "The ICWS generator failed while {0}: {1}. Please report this with the spec file that caused it.", DiagnosticSeverity.Error);

        public static readonly DiagnosticDescriptor LanguageVersion = Create(
            DiagnosticIds.LanguageVersion, "C# 11 or later is needed",
            "The generated ICWS client needs C# 11 or later (it uses UTF-8 literals and required members); this project uses C# {0}", DiagnosticSeverity.Error);

        public static DiagnosticDescriptor ById(string id) => id switch
        {
            DiagnosticIds.SpecSyntax => SpecSyntax,
            DiagnosticIds.SpecStructure => SpecStructure,
            DiagnosticIds.SpecUnknownType => SpecUnknownType,
            DiagnosticIds.SpecDuplicate => SpecDuplicate,
            DiagnosticIds.SpecReservedPrefix => SpecReservedPrefix,
            DiagnosticIds.SpecConflict => SpecConflict,
            DiagnosticIds.SpecInvalidValue => SpecInvalidValue,
            DiagnosticIds.SpecVersion => SpecVersion,
            DiagnosticIds.SpecDefaultFile => SpecDefaultFile,
            DiagnosticIds.SpecUnknownMember => SpecUnknownMember,
            DiagnosticIds.GeneratorFailure => GeneratorFailure,
            DiagnosticIds.LanguageVersion => LanguageVersion,
            _ => throw new ArgumentOutOfRangeException(nameof(id), id, "Unknown diagnostic id"),
        };

        private static DiagnosticDescriptor Create(string id, string title, string message, DiagnosticSeverity severity)
            => new(id, title, message, Category, severity, isEnabledByDefault: true,
                helpLinkUri: DiagnosticIds.HelpLinkBase + id + ".md");
    }
}
