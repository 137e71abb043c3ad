using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Icws.Generator.Diagnostics;
using Icws.Generator.Model;

namespace Icws.Generator.Binding
{
    internal sealed partial class SpecBinder
    {
        private EnumModel CheckEnum(EnumModel e)
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            var values = new List<EnumValueModel>();
            foreach (var value in e.Values)
            {
                var location = value.Location ?? e.Location;
                if (value.Name == e.Name || value.Name == GeneratedNames.EnumValueField)
                {
                    var user = value.Name == e.Name ? "the enum itself (C# does not allow a member named like its type)" : "the field every C# enum has";
                    Report(DiagnosticDescriptors.SpecReservedName, location, "Enum value", e.Name + "." + value.Name, value.Name, user, "give the value another name");
                    continue;
                }

                if (!names.Add(value.Name))
                {
                    Report(DiagnosticDescriptors.SpecDuplicate, location, "Enum value", e.Name + "." + value.Name);
                    continue;
                }

                if (value.Value < int.MinValue || value.Value > int.MaxValue)
                {
                    Report(DiagnosticDescriptors.SpecOutOfRange, location, $"Enum value {e.Name}.{value.Name}", value.Value.ToString(CultureInfo.InvariantCulture), "a 32-bit integer (enums travel as int)");
                    continue;
                }

                values.Add(value);
            }

            return e with { Values = values.ToEquatableArray() };
        }

        /// <summary>
        /// Checks inheritance and <c>__type</c> families: bases exist and do not loop, a project's types do not derive
        /// from standard ones, family members have a urn and a urn is used once per family, property names are unique
        /// along the chain and free of generated member names. Returns the types kept; the others are left out.
        /// </summary>
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
                        if (_enums.ContainsKey(baseName) || parent is not null || !_leftOut.Contains(baseName))
                        {
                            Report(DiagnosticDescriptors.SpecUnknownType, current.Location, baseName);
                        }
                        else
                        {
                            Report(DiagnosticDescriptors.SpecLeftOut, current.Location, "Type", current.Name, baseName);
                        }

                        dropped.Add(type.Name);
                        break;
                    }

                    if (!seen.Add(baseName))
                    {
                        Report(DiagnosticDescriptors.SpecInheritanceCycle, type.Location, type.Name, baseName);
                        dropped.Add(type.Name);
                        break;
                    }

                    if (IsEmitted(current.Location) && !IsEmitted(parent.Location))
                    {
                        Report(DiagnosticDescriptors.SpecExtendsStandard, current.Location, current.Name, baseName);
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
                if (chain.FirstOrDefault(a => dropped.Contains(a.Name)) is { } droppedBase)
                {
                    Report(DiagnosticDescriptors.SpecLeftOut, type.Location, "Type", type.Name, droppedBase.Name);
                    dropped.Add(type.Name);
                    continue;
                }

                var root = chain.LastOrDefault(a => a.Polymorphic) ?? (type.Polymorphic ? type : null);
                if (type.Abstract && root is null)
                {
                    // Outside a __type family nothing could ever be read as it (there is no __type to pick a subtype).
                    Report(DiagnosticDescriptors.SpecAbstractWithoutFamily, type.Location, type.Name);
                    dropped.Add(type.Name);
                    continue;
                }

                if (type.Polymorphic && chain.Any(a => a.Polymorphic))
                {
                    Report(DiagnosticDescriptors.SpecNestedFamily, type.Location, type.Name, root!.Name);
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
                        Report(DiagnosticDescriptors.SpecFamilyMemberWithoutUrn, type.Location, type.Name, root.Name);
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

                valid.Add(type with { Properties = CheckPropertyNames(type, chain) });
            }

            // A base left out after its subtypes were checked (a subtype declared before its base) takes them along.
            var kept = valid.Where(t => !dropped.Contains(t.Name)).ToList();
            while (kept.FirstOrDefault(t => Ancestors(t, byName).Any(a => dropped.Contains(a.Name))) is { } orphan)
            {
                Report(DiagnosticDescriptors.SpecLeftOut, orphan.Location, "Type", orphan.Name, Ancestors(orphan, byName).First(a => dropped.Contains(a.Name)).Name);
                dropped.Add(orphan.Name);
                kept.Remove(orphan);
            }

            foreach (var name in dropped)
            {
                _types.Remove(name);
                _leftOut.Add(name);
            }

            foreach (var type in kept)
            {
                _types[type.Name] = type;
            }

            return kept;
        }

        /// <summary>Property names: unique over the whole chain (C# and JSON), never a member the generated class has, never the class's own name.</summary>
        private EquatableArray<PropertyModel> CheckPropertyNames(TypeModel type, List<TypeModel> chain)
        {
            var reserved = type.IsMessage ? GeneratedNames.MessageMembers : GeneratedNames.TypeMembers;
            var seenNames = new HashSet<string>(StringComparer.Ordinal);
            var seenJson = new HashSet<string>(StringComparer.Ordinal) { "__type" };
            if (type.IsMessage)
            {
                seenJson.UnionWith(GeneratedNames.MessageJsonNames);
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
                if (property.CSharpName == type.Name || reserved.Contains(property.CSharpName))
                {
                    var user = property.CSharpName == type.Name ? "the class itself (C# does not allow a member named like its type)" : "the generated class " + type.Name;
                    Report(DiagnosticDescriptors.SpecReservedName, property.Location, "Property", type.Name + "." + property.JsonName, property.CSharpName, user, "give it a \"csharpName\"");
                    continue;
                }

                if (GeneratedNames.MessageJsonNames.Contains(property.JsonName) && type.IsMessage || property.JsonName == "__type")
                {
                    Report(DiagnosticDescriptors.SpecReservedName, property.Location, "Property", type.Name + "." + property.JsonName, property.JsonName, "the JSON the generated code writes", "ICWS sends this field itself; leave it out");
                    continue;
                }

                if (!seenNames.Add(property.CSharpName) || !seenJson.Add(property.JsonName))
                {
                    Report(DiagnosticDescriptors.SpecDuplicate, property.Location, "Property", type.Name + "." + property.JsonName);
                    continue;
                }

                own.Add(property);
            }

            return own.ToEquatableArray();
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

        /// <summary>Resolves every property type; a property that names nothing usable is left out.</summary>
        private List<TypeModel> ResolveProperties(List<TypeModel> types)
        {
            var result = new List<TypeModel>();
            foreach (var type in types)
            {
                var properties = new List<PropertyModel>();
                foreach (var property in type.Properties)
                {
                    if (Resolve(property.Type, $"Property {type.Name}.{property.JsonName}") is { } resolved)
                    {
                        properties.Add(property with { Type = resolved });
                    }
                }

                var bound = type with { Properties = properties.ToEquatableArray() };
                _types[type.Name] = bound;
                result.Add(bound);
            }

            return result;
        }

        /// <summary>The watch feed of each message, checked against its properties; a bad feed is dropped (the message stays).</summary>
        private Dictionary<string, BoundFeedModel> BindFeeds(List<TypeModel> types)
        {
            var feeds = new Dictionary<string, BoundFeedModel>(StringComparer.Ordinal);
            foreach (var type in types)
            {
                if (type.Feed is not { } feed)
                {
                    continue;
                }

                var key = FeedProperty(type, feed.Key, p => !p.Type.IsList && p.Type.Name == Primitives.String, "a string");
                FeedPropertyModel? added = null, changed = null, removed = null;
                var ok = key is not null;
                if (feed.Kind == "queue")
                {
                    const string Interactions = "a list of a type with interactionId (string) and attributes (attributeMap)";
                    ok &= feed.Added is null || (added = FeedProperty(type, feed.Added, IsInteractionList, Interactions)) is not null;
                    ok &= feed.Changed is null || (changed = FeedProperty(type, feed.Changed, IsInteractionList, Interactions)) is not null;
                    ok &= feed.Removed is null || (removed = FeedProperty(type, feed.Removed, p => p.Type.IsList && p.Type.Name == Primitives.String, "a list of strings")) is not null;
                }
                else
                {
                    ok &= feed.Changed is null || (changed = FeedProperty(type, feed.Changed, p => !p.Type.IsList && p.Type.Name == Primitives.AttributeMap, "an attributeMap")) is not null;
                    if (feed.Removed is not null || feed.Added is not null)
                    {
                        Report(DiagnosticDescriptors.SpecInteractionFeedShape, type.Location, type.Name);
                        ok = false;
                    }
                }

                if (ok)
                {
                    feeds[type.Name] = new BoundFeedModel(feed.Kind, key!, added, changed, removed, feed.RemovesKey);
                }
            }

            return feeds;
        }

        private bool IsInteractionList(PropertyModel property)
        {
            if (!property.Type.IsList || property.Type.Kind != TypeRefKind.Object || !_types.TryGetValue(property.Type.Name, out var element))
            {
                return false;
            }

            // The element's own properties only: the feed code reads item.InteractionId and item.Attributes.
            return element.Properties.Any(p => p.JsonName == "interactionId" && p.CSharpName == "InteractionId" && p.Type.Name == Primitives.String && !p.Type.IsList && p.Required && !p.Nullable)
                && element.Properties.Any(p => p.JsonName == "attributes" && p.CSharpName == "Attributes" && p.Type.Name == Primitives.AttributeMap && !p.Type.IsList && p.Required && !p.Nullable);
        }

        private FeedPropertyModel? FeedProperty(TypeModel type, string jsonName, Func<PropertyModel, bool> check, string expected)
        {
            var property = type.Properties.FirstOrDefault(p => p.JsonName == jsonName);
            if (property is null || !check(property))
            {
                Report(DiagnosticDescriptors.SpecFeedProperty, type.Location, type.Name, jsonName, expected);
                return null;
            }

            return new FeedPropertyModel(property.JsonName, property.CSharpName, !property.Required || property.Nullable);
        }

        /// <summary>The classes to emit, with their place in their hierarchy and family worked out.</summary>
        private EquatableArray<ClassModel> BuildClasses(List<TypeModel> emitted, List<TypeModel> all)
        {
            var byName = all.Where(t => !t.IsMessage).ToDictionary(t => t.Name, StringComparer.Ordinal);
            var children = all.Where(t => !t.IsMessage && t.BaseName is not null).GroupBy(t => t.BaseName!, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
            var result = new List<ClassModel>();
            foreach (var type in emitted)
            {
                var ancestors = Ancestors(type, byName).ToList();
                var hasChildren = children.ContainsKey(type.Name);
                var root = ancestors.LastOrDefault(a => a.Polymorphic) ?? (type.Polymorphic ? type : null);
                FamilyModel? family = null;
                if (root is not null)
                {
                    var members = new List<FamilyMemberModel>();
                    foreach (var member in Descendants(root, children).Prepend(root))
                    {
                        if (!member.Abstract && member.Urn is not null)
                        {
                            members.Add(new FamilyMemberModel(member.Name, member.Urn));
                        }
                    }

                    family = new FamilyModel(
                        root.Name,
                        root == type,
                        !root.Abstract && root.Urn is not null,
                        GeneratedNames.UnknownClass(root.Name),
                        members.ToEquatableArray(),
                        root.Properties.Where(p => p.Required && !p.Nullable).Select(Strip).ToEquatableArray());
                }

                var kind = type.Abstract ? ClassKind.Abstract : hasChildren || root == type ? ClassKind.Open : ClassKind.Sealed;
                var allProperties = ancestors.AsEnumerable().Reverse().Append(type).SelectMany(t => t.Properties).Select(Strip).ToEquatableArray();
                result.Add(new ClassModel(
                    type.Name,
                    type.Urn,
                    type.BaseName,
                    kind,
                    family,
                    hasChildren,
                    ancestors.Any(a => !a.Abstract && a.Urn is not null),
                    type.Description,
                    type.Source,
                    type.Properties.Select(Strip).ToEquatableArray(),
                    allProperties));
            }

            return result.ToEquatableArray();
        }

        private static IEnumerable<TypeModel> Descendants(TypeModel type, Dictionary<string, List<TypeModel>> children)
        {
            if (!children.TryGetValue(type.Name, out var direct))
            {
                yield break;
            }

            foreach (var child in direct)
            {
                yield return child;
                foreach (var grandChild in Descendants(child, children))
                {
                    yield return grandChild;
                }
            }
        }

        private static EquatableArray<MessageModel> BuildMessages(List<TypeModel> messages, Dictionary<string, BoundFeedModel> feeds, Dictionary<string, string> watchAreas)
            => messages
                .Select(m => new MessageModel(m.Name, m.Urn!, m.Description, m.Source, m.Properties.Select(Strip).ToEquatableArray(), feeds.TryGetValue(m.Name, out var feed) ? feed : null,
                    m.Location is { } location && watchAreas.TryGetValue(location.FilePath, out var area) ? area : null))
                .ToEquatableArray();
    }
}
