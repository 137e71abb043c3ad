using System;
using System.ComponentModel;

// What the generated code tells the analyzers: which parameters take attribute names, which methods
// start watches, where the attribute catalog is. The analyzers read these, never method names, so that
// a custom spec (new endpoints, new attributes) is checked the same way as the default one.
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

    /// <summary>The parameter or property takes interaction attribute names (a select list or watch list).</summary>
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

        /// <summary>Feature id the endpoint needs (e.g. <c>interactions</c>), if the spec names one.</summary>
        public string? FeatureId { get; set; }

        /// <summary>Lowest version of <see cref="FeatureId"/> that has the endpoint.</summary>
        public int FeatureVersion { get; set; }
    }

    /// <summary>Marks the generated class whose constants are every known interaction attribute name.</summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false)]
    [EditorBrowsable(EditorBrowsableState.Never)]
    public sealed class IcwsAttributeCatalogAttribute : Attribute
    {
    }

    /// <summary>A typed accessor that reads the named interaction attribute.</summary>
    [AttributeUsage(AttributeTargets.Property, Inherited = false)]
    [EditorBrowsable(EditorBrowsableState.Never)]
    public sealed class IcwsAttributeAccessorAttribute : Attribute
    {
        /// <summary>Creates the attribute.</summary>
        public IcwsAttributeAccessorAttribute(string attributeName) => AttributeName = attributeName;

        /// <summary>The attribute read.</summary>
        public string AttributeName { get; }
    }
}
