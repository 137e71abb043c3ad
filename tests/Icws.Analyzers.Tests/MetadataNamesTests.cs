using Icws.Metadata;
using Xunit;

namespace Icws.Analyzers.Tests;

/// <summary>The names the analyzers look for (generator/Metadata/MetadataNames.cs, linked into them) are those of the runtime's metadata types.</summary>
public sealed class MetadataNamesTests
{
    [Fact]
    public void Names_match_the_runtime_types()
    {
        Assert.Equal(MetadataNames.AttributeNamesAttribute, typeof(IcwsAttributeNamesAttribute).FullName);
        Assert.Equal(MetadataNames.EndpointAttribute, typeof(IcwsEndpointAttribute).FullName);
        Assert.Equal(MetadataNames.PathParameterAttribute, typeof(IcwsPathParameterAttribute).FullName);
        Assert.Equal(MetadataNames.QueryParameterAttribute, typeof(IcwsQueryParameterAttribute).FullName);
        Assert.Equal(MetadataNames.AttributeCatalogAttribute, typeof(IcwsAttributeCatalogAttribute).FullName);
        Assert.Equal(MetadataNames.AttributeAccessorAttribute, typeof(IcwsAttributeAccessorAttribute).FullName);
        Assert.Equal(MetadataNames.GeneratedTypeAttribute, typeof(IcwsGeneratedTypeAttribute).FullName);
        Assert.Equal(MetadataNames.WatchKind, typeof(IcwsWatchKind).FullName);
        Assert.Equal(MetadataNames.EndpointWatch, nameof(IcwsEndpointAttribute.Watch));
        Assert.Equal(MetadataNames.EndpointUnwatch, nameof(IcwsEndpointAttribute.Unwatch));
        Assert.Equal(MetadataNames.EndpointWatchItems, nameof(IcwsEndpointAttribute.WatchItems));
        Assert.Equal(MetadataNames.WatchKindInteraction, nameof(IcwsWatchKind.Interaction));
        Assert.Equal(MetadataNames.WatchKindQueue, nameof(IcwsWatchKind.Queue));
        Assert.Equal(MetadataNames.AttributeViewInterface, typeof(IAttributeView<>).FullName);
        Assert.Equal(MetadataNames.RuntimeAssembly, typeof(IcwsWatchKind).Assembly.GetName().Name);
    }
}
