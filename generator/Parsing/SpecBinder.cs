using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using Icws.Generator.Diagnostics;
using Icws.Generator.Model;
using Microsoft.CodeAnalysis;

namespace Icws.Generator.Parsing
{
    /// <summary>The merged model plus every problem found while merging.</summary>
    internal sealed record BindResult(ApiModel Model, EquatableArray<DiagnosticInfo> Diagnostics);

    /// <summary>
    /// Merges the default spec with the user's spec files and resolves every name. A declaration that
    /// conflicts or refers to something unknown is left out with a diagnostic at its place in the
    /// spec; the rest of the model is kept, so one bad line never empties the generated client.
    /// </summary>
    internal sealed class SpecBinder
    {
        /// <summary>Names the generator itself emits; a spec type with one of these names would collide.</summary>
        public static readonly ImmutableHashSet<string> ReservedTypeNames = ImmutableHashSet.Create(
            StringComparer.Ordinal, "Attr", "InteractionAttributes", "IcwsClient", "IcwsMessages", "IcwsJson");

        /// <summary>Members of the generated InteractionAttributes view that an accessor must not shadow.</summary>
        private static readonly ImmutableHashSet<string> ReservedAccessorNames = ImmutableHashSet.Create(
            StringComparer.Ordinal, "Map", "Empty", "Contains", "Equals", "GetHashCode", "ToString", "GetType", "Item", "Wrap", "InteractionAttributes");

        private static readonly Regex Placeholder = new(@"\{([^{}/]+)\}", RegexOptions.CultureInvariant);

        private readonly List<DiagnosticInfo> _diagnostics = new();
        private readonly Dictionary<string, (string Kind, string File)> _typeNames = new(StringComparer.Ordinal);
        private readonly Dictionary<string, EnumModel> _enums = new(StringComparer.Ordinal);
        private readonly Dictionary<string, TypeModel> _types = new(StringComparer.Ordinal);

        // Declared, but left out of the model because of an error in their own declaration (reported there).
        private readonly HashSet<string> _leftOut = new(StringComparer.Ordinal);

        public static BindResult Bind(ImmutableArray<SpecFileModel> files, CancellationToken cancellationToken)
        {
            try
            {
                return new SpecBinder().BindCore(files, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                throw;
            }
            catch (Exception ex)
            {
                var failure = DiagnosticInfo.Create(DiagnosticDescriptors.GeneratorFailure, null, "merging the spec files", ex.GetType().Name + ": " + ex.Message);
                return new BindResult(ApiModel.Empty, new EquatableArray<DiagnosticInfo>(new[] { failure }));
            }
        }

        private BindResult BindCore(ImmutableArray<SpecFileModel> files, CancellationToken cancellationToken)
        {
            var ordered = OrderFiles(files);
            if (ordered.Count == 0)
            {
                return new BindResult(ApiModel.Empty, EquatableArray<DiagnosticInfo>.Empty);
            }

            // 1. Declare every enum, type and message name, so that references can point forward and across files.
            var enums = new List<EnumModel>();
            var types = new List<TypeModel>();
            foreach (var file in ordered)
            {
                foreach (var e in file.Enums)
                {
                    if (Declare(e.Name, "Enum", file, e.Location))
                    {
                        var checkedEnum = CheckEnum(e);
                        _enums[e.Name] = checkedEnum;
                        enums.Add(checkedEnum);
                    }
                }

                foreach (var t in file.Types)
                {
                    if (Declare(t.Name, t.IsMessage ? "Message" : "Type", file, t.Location))
                    {
                        _types[t.Name] = t;
                        types.Add(t);
                    }
                }
            }

            cancellationToken.ThrowIfCancellationRequested();

            // 2. Attributes: their code/flags enums share the namespace with the types.
            var attributes = BindAttributes(ordered);

            // 3. Check inheritance and __type families first: a type left out there must not be found by the
            //    references resolved next (a property, body or response type pointing at it would reach the emitters).
            var kept = CheckHierarchy(types);
            foreach (var t in types)
            {
                _types.Remove(t.Name);
            }

            foreach (var t in kept)
            {
                _types[t.Name] = t;
            }

            foreach (var t in types)
            {
                if (!_types.ContainsKey(t.Name))
                {
                    _leftOut.Add(t.Name);
                }
            }

            // Then resolve property types.
            var resolvedTypes = new List<TypeModel>();
            foreach (var t in kept)
            {
                var resolved = ResolveProperties(t);
                _types[t.Name] = resolved;
                resolvedTypes.Add(resolved);
            }

            CheckFeeds(resolvedTypes);
            cancellationToken.ThrowIfCancellationRequested();

            // 4. Areas and endpoints.
            var areas = new List<AreaModel>();
            var areaNames = new HashSet<string>(StringComparer.Ordinal);
            foreach (var file in ordered)
            {
                foreach (var area in file.Areas)
                {
                    if (areaNames.Add(area.Name))
                    {
                        areas.Add(area);
                    }
                }
            }

            var endpoints = BindEndpoints(ordered, areas, areaNames);

            var model = new ApiModel(
                areas.Select(a => a with { Location = null }).ToEquatableArray(),
                enums.Select(e => e with { Location = null }).ToEquatableArray(),
                resolvedTypes.Select(StripType).ToEquatableArray(),
                endpoints.Select(StripEndpoint).ToEquatableArray(),
                attributes.Select(a => a with { Location = null }).ToEquatableArray());
            return new BindResult(model, _diagnostics.ToEquatableArray());
        }

        private List<SpecFileModel> OrderFiles(ImmutableArray<SpecFileModel> files)
        {
            // The same file can arrive twice (e.g. included by the package props and by hand): keep one.
            var unique = files
                .GroupBy(f => f.Path, StringComparer.OrdinalIgnoreCase)
                .Select(g => g.First())
                .ToList();
            var defaults = unique.Where(f => f.IsDefault).OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
            var custom = unique.Where(f => !f.IsDefault).OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
            var ordered = new List<SpecFileModel>();
            if (defaults.Count == 0 && custom.Count > 0)
            {
                Report(DiagnosticDescriptors.SpecDefaultFile, null,
                    $"No default spec ({SpecFileReader.DefaultSpecFileName}) is part of this project; only the declarations of the custom spec files are generated. Set IcwsIncludeDefaultSpec to true (the default) or add the file to AdditionalFiles.");
            }

            if (defaults.Count > 0)
            {
                ordered.Add(defaults[0]);
                foreach (var extra in defaults.Skip(1))
                {
                    Report(DiagnosticDescriptors.SpecDefaultFile, new LocationInfo(extra.Path, default, default),
                        $"More than one default spec ({SpecFileReader.DefaultSpecFileName}); this one is ignored in favour of {defaults[0].Path}. Name your own spec files *{SpecFileReader.CustomSpecSuffix}.");
                }
            }

            ordered.AddRange(custom);
            return ordered;
        }

        private bool Declare(string name, string kind, SpecFileModel file, LocationInfo? location)
        {
            if (ReservedTypeNames.Contains(name))
            {
                Report(DiagnosticDescriptors.SpecInvalidValue, location, $"{kind} name '{name}' is reserved for generated code; choose another name");
                return false;
            }

            if (_typeNames.TryGetValue(name, out var existing))
            {
                if (existing.File == file.Path)
                {
                    Report(DiagnosticDescriptors.SpecDuplicate, location, kind, name);
                }
                else
                {
                    Report(DiagnosticDescriptors.SpecConflict, location, existing.Kind, name, Path.GetFileName(existing.File));
                }

                return false;
            }

            _typeNames[name] = (kind, file.Path);
            return true;
        }

        private EnumModel CheckEnum(EnumModel e)
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            var values = new List<EnumValueModel>();
            foreach (var value in e.Values)
            {
                if (!names.Add(value.Name))
                {
                    Report(DiagnosticDescriptors.SpecDuplicate, e.Location, "Enum value", e.Name + "." + value.Name);
                    continue;
                }

                if (value.Name == e.Name)
                {
                    Report(DiagnosticDescriptors.SpecInvalidValue, e.Location, $"Enum value '{value.Name}' has the name of its enum, which C# does not allow");
                    continue;
                }

                if (value.Value < int.MinValue || value.Value > int.MaxValue)
                {
                    Report(DiagnosticDescriptors.SpecInvalidValue, e.Location, $"Enum value {e.Name}.{value.Name} = {value.Value} does not fit a 32-bit integer");
                    continue;
                }

                values.Add(value);
            }

            return e with { Values = values.ToEquatableArray() };
        }

        private List<AttributeModel> BindAttributes(List<SpecFileModel> files)
        {
            var result = new List<AttributeModel>();
            var byName = new Dictionary<string, (AttributeModel Attribute, string File)>(StringComparer.OrdinalIgnoreCase);
            var accessors = new Dictionary<string, string>(StringComparer.Ordinal);
            var constants = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var file in files)
            {
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
                            Report(DiagnosticDescriptors.SpecConflict, attribute.Location, "Attribute", attribute.Name, Path.GetFileName(existing.File));
                        }

                        continue;
                    }

                    if (ReservedAccessorNames.Contains(attribute.Accessor))
                    {
                        Report(DiagnosticDescriptors.SpecInvalidValue, attribute.Location,
                            $"Attribute '{attribute.Name}' would get the accessor '{attribute.Accessor}', which InteractionAttributes already uses; give it another \"accessor\"");
                        continue;
                    }

                    if (accessors.TryGetValue(attribute.Accessor, out var accessorOwner))
                    {
                        Report(DiagnosticDescriptors.SpecInvalidValue, attribute.Location,
                            $"Attribute '{attribute.Name}' would get the accessor '{attribute.Accessor}', which '{accessorOwner}' already has; give it another \"accessor\"");
                        continue;
                    }

                    var constant = Identifiers.ConstantFromAttributeName(attribute.Name);
                    if (constants.TryGetValue(constant, out var constantOwner))
                    {
                        Report(DiagnosticDescriptors.SpecInvalidValue, attribute.Location,
                            $"Attribute '{attribute.Name}' would get the constant Attr.{constant}, which '{constantOwner}' already has; rename one of them");
                        continue;
                    }

                    if (attribute.EnumName is { } enumName && !Declare(enumName, "Attribute enum", file, attribute.Location))
                    {
                        continue;
                    }

                    var codes = CheckCodes(attribute);
                    var bound = attribute with { Codes = codes };
                    byName[attribute.Name] = (bound, file.Path);
                    accessors[attribute.Accessor] = attribute.Name;
                    constants[constant] = attribute.Name;
                    result.Add(bound);
                }
            }

            return result;
        }

        private EquatableArray<AttributeCodeModel> CheckCodes(AttributeModel attribute)
        {
            var names = new HashSet<string>(StringComparer.Ordinal) { "None", "Unrecognized", attribute.EnumName ?? string.Empty };
            var values = new HashSet<long>();
            var codes = new List<AttributeCodeModel>();
            foreach (var code in attribute.Codes)
            {
                if (!names.Add(code.Name) || !values.Add(code.Value))
                {
                    Report(DiagnosticDescriptors.SpecDuplicate, attribute.Location, "Code", attribute.Name + " " + code.Name + " (" + code.Text + ")");
                    continue;
                }

                codes.Add(code);
            }

            return codes.ToEquatableArray();
        }

        private TypeModel ResolveProperties(TypeModel type)
        {
            var properties = new List<PropertyModel>();
            foreach (var property in type.Properties)
            {
                var resolved = Resolve(property.Type);
                if (resolved is null)
                {
                    continue;
                }

                properties.Add(property with { Type = resolved });
            }

            return type with { Properties = properties.ToEquatableArray() };
        }

        private TypeRefModel? Resolve(TypeRefModel reference)
        {
            if (reference.Kind == TypeRefKind.Primitive)
            {
                return reference;
            }

            if (_enums.ContainsKey(reference.Name))
            {
                return reference with { Kind = TypeRefKind.Enum };
            }

            if (_types.TryGetValue(reference.Name, out var target))
            {
                if (target.IsMessage)
                {
                    Report(DiagnosticDescriptors.SpecInvalidValue, reference.Location, $"'{reference.Name}' is a message; messages arrive through the message pump and cannot be used as a property, body or response type");
                    return null;
                }

                return reference with { Kind = TypeRefKind.Object };
            }

            if (_leftOut.Contains(reference.Name))
            {
                Report(DiagnosticDescriptors.SpecInvalidValue, reference.Location, $"'{reference.Name}' is left out of the model because of an error in its declaration (reported there), so this reference to it is ignored too");
                return null;
            }

            Report(DiagnosticDescriptors.SpecUnknownType, reference.Location, reference.Display);
            return null;
        }

        private List<TypeModel> CheckHierarchy(List<TypeModel> types)
        {
            var byName = types.ToDictionary(t => t.Name, StringComparer.Ordinal);
            var valid = new List<TypeModel>();
            var dropped = new HashSet<string>(StringComparer.Ordinal);

            foreach (var type in types)
            {
                if (type.BaseName is null)
                {
                    continue;
                }

                // Walk up; a missing base or a cycle removes the type from the model.
                var seen = new HashSet<string>(StringComparer.Ordinal) { type.Name };
                var current = type;
                while (current.BaseName is { } baseName)
                {
                    if (!byName.TryGetValue(baseName, out var parent) || parent.IsMessage)
                    {
                        Report(DiagnosticDescriptors.SpecUnknownType, current.Location, baseName);
                        dropped.Add(type.Name);
                        break;
                    }

                    if (!seen.Add(baseName))
                    {
                        Report(DiagnosticDescriptors.SpecInvalidValue, type.Location, $"Type '{type.Name}' inherits from itself through '{baseName}'");
                        dropped.Add(type.Name);
                        break;
                    }

                    current = parent;
                }
            }

            var urnsByRoot = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
            var messageUrns = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var type in types)
            {
                if (dropped.Contains(type.Name))
                {
                    continue;
                }

                var chain = Ancestors(type, byName).ToList();
                if (chain.Any(a => dropped.Contains(a.Name)))
                {
                    dropped.Add(type.Name);
                    continue;
                }

                var root = chain.LastOrDefault(a => a.Polymorphic) ?? (type.Polymorphic ? type : null);
                if (type.Abstract && root is null)
                {
                    // Outside a __type family nothing could ever be read as it (there is no __type to pick a subtype).
                    Report(DiagnosticDescriptors.SpecStructure, type.Location, $"Type '{type.Name}' is \"abstract\" but belongs to no __type family (no \"polymorphic\" type among itself and its bases), so no value could be read as it; drop \"abstract\" or give it a polymorphic base");
                    dropped.Add(type.Name);
                    continue;
                }

                if (type.Polymorphic && chain.Any(a => a.Polymorphic))
                {
                    Report(DiagnosticDescriptors.SpecInvalidValue, type.Location, $"Type '{type.Name}' is marked polymorphic but already belongs to the family of '{root!.Name}'");
                }

                if (type.IsMessage)
                {
                    if (messageUrns.TryGetValue(type.Urn!, out var otherMessage))
                    {
                        Report(DiagnosticDescriptors.SpecDuplicate, type.Location, "Message __type", type.Urn + " (also " + otherMessage + ")");
                        dropped.Add(type.Name);
                        continue;
                    }

                    messageUrns[type.Urn!] = type.Name;
                }
                else if (root is not null && !type.Abstract)
                {
                    if (type.Urn is null)
                    {
                        Report(DiagnosticDescriptors.SpecStructure, type.Location, $"Type '{type.Name}' belongs to the __type family of '{root.Name}' and needs a \"urn\" (its __type value), or \"abstract\": true");
                        dropped.Add(type.Name);
                        continue;
                    }

                    if (!urnsByRoot.TryGetValue(root.Name, out var urns))
                    {
                        urns = new Dictionary<string, string>(StringComparer.Ordinal);
                        urnsByRoot[root.Name] = urns;
                    }

                    if (urns.TryGetValue(type.Urn, out var other))
                    {
                        Report(DiagnosticDescriptors.SpecDuplicate, type.Location, "__type", type.Urn + " (also " + other + ")");
                        dropped.Add(type.Name);
                        continue;
                    }

                    urns[type.Urn] = type.Name;
                }

                // Property names: unique over the whole inheritance chain, and never the name of the type itself.
                var seenNames = new HashSet<string>(StringComparer.Ordinal);
                var seenJson = new HashSet<string>(StringComparer.Ordinal) { "__type" };
                if (type.IsMessage)
                {
                    seenNames.Add("IsDelta");
                    seenNames.Add("TypeUrn");
                    seenJson.Add("isDelta");
                }

                foreach (var ancestor in chain.AsEnumerable().Reverse())
                {
                    foreach (var p in ancestor.Properties)
                    {
                        seenNames.Add(p.CSharpName);
                        seenJson.Add(p.JsonName);
                    }
                }

                var own = new List<PropertyModel>();
                foreach (var property in type.Properties)
                {
                    if (property.CSharpName == type.Name || property.CSharpName is "Raw" or "WriteTo" or "ReadFrom" or "ReadOwn" or "WriteProperties" or "TypeUrn" or "Urn" or "ToString" or "Equals" or "GetHashCode" or "GetType")
                    {
                        Report(DiagnosticDescriptors.SpecInvalidValue, property.Location, $"Property '{property.JsonName}' of '{type.Name}' would be named '{property.CSharpName}', which C# or the generated code already uses there; give it a \"csharpName\"");
                        continue;
                    }

                    if (!seenNames.Add(property.CSharpName) || !seenJson.Add(property.JsonName))
                    {
                        Report(DiagnosticDescriptors.SpecDuplicate, property.Location, "Property", type.Name + "." + property.JsonName);
                        continue;
                    }

                    own.Add(property);
                }

                valid.Add(type with { Properties = own.ToEquatableArray() });
            }

            // A base left out after its subtypes were checked (a subtype declared before its base) takes them along.
            var kept = valid.Where(t => !dropped.Contains(t.Name)).ToList();
            while (kept.FirstOrDefault(t => Ancestors(t, byName).Any(a => dropped.Contains(a.Name))) is { } orphan)
            {
                Report(DiagnosticDescriptors.SpecInvalidValue, orphan.Location, $"Type '{orphan.Name}' is left out because its base type is (see the error there)");
                dropped.Add(orphan.Name);
                kept.Remove(orphan);
            }

            return kept;
        }

        private static IEnumerable<TypeModel> Ancestors(TypeModel type, Dictionary<string, TypeModel> byName)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal) { type.Name };
            var current = type;
            while (current.BaseName is { } baseName && byName.TryGetValue(baseName, out var parent) && seen.Add(baseName))
            {
                yield return parent;
                current = parent;
            }
        }

        private void CheckFeeds(List<TypeModel> types)
        {
            for (var i = 0; i < types.Count; i++)
            {
                var type = types[i];
                if (type.Feed is not { } feed)
                {
                    continue;
                }

                var ok = RequireProperty(type, feed.Key, p => !p.Type.IsList && p.Type.Name == Primitives.String, "a string");
                if (feed.Kind == "queue")
                {
                    ok &= feed.Added is null || RequireProperty(type, feed.Added, IsInteractionList, "a list of a type with interactionId (string) and attributes (attributeMap)");
                    ok &= feed.Changed is null || RequireProperty(type, feed.Changed, IsInteractionList, "a list of a type with interactionId (string) and attributes (attributeMap)");
                    ok &= feed.Removed is null || RequireProperty(type, feed.Removed, p => p.Type.IsList && p.Type.Name == Primitives.String, "a list of strings");
                }
                else
                {
                    ok &= feed.Changed is null || RequireProperty(type, feed.Changed, p => !p.Type.IsList && p.Type.Name == Primitives.AttributeMap, "an attributeMap");
                    if (feed.Removed is not null || feed.Added is not null)
                    {
                        Report(DiagnosticDescriptors.SpecInvalidValue, type.Location, $"An interaction feed takes \"changed\" (an attributeMap property) and \"removed\": true only");
                        ok = false;
                    }
                }

                if (!ok)
                {
                    types[i] = type with { Feed = null };
                }
            }
        }

        private bool IsInteractionList(PropertyModel property)
        {
            if (!property.Type.IsList || property.Type.Kind != TypeRefKind.Object || !_types.TryGetValue(property.Type.Name, out var element))
            {
                return false;
            }

            var all = element.Properties.ToList();
            return all.Any(p => p.JsonName == "interactionId" && p.Type.Name == Primitives.String && !p.Type.IsList)
                && all.Any(p => p.JsonName == "attributes" && p.Type.Name == Primitives.AttributeMap && !p.Type.IsList);
        }

        private bool RequireProperty(TypeModel type, string jsonName, Func<PropertyModel, bool> check, string expected)
        {
            var property = type.Properties.FirstOrDefault(p => p.JsonName == jsonName);
            if (property is null || !check(property))
            {
                Report(DiagnosticDescriptors.SpecInvalidValue, type.Location, $"The watch feed of '{type.Name}' names '{jsonName}', which must be a property of it holding {expected}");
                return false;
            }

            return true;
        }

        private List<EndpointModel> BindEndpoints(List<SpecFileModel> files, List<AreaModel> areas, HashSet<string> areaNames)
        {
            var result = new List<EndpointModel>();
            var names = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var file in files)
            {
                foreach (var endpoint in file.Endpoints)
                {
                    var key = endpoint.Area + "." + endpoint.Name;
                    if (names.TryGetValue(key, out var otherFile))
                    {
                        if (otherFile == file.Path)
                        {
                            Report(DiagnosticDescriptors.SpecDuplicate, endpoint.Location, "Endpoint", key);
                        }
                        else
                        {
                            Report(DiagnosticDescriptors.SpecConflict, endpoint.Location, "Endpoint", key, Path.GetFileName(otherFile));
                        }

                        continue;
                    }

                    var bound = BindEndpoint(endpoint);
                    if (bound is null)
                    {
                        continue;
                    }

                    names[key] = file.Path;
                    if (areaNames.Add(bound.Area))
                    {
                        areas.Add(new AreaModel(bound.Area, null, null));
                    }

                    result.Add(bound);
                }
            }

            return result;
        }

        private EndpointModel? BindEndpoint(EndpointModel endpoint)
        {
            var ok = true;
            var parameters = new List<ParameterModel>();
            foreach (var parameter in endpoint.Parameters)
            {
                var type = Resolve(parameter.Type);
                if (type is null)
                {
                    ok = false;
                    continue;
                }

                if (parameter.In == "path" && (type.IsList || type.Kind == TypeRefKind.Object || type.Name is Primitives.AttributeMap or Primitives.StringMap or Primitives.Json))
                {
                    Report(DiagnosticDescriptors.SpecInvalidValue, endpoint.Location, $"Path parameter '{parameter.Name}' of {endpoint.Area}.{endpoint.Name} must be a single value, not {type.Display}");
                    ok = false;
                    continue;
                }

                parameters.Add(parameter with { Type = type });
            }

            // Every {placeholder} but {sessionId} needs a path parameter, and every path parameter a placeholder.
            var placeholders = Placeholder.Matches(endpoint.Path).Cast<Match>().Select(m => m.Groups[1].Value).Where(n => n != "sessionId").ToList();
            foreach (var name in placeholders.Where(n => !parameters.Any(p => p.In == "path" && p.Name == n)))
            {
                Report(DiagnosticDescriptors.SpecInvalidValue, endpoint.Location, $"Path of {endpoint.Area}.{endpoint.Name} has {{{name}}} but no path parameter named '{name}'");
                ok = false;
            }

            foreach (var parameter in parameters.Where(p => p.In == "path" && !placeholders.Contains(p.Name)))
            {
                Report(DiagnosticDescriptors.SpecInvalidValue, endpoint.Location, $"Path parameter '{parameter.Name}' of {endpoint.Area}.{endpoint.Name} does not appear in its path");
                ok = false;
            }

            if (endpoint.Path.IndexOf("{sessionId}", StringComparison.Ordinal) > 0 && !endpoint.IsSessionCall)
            {
                Report(DiagnosticDescriptors.SpecInvalidValue, endpoint.Location, "{sessionId} must come right after /icws");
                ok = false;
            }

            var seen = new HashSet<string>(StringComparer.Ordinal) { "cancellationToken" };
            foreach (var parameter in parameters)
            {
                if (!seen.Add(parameter.CSharpName))
                {
                    Report(DiagnosticDescriptors.SpecDuplicate, endpoint.Location, "Parameter", endpoint.Area + "." + endpoint.Name + "(" + parameter.CSharpName + ")");
                    ok = false;
                }
            }

            BodyModel? body = null;
            if (endpoint.Body is { } declaredBody)
            {
                var bodyType = Resolve(declaredBody.Type);
                if (bodyType is null)
                {
                    ok = false;
                }
                else
                {
                    body = declaredBody with { Type = bodyType };
                    if (declaredBody.Flatten)
                    {
                        ok &= CheckFlatten(endpoint, bodyType, seen);
                    }
                }

                if (endpoint.Method is "GET" or "DELETE")
                {
                    Report(DiagnosticDescriptors.SpecInvalidValue, endpoint.Location, $"{endpoint.Method} {endpoint.Area}.{endpoint.Name} cannot have a body");
                    ok = false;
                }
            }

            TypeRefModel? response = null;
            if (endpoint.Response is { } declaredResponse)
            {
                response = Resolve(declaredResponse);
                ok &= response is not null;
            }

            if (endpoint.ResponseProperty is { } unwrap)
            {
                var owner = response is { Kind: TypeRefKind.Object, IsList: false } && _types.TryGetValue(response.Name, out var t) ? t : null;
                if (owner is null || !owner.Properties.Any(p => p.JsonName == unwrap))
                {
                    Report(DiagnosticDescriptors.SpecInvalidValue, endpoint.Location, $"responseProperty '{unwrap}' of {endpoint.Area}.{endpoint.Name} must name a property of its response type");
                    ok = false;
                }
            }

            if (endpoint.Watch is not null && endpoint.Method != "PUT" || endpoint.Unwatch is not null && endpoint.Method != "DELETE")
            {
                Report(DiagnosticDescriptors.SpecInvalidValue, endpoint.Location, "\"watch\" marks a PUT and \"unwatch\" a DELETE");
                ok = false;
            }

            return ok ? endpoint with { Parameters = parameters.ToEquatableArray(), Body = body, Response = response } : null;
        }

        private bool CheckFlatten(EndpointModel endpoint, TypeRefModel bodyType, HashSet<string> parameterNames)
        {
            if (bodyType.Kind != TypeRefKind.Object || bodyType.IsList || !_types.TryGetValue(bodyType.Name, out var type) || type.Polymorphic || type.Abstract || type.BaseName is not null)
            {
                Report(DiagnosticDescriptors.SpecInvalidValue, endpoint.Location, $"The body of {endpoint.Area}.{endpoint.Name} can only be flattened when it is a single type outside any __type family");
                return false;
            }

            foreach (var property in type.Properties)
            {
                if (!parameterNames.Add(Identifiers.ToCamelCase(property.CSharpName)))
                {
                    Report(DiagnosticDescriptors.SpecInvalidValue, endpoint.Location, $"Flattening the body of {endpoint.Area}.{endpoint.Name} gives two parameters named '{Identifiers.ToCamelCase(property.CSharpName)}'");
                    return false;
                }
            }

            return true;
        }

        private static TypeModel StripType(TypeModel type) => type with
        {
            Location = null,
            Properties = type.Properties.Select(p => p with { Location = null, Type = p.Type with { Location = null } }).ToEquatableArray(),
        };

        private static EndpointModel StripEndpoint(EndpointModel endpoint) => endpoint with
        {
            Location = null,
            Parameters = endpoint.Parameters.Select(p => p with { Type = p.Type with { Location = null } }).ToEquatableArray(),
            Body = endpoint.Body is { } b ? b with { Type = b.Type with { Location = null } } : null,
            Response = endpoint.Response is { } r ? r with { Location = null } : null,
        };

        private void Report(DiagnosticDescriptor descriptor, LocationInfo? location, params string[] arguments)
            => _diagnostics.Add(DiagnosticInfo.Create(descriptor, location, arguments));
    }
}
