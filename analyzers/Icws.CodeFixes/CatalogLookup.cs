using System.Linq;
using Microsoft.CodeAnalysis;

namespace Icws.CodeFixes
{
    /// <summary>Finds the generated attribute catalog (the class marked <c>[IcwsAttributeCatalog]</c>), for fixes that write <c>Attr.X</c>.</summary>
    internal static class CatalogLookup
    {
        public static INamedTypeSymbol? Find(Compilation compilation)
        {
            var attribute = compilation.GetTypeByMetadataName("Icws.Metadata.IcwsAttributeCatalogAttribute");
            if (attribute is null)
            {
                return null;
            }

            bool IsCatalog(INamedTypeSymbol type) => type.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, attribute));
            if (compilation.GetTypeByMetadataName("Icws.Client.Attr") is { } direct && IsCatalog(direct))
            {
                return direct;
            }

            return compilation.GetSymbolsWithName("Attr", SymbolFilter.Type).OfType<INamedTypeSymbol>().FirstOrDefault(IsCatalog);
        }
    }
}
