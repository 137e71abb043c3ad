namespace Icws
{
    /// <summary>
    /// The names of the runtime's metadata types (<c>runtime/Metadata/IcwsMetadataAttributes.cs</c>), in one place for the
    /// generator that writes them and the analyzers and code fixes that read them (this file is linked into each). The
    /// analyzers cannot reference the runtime; a test holds these strings to the runtime's types.
    /// </summary>
    internal static class MetadataNames
    {
        public const string Namespace = "Icws.Metadata";

        public const string AttributeNamesAttribute = Namespace + ".IcwsAttributeNamesAttribute";
        public const string EndpointAttribute = Namespace + ".IcwsEndpointAttribute";
        public const string PathParameterAttribute = Namespace + ".IcwsPathParameterAttribute";
        public const string QueryParameterAttribute = Namespace + ".IcwsQueryParameterAttribute";
        public const string AttributeCatalogAttribute = Namespace + ".IcwsAttributeCatalogAttribute";
        public const string AttributeAccessorAttribute = Namespace + ".IcwsAttributeAccessorAttribute";
        public const string GeneratedTypeAttribute = Namespace + ".IcwsGeneratedTypeAttribute";
        public const string WatchKind = Namespace + ".IcwsWatchKind";

        /// <summary>Named arguments of the endpoint attribute.</summary>
        public const string EndpointWatch = "Watch";
        public const string EndpointUnwatch = "Unwatch";

        /// <summary>The C# name of the method's parameter that takes the list of watched items (the spec's watchItems).</summary>
        public const string EndpointWatchItems = "WatchItems";

        /// <summary>Members of <see cref="WatchKind"/>; the analyzers map the numbers the attributes hold to these names through the enum's own metadata.</summary>
        public const string WatchKindInteraction = "Interaction";
        public const string WatchKindQueue = "Queue";

        /// <summary>The typed attribute view interface the runtime's watches hand out (<c>Icws.IAttributeView&lt;TSelf&gt;</c>).</summary>
        public const string AttributeViewInterface = "Icws.IAttributeView`1";

        /// <summary>The runtime assembly, which also holds the standard ICWS API compiled from the package's spec.</summary>
        public const string RuntimeAssembly = "Icws.Runtime";
    }
}
