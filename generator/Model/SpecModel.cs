using Icws.Generator.Diagnostics;

namespace Icws.Generator.Model
{
    // The spec as read: one SpecFileModel per file, holding declarations with their places in the file. These are
    // immutable, value-equal records of strings, numbers, bools and equatable arrays.
    // Caching contract: nothing here may hold a Roslyn symbol, syntax node, Location, Compilation or
    // AdditionalText, or the incremental cache would keep compilations alive and never compare equal.
    // The reader fills in LocationInfo (plain values) so that the binder can point at the spec; the binder
    // turns these declarations into the ready-to-emit ApiModel, which holds no locations at all, so that moving
    // text around in a spec file does not re-run the emitters.

    /// <summary>
    /// One spec file as read, before merging: its declarations and its own diagnostics. <see cref="ContentHash"/> tells
    /// one file given under two spellings of its path (Windows) from two files whose names differ only in case (Linux).
    /// </summary>
    internal sealed record SpecFileModel(
        string Path,
        string ContentHash,
        bool IsStandard,
        string? Name,
        LocationInfo? NameLocation,
        EquatableArray<AreaModel> Areas,
        EquatableArray<EnumModel> Enums,
        EquatableArray<TypeModel> Types,
        EquatableArray<EndpointModel> Endpoints,
        EquatableArray<AttributeModel> Attributes,
        EquatableArray<DiagnosticInfo> Diagnostics);

    /// <param name="MessagesOnWatch">The area's messages are decoded once one of its watches is started (standard spec only):
    /// an app that never watches the area does not keep their types when trimmed.</param>
    internal sealed record AreaModel(string Name, string? Description, bool MessagesOnWatch = false);

    internal sealed record EnumModel(
        string Name,
        string? Urn,
        string? Description,
        bool Flags,
        EquatableArray<EnumValueModel> Values,
        string? Source,
        LocationInfo? Location);

    internal sealed record EnumValueModel(string Name, long Value, string? Description, LocationInfo? Location = null);

    /// <summary>Where a type reference resolved to.</summary>
    internal enum TypeRefKind
    {
        Unresolved,
        Primitive,
        Enum,
        Object,
    }

    /// <summary>
    /// A type as written in the spec ("QueueId[]"), and what it resolved to: its kind and, for an enum or a type,
    /// the namespace it is generated in (the package's standard API, or the project's own).
    /// </summary>
    internal sealed record TypeRefModel(string Name, bool IsList, TypeRefKind Kind, LocationInfo? Location, string? Namespace = null)
    {
        /// <summary>The fully qualified C# name of a resolved enum or type.</summary>
        public string Qualified => "global::" + Namespace + "." + Name;

        public string Display => IsList ? Name + "[]" : Name;
    }

    internal sealed record FeatureModel(string Id, int Version);

    internal sealed record PropertyModel(
        string JsonName,
        string CSharpName,
        TypeRefModel Type,
        bool Required,
        bool Nullable,
        bool AttributeNames,
        bool Sensitive,
        string? Description,
        FeatureModel? Feature,
        LocationInfo? Location);

    /// <summary>A representation (request or response body) or, with IsMessage, a message type.</summary>
    internal sealed record TypeModel(
        string Name,
        string? Urn,
        string? BaseName,
        bool Polymorphic,
        bool Abstract,
        bool IsMessage,
        string? Description,
        EquatableArray<PropertyModel> Properties,
        FeedModel? Feed,
        string? Source,
        LocationInfo? Location);

    /// <summary>How a message updates a live watch (see the schema's watchFeed).</summary>
    internal sealed record FeedModel(string Kind, string Key, string? Added, string? Changed, string? Removed, bool RemovesKey);

    internal sealed record ParameterModel(
        string Name,
        string CSharpName,
        string In,
        TypeRefModel Type,
        bool Required,
        bool AttributeNames,
        string? Description,
        LocationInfo? Location = null);

    internal sealed record BodyModel(TypeRefModel Type, bool Flatten);

    /// <summary>
    /// An endpoint as read. <see cref="WatchItems"/> is the spec's <c>watchItems</c>: the wire name of the list
    /// parameter or flattened body property that carries the watched items (<c>queueIds</c>), checked by the binder.
    /// </summary>
    internal sealed record EndpointModel(
        string Area,
        string Name,
        string Method,
        string Path,
        string? Description,
        EquatableArray<ParameterModel> Parameters,
        BodyModel? Body,
        TypeRefModel? Response,
        string? ResponseProperty,
        EquatableArray<int> Success,
        EquatableArray<int> Errors,
        FeatureModel? Feature,
        bool Csrf,
        string? Watch,
        string? Unwatch,
        string? Runtime,
        string? Source,
        LocationInfo? Location,
        string? WatchItems = null,
        LocationInfo? WatchItemsLocation = null)
    {
        /// <summary>Session calls carry {sessionId}; the session fills it in.</summary>
        public bool IsSessionCall => Path.StartsWith("/icws/{sessionId}", System.StringComparison.Ordinal);
    }

    /// <summary>An interaction attribute and how its string value is typed.</summary>
    internal sealed record AttributeModel(
        string Name,
        string Accessor,
        string Kind,
        string? EnumName,
        EquatableArray<AttributeCodeModel> Codes,
        string? Description,
        bool IsCustom,
        string? Source,
        LocationInfo? Location);

    /// <summary>A letter of a code attribute, or a bit of a flags attribute.</summary>
    internal sealed record AttributeCodeModel(string Name, long Value, string Text, string? Description, LocationInfo? Location = null);

    /// <summary>Attribute kinds, as in the schema.</summary>
    internal static class AttributeKinds
    {
        public const string String = "string";
        public const string Integer = "integer";
        public const string Boolean = "boolean";
        public const string Code = "code";
        public const string Flags = "flags";
        public const string Timestamp = "timestamp";
        public const string Duration = "duration";

        public static bool IsKnown(string kind)
            => kind is String or Integer or Boolean or Code or Flags or Timestamp or Duration;
    }

    /// <summary>Primitive type names of the spec.</summary>
    internal static class Primitives
    {
        public const string String = "string";
        public const string Int = "int";
        public const string Long = "long";
        public const string Double = "double";
        public const string Bool = "bool";
        public const string DateTime = "dateTime";
        public const string Duration = "duration";
        public const string Guid = "guid";
        public const string Uri = "uri";
        public const string AttributeMap = "attributeMap";
        public const string StringMap = "stringMap";
        public const string Json = "json";

        public static bool IsPrimitive(string name)
            => name is String or Int or Long or Double or Bool or DateTime or Duration or Guid or Uri or AttributeMap or StringMap or Json;
    }
}
