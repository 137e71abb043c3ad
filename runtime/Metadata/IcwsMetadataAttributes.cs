using System;
using System.ComponentModel;

// What the generated code tells the analyzers: which parameters take attribute names, which methods call which
// endpoint (and with which wire names), where the attribute catalogs are. The analyzers read these, never method or
// parameter names, so that the package's standard API, a library's extensions and the project's own spec files are
// all checked the same way. The generator and the analyzers spell these names from one table
// (generator/Metadata/MetadataNames.cs); a test holds it to the types below.
namespace Icws.Metadata
{
    /// <summary>Kinds of watch an endpoint starts or stops.</summary>
    public enum IcwsWatchKind
    {
        /// <summary>Not a watch.</summary>
        None = 0,

        /// <summary>A watch of one interaction (messaging/subscriptions/interactions/{interactionId}).</summary>
        Interaction = 1,

        /// <summary>A watch of whole queues (messaging/subscriptions/queues/{subscriptionId}).</summary>
        Queue = 2,
    }

    /// <summary>
    /// The parameter or property takes interaction attribute names: a name, a list of names (a select list or watch
    /// list), or (name, value) tuples whose first element is the name (attribute values to write).
    /// </summary>
    [AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property, Inherited = false)]
    [EditorBrowsable(EditorBrowsableState.Never)]
    public sealed class IcwsAttributeNamesAttribute : Attribute
    {
    }

    /// <summary>The ICWS endpoint a generated method calls.</summary>
    [AttributeUsage(AttributeTargets.Method, Inherited = false)]
    [EditorBrowsable(EditorBrowsableState.Never)]
    public sealed class IcwsEndpointAttribute : Attribute
    {
        /// <summary>Creates the attribute.</summary>
        /// <param name="method">HTTP method.</param>
        /// <param name="path">Path template.</param>
        public IcwsEndpointAttribute(string method, string path)
        {
            Method = method;
            Path = path;
        }

        /// <summary>HTTP method.</summary>
        public string Method { get; }

        /// <summary>Path template, e.g. <c>/icws/{sessionId}/interactions/{interactionId}/hold</c>.</summary>
        public string Path { get; }

        /// <summary>The watch this endpoint starts, if any.</summary>
        public IcwsWatchKind Watch { get; set; }

        /// <summary>The watch this endpoint stops, if any.</summary>
        public IcwsWatchKind Unwatch { get; set; }

        /// <summary>
        /// The name of this method's parameter that takes the list of items the endpoint watches (queue ids, licence
        /// names, user ids): one call with every item watches them all. Null when the endpoint declares none.
        /// </summary>
        public string? WatchItems { get; set; }

        /// <summary>Feature id the endpoint needs (e.g. <c>interactions</c>), if the spec names one.</summary>
        public string? FeatureId { get; set; }

        /// <summary>Lowest version of <see cref="FeatureId"/> that has the endpoint.</summary>
        public int FeatureVersion { get; set; }
    }

    /// <summary>The parameter fills the path placeholder of this name (its C# name may differ).</summary>
    [AttributeUsage(AttributeTargets.Parameter, Inherited = false)]
    [EditorBrowsable(EditorBrowsableState.Never)]
    public sealed class IcwsPathParameterAttribute : Attribute
    {
        /// <summary>Creates the attribute.</summary>
        /// <param name="name">The placeholder's name, e.g. <c>interactionId</c> for <c>{interactionId}</c>.</param>
        public IcwsPathParameterAttribute(string name) => Name = name;

        /// <summary>The placeholder's name.</summary>
        public string Name { get; }
    }

    /// <summary>The parameter is sent as the query parameter of this name (its C# name may differ).</summary>
    [AttributeUsage(AttributeTargets.Parameter, Inherited = false)]
    [EditorBrowsable(EditorBrowsableState.Never)]
    public sealed class IcwsQueryParameterAttribute : Attribute
    {
        /// <summary>Creates the attribute.</summary>
        /// <param name="name">The query parameter's name, e.g. <c>select</c>.</param>
        public IcwsQueryParameterAttribute(string name) => Name = name;

        /// <summary>The query parameter's name.</summary>
        public string Name { get; }
    }

    /// <summary>Marks a generated class whose constants are known interaction attribute names.</summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false)]
    [EditorBrowsable(EditorBrowsableState.Never)]
    public sealed class IcwsAttributeCatalogAttribute : Attribute
    {
    }

    /// <summary>A typed accessor (a property, or an extension method for a project's own attributes) that reads the named interaction attribute.</summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Method, Inherited = false)]
    [EditorBrowsable(EditorBrowsableState.Never)]
    public sealed class IcwsAttributeAccessorAttribute : Attribute
    {
        /// <summary>Creates the attribute.</summary>
        /// <param name="attributeName">The attribute read.</param>
        public IcwsAttributeAccessorAttribute(string attributeName) => AttributeName = attributeName;

        /// <summary>The attribute read.</summary>
        public string AttributeName { get; }
    }

    /// <summary>
    /// Names a type the ICWS generator emitted into this assembly and that the analyzers read: an attribute catalog,
    /// a typed attribute view or accessor class, a client or client-extension class. The analyzers find the ICWS
    /// knowledge of a compilation and of its references from these assembly attributes alone, without scanning types.
    /// </summary>
    [AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true, Inherited = false)]
    [EditorBrowsable(EditorBrowsableState.Never)]
    public sealed class IcwsGeneratedTypeAttribute : Attribute
    {
        /// <summary>Creates the attribute.</summary>
        /// <param name="type">The generated type.</param>
        public IcwsGeneratedTypeAttribute(Type type) => Type = type;

        /// <summary>The generated type.</summary>
        public Type Type { get; }
    }
}
