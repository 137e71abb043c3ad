using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Icws.Generator.Diagnostics
{
    /// <summary>
    /// Spec errors. They are reported at the spec file's line and column; a spec error never stops the rest of the
    /// spec from generating where it can: the declaration concerned is left out, and what depends on it says so.
    /// Each descriptor's message names the values involved and, where there is one, what to write instead.
    /// </summary>
    internal static class DiagnosticDescriptors
    {
        private const string Category = "Icws.Spec";

        private static readonly Dictionary<string, DiagnosticDescriptor> All = new(StringComparer.Ordinal);

        public static readonly DiagnosticDescriptor SpecSyntax = Error(
            DiagnosticIds.SpecSyntax, "Spec file is not valid JSON",
            "Spec file is not valid JSON: {0}");

        // {0} what ("\"name\" of an area", "Each enum value"), {1} the JSON kind expected, {2} the kind found
        public static readonly DiagnosticDescriptor SpecWrongShape = Error(
            DiagnosticIds.SpecWrongShape, "Spec entry has the wrong JSON type",
            "{0} must be {1}, found {2}");

        public static readonly DiagnosticDescriptor SpecUnknownType = Error(
            DiagnosticIds.SpecUnknownType, "Unknown type in spec",
            "'{0}' is not a primitive (string, int, long, double, bool, dateTime, duration, guid, uri, attributeMap, stringMap, json) nor an enum or type declared in any spec file");

        public static readonly DiagnosticDescriptor SpecDuplicate = Error(
            DiagnosticIds.SpecDuplicate, "Duplicate name in spec",
            "{0} '{1}' is declared more than once; the later declaration is ignored");

        public static readonly DiagnosticDescriptor SpecReservedPrefix = Error(
            DiagnosticIds.SpecReservedPrefix, "Custom attribute uses the reserved Eic_ prefix",
            "Custom attribute '{0}' uses the prefix Eic_, which CIC reserves for system attributes; give custom attributes another name");

        // {2}: a file name, or "the package's standard API"
        public static readonly DiagnosticDescriptor SpecConflict = Error(
            DiagnosticIds.SpecConflict, "Spec declaration conflicts with another spec file",
            "{0} '{1}' is already declared in {2}; the declaration here is ignored");

        // {0} the field, {1} the allowed values, {2} the value found
        public static readonly DiagnosticDescriptor SpecNotOneOf = Error(
            DiagnosticIds.SpecNotOneOf, "Spec value is not one of the allowed values",
            "{0} must be one of: {1}; found '{2}'");

        public static readonly DiagnosticDescriptor SpecVersion = Error(
            DiagnosticIds.SpecVersion, "Unsupported spec format version",
            "specVersion {0} is not supported; this generator reads specVersion 1");

        public static readonly DiagnosticDescriptor SpecStandardFileInProject = Create(
            DiagnosticIds.SpecStandardFileInProject, "The standard spec is compiled into the package",
            "{0} is ignored: the standard ICWS API is compiled into the Icws.Generated package, and a project generates only what its own *.icws.json files add; remove this AdditionalFiles item",
            DiagnosticSeverity.Warning);

        public static readonly DiagnosticDescriptor SpecUnknownMember = Create(
            DiagnosticIds.SpecUnknownMember, "Unknown property in spec",
            "'{0}' is not a property of {1} and is ignored", DiagnosticSeverity.Warning);

        public static readonly DiagnosticDescriptor GeneratorFailure = Error(
            DiagnosticIds.GeneratorFailure, "The ICWS generator failed",
            "The ICWS generator failed while {0}: {1}. Please report this with the spec file that caused it.");

        public static readonly DiagnosticDescriptor LanguageVersion = Error(
            DiagnosticIds.LanguageVersion, "C# 11 or later is needed",
            "The code generated from this project's ICWS spec files needs C# 11 or later (it uses UTF-8 literals and required members); this project uses C# {0}");

        // {0} what ("An endpoint", "Attribute 'Acme_Tier' of kind code"), {1} the field
        public static readonly DiagnosticDescriptor SpecMissingField = Error(
            DiagnosticIds.SpecMissingField, "Spec entry lacks a required field",
            "{0} needs \"{1}\"");

        public static readonly DiagnosticDescriptor SpecInvalidIdentifier = Error(
            DiagnosticIds.SpecInvalidIdentifier, "Spec name is not a valid C# identifier",
            "'{0}' is not a valid C# identifier (letters, digits and _, not starting with a digit, not a C# keyword)");

        // {0} what ("Property"), {1} its spec name, {2} the field that sets the C# name
        public static readonly DiagnosticDescriptor SpecNoCSharpName = Error(
            DiagnosticIds.SpecNoCSharpName, "Spec name gives no usable C# name",
            "{0} '{1}' has no usable C# name; give it a \"{2}\"");

        // {0} what, {1} its spec name, {2} the C# name it would get, {3} who already uses that name, {4} the remedy
        public static readonly DiagnosticDescriptor SpecReservedName = Error(
            DiagnosticIds.SpecReservedName, "Spec name collides with a generated name",
            "{0} '{1}' would be generated as '{2}', which {3} already uses; {4}");

        // {0} what, {1} the value, {2} the range
        public static readonly DiagnosticDescriptor SpecOutOfRange = Error(
            DiagnosticIds.SpecOutOfRange, "Spec value out of range",
            "{0} '{1}' is out of range: it must be {2}");

        public static readonly DiagnosticDescriptor SpecPlaceholderWithoutParameter = Error(
            DiagnosticIds.SpecPlaceholderWithoutParameter, "Path placeholder without a path parameter",
            "The path of endpoint {0} has {{{1}}} but no path parameter named '{1}'");

        public static readonly DiagnosticDescriptor SpecParameterWithoutPlaceholder = Error(
            DiagnosticIds.SpecParameterWithoutPlaceholder, "Path parameter without a placeholder in the path",
            "Path parameter '{1}' of endpoint {0} does not appear in its path as {{{1}}}");

        // {0} the path, {1} the rule it breaks
        public static readonly DiagnosticDescriptor SpecInvalidPath = Error(
            DiagnosticIds.SpecInvalidPath, "Endpoint path is not usable",
            "Path '{0}' {1}");

        // {0} the endpoint, {1} the parameter, {2} path / query / header, {3} what it must be, {4} its type
        public static readonly DiagnosticDescriptor SpecParameterType = Error(
            DiagnosticIds.SpecParameterType, "Parameter type cannot travel in the URL or a header",
            "The {2} parameter '{1}' of endpoint {0} must be {3}, not {4}");

        public static readonly DiagnosticDescriptor SpecInheritanceCycle = Error(
            DiagnosticIds.SpecInheritanceCycle, "Type inherits from itself",
            "Type '{0}' inherits from itself through '{1}'");

        public static readonly DiagnosticDescriptor SpecAbstractWithoutFamily = Error(
            DiagnosticIds.SpecAbstractWithoutFamily, "Abstract type outside any __type family",
            "Type '{0}' is \"abstract\" but belongs to no __type family (no \"polymorphic\" type among itself and its bases), so no value could be read as it; drop \"abstract\" or give it a polymorphic base");

        public static readonly DiagnosticDescriptor SpecNestedFamily = Create(
            DiagnosticIds.SpecNestedFamily, "__type family inside another",
            "Type '{0}' is marked \"polymorphic\" but already belongs to the __type family of '{1}'; only the family's root is polymorphic, so this \"polymorphic\" is ignored",
            DiagnosticSeverity.Warning);

        public static readonly DiagnosticDescriptor SpecFamilyMemberWithoutUrn = Error(
            DiagnosticIds.SpecFamilyMemberWithoutUrn, "__type family member without a urn",
            "Type '{0}' belongs to the __type family of '{1}' and needs a \"urn\" (its __type value), or \"abstract\": true");

        // {0} what is left out, {1} its name, {2} the declaration it depends on
        public static readonly DiagnosticDescriptor SpecLeftOut = Error(
            DiagnosticIds.SpecLeftOut, "Declaration left out because what it depends on is",
            "{0} '{1}' is left out because '{2}', which it depends on, is left out for the error reported there");

        public static readonly DiagnosticDescriptor SpecMessageAsType = Error(
            DiagnosticIds.SpecMessageAsType, "Message used as a type",
            "'{0}' is a message; messages arrive through the message pump and cannot be used as a property, body or response type");

        // {0} the message, {1} the JSON name the feed gives, {2} what it must hold
        public static readonly DiagnosticDescriptor SpecFeedProperty = Error(
            DiagnosticIds.SpecFeedProperty, "Watch feed names an unsuitable property",
            "The watch feed of '{0}' names '{1}', which must be a property of it holding {2}");

        public static readonly DiagnosticDescriptor SpecInteractionFeedShape = Error(
            DiagnosticIds.SpecInteractionFeedShape, "Interaction watch feed with queue fields",
            "The interaction watch feed of '{0}' takes \"changed\" (an attributeMap property) and \"removed\": true only, not \"added\" or a removed list");

        public static readonly DiagnosticDescriptor SpecBodyNotAllowed = Error(
            DiagnosticIds.SpecBodyNotAllowed, "GET or DELETE endpoint with a body",
            "{0} endpoint {1} cannot have a body");

        public static readonly DiagnosticDescriptor SpecResponsePropertyUnknown = Error(
            DiagnosticIds.SpecResponsePropertyUnknown, "responseProperty is not a property of the response",
            "responseProperty '{0}' of endpoint {1} must name a property of its response type '{2}'");

        // {0} the watchItems value, {1} the endpoint, {2} the names it may take (or "none")
        public static readonly DiagnosticDescriptor SpecWatchItemsUnknown = Error(
            DiagnosticIds.SpecWatchItemsUnknown, "watchItems names no list parameter of the endpoint",
            "watchItems '{0}' of endpoint {1} must name, by its spec name, a list-typed query parameter or flattened body property of the endpoint; its list parameters are: {2}");

        // {0} the endpoint, {1} "watch" or "unwatch", {2} PUT or DELETE, {3} the endpoint's method
        public static readonly DiagnosticDescriptor SpecWatchMethod = Error(
            DiagnosticIds.SpecWatchMethod, "Watch marker on the wrong HTTP method",
            "Endpoint {0} is marked \"{1}\", which only a {2} can be; it is a {3}");

        public static readonly DiagnosticDescriptor SpecFlattenNotAllowed = Error(
            DiagnosticIds.SpecFlattenNotAllowed, "Body cannot be flattened",
            "The body of endpoint {0} can only be flattened when it is a single type with no base and outside any __type family; '{1}' is not");

        public static readonly DiagnosticDescriptor SpecWatchWithoutUnwatch = Error(
            DiagnosticIds.SpecWatchWithoutUnwatch, "Watch without its unwatch",
            "Watch endpoint {0} has no matching unwatch: a DELETE endpoint in area {1} with the path '{2}', marked \"unwatch\": \"{3}\", taking the watch's key as its only parameter and no body");

        public static readonly DiagnosticDescriptor SpecExtendsStandard = Error(
            DiagnosticIds.SpecExtendsStandard, "Custom type derives from a standard type",
            "Type '{0}' cannot derive from '{1}': the standard API and its __type families are compiled into the Icws.Generated package; declare a base of your own");

        // {0} what, {1} the field, {2} why
        public static readonly DiagnosticDescriptor SpecFieldNotAllowed = Create(
            DiagnosticIds.SpecFieldNotAllowed, "Spec field does not apply here",
            "{0} does not take \"{1}\" ({2}); it is ignored", DiagnosticSeverity.Warning);

        public static readonly DiagnosticDescriptor SpecInvalidAttributeName = Error(
            DiagnosticIds.SpecInvalidAttributeName, "Attribute name is not usable",
            "Attribute name '{0}' is not usable: it must be non-empty, without commas and without leading or trailing spaces");

        public static DiagnosticDescriptor ById(string id)
            => All.TryGetValue(id, out var descriptor) ? descriptor : throw new ArgumentOutOfRangeException(nameof(id), id, "Unknown diagnostic id");

        private static DiagnosticDescriptor Error(string id, string title, string message) => Create(id, title, message, DiagnosticSeverity.Error);

        private static DiagnosticDescriptor Create(string id, string title, string message, DiagnosticSeverity severity)
        {
            var descriptor = new DiagnosticDescriptor(id, title, message, Category, severity, isEnabledByDefault: true, helpLinkUri: DiagnosticIds.HelpLinkBase + id + ".md");
            All.Add(id, descriptor);
            return descriptor;
        }
    }
}
