namespace Icws.Generator.Model
{
    // The model the emitters print: what the binder made of all spec files, with every name, path piece, family and
    // watch pairing worked out, so that an emitter only writes text. Same caching contract as the spec model (plain,
    // value-equal records), and no locations at all: moving text in a spec file leaves this model equal and the
    // emitters cached.

    /// <summary>
    /// What one compilation generates. For the package's own build (<see cref="IsStandard"/>) that is the whole
    /// standard API in <c>Icws.Client</c>; for a consumer's build it is only what the project's own spec files add,
    /// in the project's namespace, referring to the standard API by its qualified names.
    /// </summary>
    internal sealed record ApiModel(
        bool IsStandard,
        string Namespace,
        EquatableArray<EnumModel> Enums,
        EquatableArray<ClassModel> Types,
        EquatableArray<MessageModel> Messages,
        EquatableArray<CatalogModel> Catalogs,
        EquatableArray<AreaApiModel> Areas)
    {
        public static readonly ApiModel Empty = new(false, GeneratedNames.StandardNamespace, EquatableArray<EnumModel>.Empty, EquatableArray<ClassModel>.Empty,
            EquatableArray<MessageModel>.Empty, EquatableArray<CatalogModel>.Empty, EquatableArray<AreaApiModel>.Empty);

        public bool IsEmpty => Enums.IsEmpty && Types.IsEmpty && Messages.IsEmpty && Catalogs.IsEmpty && Areas.IsEmpty;
    }

    /// <summary>
    /// A representation class. <see cref="Properties"/> are its own; <see cref="AllProperties"/> run from the root of its
    /// hierarchy down to it (what its reader fills in).
    /// </summary>
    internal sealed record ClassModel(
        string Name,
        string? Urn,
        string? BaseName,
        ClassKind Kind,
        FamilyModel? Family,
        bool HasChildren,
        bool HidesReadOwn,
        string? Description,
        string? Source,
        EquatableArray<PropertyModel> Properties,
        EquatableArray<PropertyModel> AllProperties);

    internal enum ClassKind
    {
        Sealed,
        Open,
        Abstract,
    }

    /// <summary>
    /// Where a class stands in its <c>__type</c> family. The root reads any member by <c>__type</c>
    /// (<see cref="Members"/>, in dispatch order) and falls back to <see cref="UnknownName"/>.
    /// </summary>
    internal sealed record FamilyModel(
        string RootName,
        bool IsRoot,
        bool RootReadsUntyped,
        string UnknownName,
        EquatableArray<FamilyMemberModel> Members,
        EquatableArray<PropertyModel> RootRequiredProperties);

    internal sealed record FamilyMemberModel(string Name, string Urn);

    /// <summary>A message class; <see cref="Feed"/> says how it updates a live watch.</summary>
    internal sealed record MessageModel(
        string Name,
        string Urn,
        string? Description,
        string? Source,
        EquatableArray<PropertyModel> Properties,
        BoundFeedModel? Feed,
        string? WatchArea = null);

    /// <summary>A watch feed with its properties looked up: C# names, and whether each may be null.</summary>
    internal sealed record BoundFeedModel(
        string Kind,
        FeedPropertyModel Key,
        FeedPropertyModel? Added,
        FeedPropertyModel? Changed,
        FeedPropertyModel? Removed,
        bool RemovesKey);

    internal sealed record FeedPropertyModel(string JsonName, string CSharpName, bool MayBeNull);

    /// <summary>
    /// Attribute name constants with their typed accessors. The standard catalog is <c>Attr</c> with the
    /// <c>InteractionAttributes</c> view; a project's spec file gets <c>{Name}Attr</c> with extension accessors in
    /// <c>{Name}AttributeAccessors</c>.
    /// </summary>
    internal sealed record CatalogModel(
        string ClassName,
        string AccessorsClassName,
        string? FileName,
        EquatableArray<BoundAttributeModel> Attributes);

    internal sealed record BoundAttributeModel(
        string Name,
        string ConstantName,
        string Accessor,
        string Kind,
        string? EnumName,
        EquatableArray<AttributeCodeModel> Codes,
        string? Description,
        bool IsCustom,
        string? Source);

    /// <summary>
    /// The endpoints of one client area. In a consumer's build an area the package already has
    /// (<see cref="ExtendsStandardArea"/>) gets extension methods on the package's area class; a new area gets a
    /// class of its own and an extension method on the client that returns it.
    /// </summary>
    internal sealed record AreaApiModel(
        string Name,
        string? Description,
        string ClassName,
        bool ExtendsStandardArea,
        EquatableArray<OperationModel> Operations);

    /// <summary>
    /// One generated method: an endpoint with its C# signature, path pieces and watch pairing decided.
    /// <see cref="WatchItems"/> is the C# name of the parameter that takes the list of watched items (from the spec's
    /// <c>watchItems</c>), null when the endpoint declares none. <see cref="RegistersMessagesOf"/>: the endpoint starts a
    /// watch of that area, whose messages are decoded once one of its watches is started, so it registers them first.
    /// </summary>
    internal sealed record OperationModel(
        string Area,
        string Name,
        string MethodName,
        string HttpMethod,
        string Path,
        string? Description,
        string? Source,
        EquatableArray<OperationParameterModel> Parameters,
        EquatableArray<PathPartModel> PathParts,
        BoundBodyModel? Body,
        BoundResponseModel? Response,
        EquatableArray<int> Success,
        EquatableArray<int> Errors,
        FeatureModel? Feature,
        bool ChecksFeature,
        bool IsSessionCall,
        bool Csrf,
        WatchModel? Watch,
        string? Unwatch,
        string? WatchItems = null,
        string? RegistersMessagesOf = null);

    internal enum ParameterLocation
    {
        Path,
        Query,
        Header,

        /// <summary>The whole request body as one parameter.</summary>
        Body,

        /// <summary>One property of a flattened body.</summary>
        BodyProperty,
    }

    /// <summary>A method parameter, in signature order (path, required, body, optional).</summary>
    internal sealed record OperationParameterModel(
        string CSharpName,
        string WireName,
        ParameterLocation Location,
        TypeRefModel Type,
        bool Required,
        bool Nullable,
        bool AttributeNames,
        string? Description,
        string? BodyPropertyName);

    /// <summary>A piece of the path after <c>/icws/</c> (or <c>/icws/{sessionId}/</c>): literal text or a parameter.</summary>
    internal sealed record PathPartModel(string? Literal, string? ParameterName, TypeRefModel? ParameterType);

    internal sealed record BoundBodyModel(TypeRefModel Type, bool Flatten);

    /// <summary>The response; with <see cref="UnwrapProperty"/> the method returns that one property of it.</summary>
    internal sealed record BoundResponseModel(TypeRefModel Type, PropertyModel? UnwrapProperty);

    /// <summary>A watch start: its kind, the parameter that keys it, and the method that stops it.</summary>
    internal sealed record WatchModel(string Kind, string KeyParameter, string UnwatchMethod);
}
