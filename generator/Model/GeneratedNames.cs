using System;
using System.Collections.Immutable;

namespace Icws.Generator.Model
{
    /// <summary>
    /// Every name the generator makes up itself, in one table that the binder and the emitters share: the emitters
    /// write these names, and the binder refuses (with a located diagnostic) any spec name that would collide with
    /// one of them. Locals and lambda parameters inside generated methods are not here: the emitters pick those so
    /// that they cannot collide with the method's parameters (see <c>Emitting.LocalNames</c>).
    /// </summary>
    internal static class GeneratedNames
    {
        /// <summary>Namespace of the standard API compiled into the package.</summary>
        public const string StandardNamespace = "Icws.Client";

        // Top-level types of the standard API.
        public const string AttrClass = "Attr";
        public const string AttributesView = "InteractionAttributes";
        public const string ClientClass = "IcwsClient";
        public const string MessagesClass = "IcwsMessages";
        public const string RegistrationClass = "IcwsClientRegistration";

        // Top-level types a project's extension adds to its own namespace.
        public const string ClientExtensionsClass = "IcwsClientExtensions";
        public const string ExtensionMessagesClass = "IcwsExtensionMessages";

        /// <summary>File holding the assembly-level metadata the analyzers read.</summary>
        public const string AssemblyMetadataHint = "IcwsAssemblyMetadata";

        /// <summary>The member of the client and of each area class that hands generated extensions the session.</summary>
        public const string TransportProperty = "Transport";

        /// <summary>Every generated method's last parameter.</summary>
        public const string CancellationTokenParameter = "cancellationToken";

        /// <summary>The parameter of a project's extension accessors.</summary>
        public const string AccessorReceiver = "attributes";

        /// <summary>The class nested in <c>InteractionAttributes</c> that collects values to write, with a typed setter per attribute.</summary>
        public const string AttributesBuilder = "Builder";

        /// <summary>The builder's setter of the attribute with this accessor (a method of the builder, or an extension method on it).</summary>
        public static string Setter(string accessor) => "Set" + accessor;

        /// <summary>The catalog's list of every name it holds.</summary>
        public const string CatalogAll = "All";

        public static string AreaClass(string area) => area + "Api";

        public static string AreaExtensionsClass(string area) => area + "ApiExtensions";

        public static string UnknownClass(string root) => "Unknown" + root;

        public static string CatalogClass(string baseName) => baseName + "Attr";

        public static string AccessorsClass(string baseName) => baseName + "AttributeAccessors";

        public static string Method(string endpoint) => endpoint + "Async";

        /// <summary>Members every class has (from <c>object</c>); no generated member may take these names.</summary>
        public static readonly ImmutableHashSet<string> ObjectMembers = ImmutableHashSet.Create(
            StringComparer.Ordinal, "Equals", "GetHashCode", "ToString", "GetType", "MemberwiseClone", "Finalize", "ReferenceEquals");

        /// <summary>Members of a generated representation class (and of an unknown family member).</summary>
        public static readonly ImmutableHashSet<string> TypeMembers = ObjectMembers.Union(new[]
        {
            "TypeUrn", "WriteTo", "WriteProperties", "ReadFrom", "ReadOwn", "Raw",
        });

        /// <summary>Members of a generated message class (<c>Icws.IcwsMessage</c> brings TypeUrn and IsDelta).</summary>
        public static readonly ImmutableHashSet<string> MessageMembers = TypeMembers.Union(new[] { "Urn", "IsDelta" });

        /// <summary>JSON names a message writes itself.</summary>
        public static readonly ImmutableHashSet<string> MessageJsonNames = ImmutableHashSet.Create(StringComparer.Ordinal, "__type", "isDelta");

        /// <summary>Members of <c>InteractionAttributes</c> besides the accessors (<c>Item</c> is the indexer, <c>_map</c> its field).</summary>
        public static readonly ImmutableHashSet<string> ViewMembers = ObjectMembers.Union(new[]
        {
            AttributesView, "Map", "Empty", "Contains", "Item", "Wrap", "_map", AttributesBuilder,
        });

        /// <summary>Members of a catalog class besides the constants.</summary>
        public static readonly ImmutableHashSet<string> CatalogMembers = ObjectMembers.Union(new[] { CatalogAll });

        /// <summary>
        /// Members of the client and of an area class besides the areas and endpoint methods (<c>_transport</c> is their
        /// field), and the class holding a project's area accessors, which may not have a member of its own name.
        /// </summary>
        public static readonly ImmutableHashSet<string> ClientMembers = ObjectMembers.Union(new[] { TransportProperty, "_transport", ClientClass, ClientExtensionsClass });

        /// <summary>Values a code enum gets besides the spec's codes (and <c>value__</c>, the field every enum has).</summary>
        public static readonly ImmutableHashSet<string> CodeEnumMembers = ImmutableHashSet.Create(StringComparer.Ordinal, "None", "Unrecognized", "value__");

        /// <summary>The field every enum has.</summary>
        public const string EnumValueField = "value__";

        /// <summary>Type names the standard API takes in <c>Icws.Client</c> besides the spec's own declarations.</summary>
        public static readonly ImmutableHashSet<string> StandardTypes = ImmutableHashSet.Create(
            StringComparer.Ordinal, AttrClass, AttributesView, ClientClass, MessagesClass, RegistrationClass);

        /// <summary>Type names a project's extension takes in its namespace besides the spec's own declarations.</summary>
        public static readonly ImmutableHashSet<string> ExtensionTypes = ImmutableHashSet.Create(
            StringComparer.Ordinal, ClientExtensionsClass, ExtensionMessagesClass);
    }
}
