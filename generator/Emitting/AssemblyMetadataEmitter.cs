using System.Collections.Generic;
using System.Linq;
using Icws.Generator.Model;

namespace Icws.Generator.Emitting
{
    /// <summary>
    /// Emits the assembly attributes that tell the analyzers where this assembly's ICWS knowledge is: its attribute
    /// catalogs, typed accessors and client classes. The analyzers read them from the compilation and from every
    /// reference, so a library's own attributes and endpoints are known in the apps that use it.
    /// </summary>
    internal static class AssemblyMetadataEmitter
    {
        // [assembly: global::Icws.Metadata.IcwsGeneratedType(typeof(global::Contoso.Routing.RoutingAttr))]
        public static GeneratedFile Emit(ApiModel model)
        {
            var types = new List<string>();
            foreach (var catalog in model.Catalogs)
            {
                types.Add(catalog.ClassName);
                types.Add(catalog.AccessorsClassName);
            }

            if (model.IsStandard && !model.Areas.IsEmpty)
            {
                types.Add(GeneratedNames.ClientClass);
            }
            else
            {
                types.AddRange(model.Areas.Select(a => a.ExtendsStandardArea ? GeneratedNames.AreaExtensionsClass(a.Name) : a.ClassName));
            }

            var w = new SourceWriter();
            w.Lines(model.IsStandard ? Names.StandardHeader : Names.ExtensionHeader);
            w.Line();
            foreach (var type in types.Distinct())
            {
                w.Line($"[assembly: {Names.IcwsGeneratedTypeAttribute}(typeof({Emitter.Qualified(model, type)}))]");
            }

            return new GeneratedFile(GeneratedNames.AssemblyMetadataHint, w.ToString());
        }
    }
}
