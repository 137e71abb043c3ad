using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Icws.Generator.Diagnostics;
using Icws.Generator.Model;
using Icws.Generator.Parsing;

namespace Icws.Generator.Binding
{
    internal sealed partial class SpecBinder
    {
        /// <summary>
        /// Where a file's attributes go. The standard files (and, in the package's own build, every file) share
        /// <c>Attr</c> and <c>InteractionAttributes</c>; in a consumer's build each spec file with attributes gets
        /// <c>{Name}Attr</c> and <c>{Name}AttributeAccessors</c>, {Name} from its "name" or its file name.
        /// </summary>
        private sealed record CatalogPlan(string FileName, string ClassName, string AccessorsClassName, bool Emitted, bool IsStandard, HashSet<string> Paths);

        private List<CatalogPlan> PlanCatalogs(List<SpecFileModel> files)
        {
            var standard = new CatalogPlan("the standard spec", GeneratedNames.AttrClass, GeneratedNames.AttributesView, _options.Standard, true, new HashSet<string>(StringComparer.Ordinal));
            var plans = new List<CatalogPlan> { standard };
            foreach (var file in files)
            {
                if (file.IsStandard || _options.Standard)
                {
                    standard.Paths.Add(file.Path);
                    continue;
                }

                if (file.Attributes.IsEmpty)
                {
                    continue;
                }

                var fileName = Path.GetFileName(file.Path);
                var baseName = file.Name ?? Identifiers.ToPascalCase(fileName.Substring(0, Math.Max(0, fileName.Length - SpecFileReader.CustomSpecSuffix.Length)));
                var location = file.NameLocation ?? new LocationInfo(file.Path, default, default);
                if (!Identifiers.IsValid(baseName))
                {
                    Report(DiagnosticDescriptors.SpecNoCSharpName, location, "Spec file", fileName, "name");
                    continue;
                }

                var plan = new CatalogPlan(fileName, GeneratedNames.CatalogClass(baseName), GeneratedNames.AccessorsClass(baseName), true, false, new HashSet<string>(StringComparer.Ordinal) { file.Path });
                var taken = plans.FirstOrDefault(p => p.ClassName == plan.ClassName || p.AccessorsClassName == plan.AccessorsClassName
                    || p.ClassName == plan.AccessorsClassName || p.AccessorsClassName == plan.ClassName);
                if (taken is not null)
                {
                    Report(DiagnosticDescriptors.SpecReservedName, location, "Spec file", fileName, plan.ClassName, $"the attribute catalog of {taken.FileName}", "give one of the files a \"name\"");
                    continue;
                }

                plans.Add(plan);
            }

            return plans;
        }

        /// <summary>The attributes of each catalog, checked: names, accessors, constants and code enums.</summary>
        private Dictionary<CatalogPlan, List<AttributeModel>> BindAttributes(List<SpecFileModel> files, List<CatalogPlan> catalogs)
        {
            var result = catalogs.ToDictionary(c => c, _ => new List<AttributeModel>());
            var byName = new Dictionary<string, (AttributeModel Attribute, string File)>(StringComparer.OrdinalIgnoreCase);

            // Accessors: the standard ones are properties of InteractionAttributes; a project's are extension methods on
            // it, so they must differ from every member of that struct (its nested Builder too) and from each other within
            // the project. Their setters (Set{accessor}) are methods of, or extension methods on, InteractionAttributes.Builder:
            // one with the name of an accessor is an overload on another receiver, so it takes nothing from the readers.
            var accessors = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var member in GeneratedNames.ViewMembers)
            {
                accessors[member] = "InteractionAttributes";
            }

            foreach (var file in files)
            {
                var catalog = catalogs.FirstOrDefault(c => c.Paths.Contains(file.Path));
                if (catalog is null)
                {
                    continue;
                }

                var constants = new HashSet<string>(result[catalog].Select(a => Identifiers.ConstantFromAttributeName(a.Name)), StringComparer.Ordinal);
                foreach (var attribute in file.Attributes)
                {
                    if (attribute.IsCustom && attribute.Name.StartsWith("Eic_", StringComparison.OrdinalIgnoreCase))
                    {
                        Report(DiagnosticDescriptors.SpecReservedPrefix, attribute.Location, attribute.Name);
                        continue;
                    }

                    if (byName.TryGetValue(attribute.Name, out var existing))
                    {
                        if (existing.File == file.Path)
                        {
                            Report(DiagnosticDescriptors.SpecDuplicate, attribute.Location, "Attribute", attribute.Name);
                        }
                        else
                        {
                            Report(DiagnosticDescriptors.SpecConflict, attribute.Location, "Attribute", attribute.Name, Origin(existing.File));
                        }

                        continue;
                    }

                    if (accessors.TryGetValue(attribute.Accessor, out var accessorOwner))
                    {
                        var user = accessorOwner == "InteractionAttributes" ? "InteractionAttributes" : $"the accessor of '{accessorOwner}'";
                        Report(DiagnosticDescriptors.SpecReservedName, attribute.Location, "Attribute", attribute.Name, attribute.Accessor, user, "give it another \"accessor\"");
                        continue;
                    }

                    if (!catalog.IsStandard && attribute.Accessor == catalog.AccessorsClassName)
                    {
                        Report(DiagnosticDescriptors.SpecReservedName, attribute.Location, "Attribute", attribute.Name, attribute.Accessor, "the class holding the accessors", "give it another \"accessor\"");
                        continue;
                    }

                    var constant = Identifiers.ConstantFromAttributeName(attribute.Name);
                    if (constant == catalog.ClassName || GeneratedNames.CatalogMembers.Contains(constant))
                    {
                        Report(DiagnosticDescriptors.SpecReservedName, attribute.Location, "Attribute", attribute.Name, catalog.ClassName + "." + constant, "the generated catalog class", "rename the attribute");
                        continue;
                    }

                    if (!constants.Add(constant))
                    {
                        Report(DiagnosticDescriptors.SpecReservedName, attribute.Location, "Attribute", attribute.Name, catalog.ClassName + "." + constant, "another attribute of the catalog", "rename one of them");
                        continue;
                    }

                    if (attribute.EnumName is { } enumName && !Declare(enumName, "Attribute enum", attribute.Location))
                    {
                        continue;
                    }

                    var bound = attribute with { Codes = CheckCodes(attribute) };
                    byName[attribute.Name] = (bound, file.Path);
                    accessors[attribute.Accessor] = attribute.Name;
                    result[catalog].Add(bound);
                }
            }

            return result;
        }

        private EquatableArray<AttributeCodeModel> CheckCodes(AttributeModel attribute)
        {
            var names = new HashSet<string>(GeneratedNames.CodeEnumMembers, StringComparer.Ordinal) { attribute.EnumName ?? string.Empty };
            var values = new HashSet<long>();
            var codes = new List<AttributeCodeModel>();
            foreach (var code in attribute.Codes)
            {
                var location = code.Location ?? attribute.Location;
                if (GeneratedNames.CodeEnumMembers.Contains(code.Name) || code.Name == attribute.EnumName)
                {
                    Report(DiagnosticDescriptors.SpecReservedName, location, "Code", attribute.Name + " " + code.Name, attribute.EnumName + "." + code.Name, "the generated enum", "give the code another name");
                    continue;
                }

                if (!names.Add(code.Name) || !values.Add(code.Value))
                {
                    Report(DiagnosticDescriptors.SpecDuplicate, location, "Code", attribute.Name + " " + code.Name + " (" + code.Text + ")");
                    continue;
                }

                codes.Add(code with { Location = null });
            }

            return codes.ToEquatableArray();
        }

        private EquatableArray<CatalogModel> BuildCatalogs(List<CatalogPlan> catalogs, Dictionary<CatalogPlan, List<AttributeModel>> attributes)
        {
            var result = new List<CatalogModel>();
            foreach (var catalog in catalogs.Where(c => c.Emitted))
            {
                var bound = attributes[catalog]
                    .Select(a => new BoundAttributeModel(
                        a.Name, Identifiers.ConstantFromAttributeName(a.Name), a.Accessor, a.Kind, a.EnumName, a.Codes, a.Description, !catalog.IsStandard || a.IsCustom, a.Source))
                    .ToEquatableArray();

                // The standard catalog exists even when empty (InteractionAttributes is part of every watch); a file's only with attributes.
                if (catalog.IsStandard || !bound.IsEmpty)
                {
                    result.Add(new CatalogModel(catalog.ClassName, catalog.AccessorsClassName, catalog.IsStandard ? null : catalog.FileName, bound));
                }
            }

            return result.ToEquatableArray();
        }
    }
}
