using System;
using System.Collections.Generic;
using System.Linq;
using Icws.Generator.Model;

namespace Icws.Generator.Emitting
{
    /// <summary>Lookups over the model that several emitters need (inheritance, families).</summary>
    internal sealed class ModelIndex
    {
        private readonly Dictionary<string, TypeModel> _types;
        private readonly Dictionary<string, List<TypeModel>> _children;

        public ModelIndex(ApiModel model, GeneratorOptions options)
        {
            Model = model;
            Options = options;
            Namespace = options.Namespace;
            _types = model.Types.ToDictionary(t => t.Name, StringComparer.Ordinal);
            _children = new Dictionary<string, List<TypeModel>>(StringComparer.Ordinal);
            foreach (var type in model.Types)
            {
                if (type.BaseName is { } baseName)
                {
                    if (!_children.TryGetValue(baseName, out var list))
                    {
                        list = new List<TypeModel>();
                        _children[baseName] = list;
                    }

                    list.Add(type);
                }
            }
        }

        public ApiModel Model { get; }

        public string Namespace { get; }

        public GeneratorOptions Options { get; }

        public TypeModel Type(string name) => _types[name];

        public bool TryGetType(string name, out TypeModel type) => _types.TryGetValue(name, out type!);

        public IReadOnlyList<TypeModel> Children(TypeModel type) => _children.TryGetValue(type.Name, out var list) ? list : (IReadOnlyList<TypeModel>)Array.Empty<TypeModel>();

        /// <summary>Base types from the nearest up.</summary>
        public IEnumerable<TypeModel> Ancestors(TypeModel type)
        {
            var current = type;
            while (current.BaseName is { } baseName && _types.TryGetValue(baseName, out var parent))
            {
                yield return parent;
                current = parent;
            }
        }

        /// <summary>Properties from the root of the hierarchy down to this type.</summary>
        public IReadOnlyList<PropertyModel> AllProperties(TypeModel type)
            => Ancestors(type).Reverse().Append(type).SelectMany(t => t.Properties).ToList();

        /// <summary>The root of the __type family the type belongs to, or null.</summary>
        public TypeModel? FamilyRoot(TypeModel type)
        {
            if (type.IsMessage)
            {
                return null;
            }

            TypeModel? root = type.Polymorphic ? type : null;
            foreach (var ancestor in Ancestors(type))
            {
                if (ancestor.Polymorphic)
                {
                    root = ancestor;
                }
            }

            return root;
        }

        /// <summary>Every type of a family that can appear on the wire (has a __type and is not abstract).</summary>
        public IEnumerable<TypeModel> ConcreteMembers(TypeModel root)
        {
            if (!root.Abstract && root.Urn is not null)
            {
                yield return root;
            }

            foreach (var descendant in Descendants(root))
            {
                if (!descendant.Abstract && descendant.Urn is not null)
                {
                    yield return descendant;
                }
            }
        }

        public bool HasChildren(TypeModel type) => _children.ContainsKey(type.Name);

        public string Qualified(string name) => "global::" + Namespace + "." + name;

        private IEnumerable<TypeModel> Descendants(TypeModel type)
        {
            foreach (var child in Children(type))
            {
                yield return child;
                foreach (var grandChild in Descendants(child))
                {
                    yield return grandChild;
                }
            }
        }
    }
}
