using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace Icws.Analyzers.Knowledge
{
    /// <summary>
    /// What the analyzers know about ICWS in one compilation, read from the metadata attributes the generator
    /// emits (never from type, method or parameter names): the attribute catalogs (<c>[IcwsAttributeCatalog]</c>: the
    /// package's <c>Icws.Client.Attr</c>, the project's own and those of the libraries it references), which
    /// parameters and properties take attribute names, which methods call which endpoint (and with which wire names),
    /// and which properties and extension methods are typed accessors.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Where the generated types are: each assembly the generator ran in says so with
    /// <c>[assembly: IcwsGeneratedType(typeof(X))]</c>. The package's assembly (Icws.Runtime) holds the standard API;
    /// the compilation itself and every reference built with Icws.Generated (an assembly that references
    /// Icws.Runtime: the only ones whose attributes are read) may add their own catalogs, accessors and endpoints.
    /// </para>
    /// <para>
    /// Built once per compilation and shared by every ICWS analyzer through a weak table, so the three analyzers
    /// resolve the symbols once between them. The analyzers ask for it on first use (<see cref="Defer"/>), not at
    /// compilation start, and what only some code needs (the generated types and the catalogs' names, the HTTP and
    /// LINQ symbols, the endpoint list) is built on first use too, so a compilation pays only for what its code
    /// asks; one without ICWS pays one type lookup. Symbol questions asked per operation (does this parameter take
    /// attribute names?) are answered from concurrent caches: the first answer binds the symbol's attributes, every
    /// later one is a dictionary lookup.
    /// </para>
    /// </remarks>
    internal sealed class IcwsKnowledge
    {
        private static readonly ConditionalWeakTable<Compilation, Holder> Cache = new();

        // Keyed by identity: the compiler hands out one symbol object per symbol of a compilation, and hashing a
        // symbol by value (its name, its containing type, ...) costs more than the rest of most lookups. Should two
        // equal symbols ever be distinct objects, each gets its own entry with the same answer.
        private readonly ConcurrentDictionary<ISymbol, bool> _takesNames = new(IdentityComparer<ISymbol>.Instance);
        private readonly ConcurrentDictionary<IParameterSymbol, bool> _nameParameters = new(IdentityComparer<IParameterSymbol>.Instance);
        private readonly ConcurrentDictionary<IMethodSymbol, EndpointInfo> _endpoints = new(IdentityComparer<IMethodSymbol>.Instance);
        private readonly ConcurrentDictionary<ISymbol, string> _accessors = new(IdentityComparer<ISymbol>.Instance);
        private readonly ConcurrentDictionary<ITypeSymbol, bool> _views = new(IdentityComparer<ITypeSymbol>.Instance);
        private readonly ConcurrentDictionary<ISymbol, MemberRead> _reads = new(IdentityComparer<ISymbol>.Instance);
        private readonly ConcurrentDictionary<string, NameCheck> _checks = new(StringComparer.Ordinal);
        private readonly Compilation _compilation;
        private readonly INamedTypeSymbol _generatedTypeAttribute;
        private readonly INamedTypeSymbol _catalogAttribute;
        private readonly INamedTypeSymbol? _pathParameterAttribute;
        private readonly INamedTypeSymbol? _queryParameterAttribute;
        private readonly Lazy<GeneratedTypes> _generated;
        private readonly Lazy<NameTable> _names;
        private readonly Lazy<ImmutableArray<EndpointInfo>> _allEndpoints;
        private readonly Lazy<ImmutableArray<string>> _nameQueries;
        private readonly Lazy<Dictionary<int, string>> _watchKinds;
        private readonly Lazy<HttpSymbols> _http;
        private readonly Lazy<LoopSymbols> _loops;

        private IcwsKnowledge(Compilation compilation, INamedTypeSymbol generatedType, INamedTypeSymbol catalog, INamedTypeSymbol attributeNames, INamedTypeSymbol endpoint)
        {
            _compilation = compilation;
            _generatedTypeAttribute = generatedType;
            _catalogAttribute = catalog;
            AttributeNamesAttribute = attributeNames;
            EndpointAttribute = endpoint;
            RuntimeAssembly = generatedType.ContainingAssembly;

            // The other metadata types sit next to these, in the runtime: one cheap lookup each.
            AccessorAttribute = RuntimeAssembly.GetTypeByMetadataName(MetadataNames.AttributeAccessorAttribute);
            AttributeView = RuntimeAssembly.GetTypeByMetadataName(MetadataNames.AttributeViewInterface);
            _pathParameterAttribute = RuntimeAssembly.GetTypeByMetadataName(MetadataNames.PathParameterAttribute);
            _queryParameterAttribute = RuntimeAssembly.GetTypeByMetadataName(MetadataNames.QueryParameterAttribute);

            _generated = new Lazy<GeneratedTypes>(CollectGeneratedTypes, LazyThreadSafetyMode.ExecutionAndPublication);
            _names = new Lazy<NameTable>(() => new NameTable(_generated.Value.Catalogs), LazyThreadSafetyMode.ExecutionAndPublication);
            _allEndpoints = new Lazy<ImmutableArray<EndpointInfo>>(CollectEndpoints, LazyThreadSafetyMode.ExecutionAndPublication);
            _nameQueries = new Lazy<ImmutableArray<string>>(CollectNameQueries, LazyThreadSafetyMode.ExecutionAndPublication);
            _watchKinds = new Lazy<Dictionary<int, string>>(ReadWatchKinds, LazyThreadSafetyMode.ExecutionAndPublication);
            _http = new Lazy<HttpSymbols>(() => new HttpSymbols(compilation), LazyThreadSafetyMode.ExecutionAndPublication);
            _loops = new Lazy<LoopSymbols>(() => new LoopSymbols(compilation), LazyThreadSafetyMode.ExecutionAndPublication);
        }

        /// <summary>
        /// The classes whose constants are the known attribute names: the package's (<c>Icws.Client.Attr</c>) first,
        /// then the project's own, then those of its references (found on first use).
        /// </summary>
        public ImmutableArray<INamedTypeSymbol> Catalogs => _generated.Value.Catalogs;

        /// <summary>Every known attribute name, in catalog order (read from the catalogs on first use; the first catalog holding a name wins).</summary>
        public ImmutableArray<KnownName> Names => _names.Value.Names;

        public INamedTypeSymbol AttributeNamesAttribute { get; }

        public INamedTypeSymbol EndpointAttribute { get; }

        public INamedTypeSymbol? AccessorAttribute { get; }

        /// <summary><c>Icws.IAttributeView&lt;TSelf&gt;</c>: what <c>InteractionAttributes</c> implements.</summary>
        public INamedTypeSymbol? AttributeView { get; }

        /// <summary>The assembly that holds the metadata attributes, the watch types and the standard API (Icws.Runtime).</summary>
        public IAssemblySymbol RuntimeAssembly { get; }

        /// <summary>HttpClient and friends, looked up on first use (only code that calls ICWS by hand needs them).</summary>
        public HttpSymbols Http => _http.Value;

        /// <summary>The LINQ and loop helpers, looked up on first use (only interaction watches need them).</summary>
        public LoopSymbols Loops => _loops.Value;

        /// <summary>Every generated method's endpoint, gathered on first use (only code that builds ICWS URLs by hand needs it).</summary>
        public ImmutableArray<EndpointInfo> AllEndpoints => _allEndpoints.Value;

        /// <summary>
        /// The markers (<c>select=</c>) of the query parameters through which some GET endpoint takes attribute
        /// names, by their wire names; a URL string without one of them has no names to check.
        /// </summary>
        public ImmutableArray<string> NameQueryMarkers => _nameQueries.Value;

        /// <summary>The knowledge for this compilation, or null when it does not use Icws.Generated (then the analyzers do nothing).</summary>
        public static IcwsKnowledge? Get(Compilation compilation)
            => Cache.GetValue(compilation, static c => new Holder(Create(c))).Knowledge;

        /// <summary>
        /// <see cref="Get"/> on first use. Analyzers take this at compilation start and resolve it in their first
        /// callback: by then the compiler has bound the references and merged the declarations, which the lookups
        /// would otherwise be the first to pay for. A compilation without ICWS then costs each callback one check.
        /// </summary>
        public static Lazy<IcwsKnowledge?> Defer(Compilation compilation)
            => new(() => Get(compilation), LazyThreadSafetyMode.ExecutionAndPublication);

        /// <summary>
        /// Whether an argument for this parameter is a list of attribute names to check: the parameter carries
        /// <c>[IcwsAttributeNames]</c> and is a string or a collection of strings. One lookup per parameter.
        /// </summary>
        public bool IsNameParameter(IParameterSymbol parameter)
        {
            if (_nameParameters.TryGetValue(parameter, out var known))
            {
                return known;
            }

            var result = AttributeNameAnalyzer.IsNameType(parameter.Type) && TakesAttributeNames(parameter);
            _nameParameters.TryAdd(parameter, result);
            return result;
        }

        /// <summary>Whether the parameter or property carries <c>[IcwsAttributeNames]</c>.</summary>
        public bool TakesAttributeNames(ISymbol symbol)
        {
            symbol = symbol.OriginalDefinition;
            if (_takesNames.TryGetValue(symbol, out var known))
            {
                return known;
            }

            var result = HasAttribute(symbol, AttributeNamesAttribute);
            _takesNames.TryAdd(symbol, result);
            return result;
        }

        /// <summary>The endpoint a generated method calls, or null when it carries no <c>[IcwsEndpoint]</c>.</summary>
        public EndpointInfo? GetEndpoint(IMethodSymbol method)
        {
            method = (method.ReducedFrom ?? method).OriginalDefinition;
            if (_endpoints.TryGetValue(method, out var known))
            {
                return known.IsNone ? null : known;
            }

            var info = ReadEndpoint(method) ?? EndpointInfo.None;
            _endpoints.TryAdd(method, info);
            return info.IsNone ? null : info;
        }

        /// <summary>
        /// The attribute a typed accessor reads (<c>[IcwsAttributeAccessor]</c>: a property such as <c>State</c>, or an
        /// extension method such as <c>RoutingPriority()</c> for a project's own attribute), or null when the member is not one.
        /// </summary>
        public string? GetAccessorName(ISymbol member)
        {
            if (AccessorAttribute is null)
            {
                return null;
            }

            member = member is IMethodSymbol { ReducedFrom: { } unreduced } ? unreduced : member;
            member = member.OriginalDefinition;
            if (_accessors.TryGetValue(member, out var known))
            {
                return known.Length == 0 ? null : known;
            }

            var name = string.Empty;
            foreach (var attribute in member.GetAttributes())
            {
                if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, AccessorAttribute)
                    && attribute.ConstructorArguments.Length == 1
                    && attribute.ConstructorArguments[0] is { Kind: TypedConstantKind.Primitive, Value: string value })
                {
                    name = value;
                    break;
                }
            }

            _accessors.TryAdd(member, name);
            return name.Length == 0 ? null : name;
        }

        /// <summary>
        /// Whether the member belongs to the runtime (which holds the standard API) or to an assembly the generator
        /// ran in (the compilation itself or a reference that lists generated types).
        /// </summary>
        public bool IsIcwsMember(ISymbol member)
        {
            var assembly = member.ContainingAssembly;
            if (assembly is null)
            {
                return false;
            }

            if (SymbolEqualityComparer.Default.Equals(assembly, RuntimeAssembly))
            {
                return true;
            }

            // A handful at most (the compilation and the libraries built with Icws.Generated): a loop beats hashing.
            foreach (var generated in _generated.Value.Assemblies)
            {
                if (SymbolEqualityComparer.Default.Equals(assembly, generated))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// What reading this property (on an instance) is: a typed accessor of an ICWS member (its attribute name),
        /// an ICWS indexer (which may take a name), or neither. Answered once per property.
        /// </summary>
        public MemberRead GetRead(IPropertySymbol property)
        {
            if (_reads.TryGetValue(property, out var known))
            {
                return known;
            }

            var read = !IsIcwsMember(property) ? MemberRead.None
                : GetAccessorName(property) is { } name ? new MemberRead(name, false)
                : property.IsIndexer ? MemberRead.Lookup
                : MemberRead.None;
            _reads.TryAdd(property, read);
            return read;
        }

        /// <summary>
        /// What a call of this method is: a typed accessor of an ICWS member (<c>a.RoutingPriority()</c>, an extension
        /// method the generator wrote for a project's own attribute: its attribute name), a lookup by attribute name
        /// (<c>a.Contains(name)</c>: an ICWS member with a string parameter that takes attribute names), or neither.
        /// Answered once per method.
        /// </summary>
        public MemberRead GetRead(IMethodSymbol method)
        {
            if (_reads.TryGetValue(method, out var known))
            {
                return known;
            }

            var read = MemberRead.None;
            if (IsIcwsMember(method))
            {
                if (GetAccessorName(method) is { } name)
                {
                    read = new MemberRead(name, false);
                }
                else
                {
                    foreach (var parameter in method.Parameters)
                    {
                        if (parameter.Type.SpecialType == SpecialType.System_String && TakesAttributeNames(parameter))
                        {
                            read = MemberRead.Lookup;
                            break;
                        }
                    }
                }
            }

            _reads.TryAdd(method, read);
            return read;
        }

        /// <summary>Whether the type is a typed attribute view (implements <c>IAttributeView&lt;T&gt;</c>).</summary>
        public bool IsAttributeView(ITypeSymbol type)
        {
            if (AttributeView is null)
            {
                return false;
            }

            if (_views.TryGetValue(type, out var known))
            {
                return known;
            }

            var result = false;
            foreach (var candidate in type.AllInterfaces)
            {
                if (SymbolEqualityComparer.Default.Equals(candidate.OriginalDefinition, AttributeView))
                {
                    result = true;
                    break;
                }
            }

            _views.TryAdd(type, result);
            return result;
        }

        /// <summary>Whether the field is a constant of one of the catalogs (a name known by construction).</summary>
        public bool IsCatalogField(IFieldSymbol field)
            => field.IsConst
               && field.Type.SpecialType == SpecialType.System_String
               && field.ContainingType is { } type
               && _generated.Value.CatalogSet.Contains(type.OriginalDefinition);

        /// <summary>Checks a name against the catalogs; answers are cached per name.</summary>
        public NameCheck Check(string name)
        {
            var table = _names.Value;
            if (table.Exact.TryGetValue(name, out var exact))
            {
                return new NameCheck(NameStatus.Known, exact);
            }

            return _checks.GetOrAdd(name, n => table.IgnoreCase.TryGetValue(n, out var canonical)
                ? new NameCheck(NameStatus.CaseMismatch, canonical)
                : new NameCheck(NameStatus.Unknown, NameSuggestions.Nearest(n, table.Names)));
        }

        /// <summary>The known name spelled exactly so, with the catalog constant that holds it; null when no catalog has it.</summary>
        public KnownName? Find(string name)
            => _names.Value.Exact.TryGetValue(name, out var known) ? known : null;

        private static IcwsKnowledge? Create(Compilation compilation)
        {
            // One lookup across every reference (each such lookup visits all of them); the other metadata types are
            // looked for next to the first one, in the runtime assembly, and only then everywhere.
            var generatedType = compilation.GetTypeByMetadataName(MetadataNames.GeneratedTypeAttribute);
            if (generatedType is null)
            {
                return null;
            }

            var runtime = generatedType.ContainingAssembly;
            var catalogAttribute = FindType(compilation, runtime, MetadataNames.AttributeCatalogAttribute);
            var namesAttribute = FindType(compilation, runtime, MetadataNames.AttributeNamesAttribute);
            var endpointAttribute = FindType(compilation, runtime, MetadataNames.EndpointAttribute);
            if (catalogAttribute is null || namesAttribute is null || endpointAttribute is null)
            {
                return null;
            }

            return new IcwsKnowledge(compilation, generatedType, catalogAttribute, namesAttribute, endpointAttribute);
        }

        /// <summary>A type of <paramref name="assembly"/> (one cheap lookup), else the compilation's own lookup across all references.</summary>
        private static INamedTypeSymbol? FindType(Compilation compilation, IAssemblySymbol? assembly, string metadataName)
            => assembly?.GetTypeByMetadataName(metadataName) ?? compilation.GetTypeByMetadataName(metadataName);

        private static bool HasAttribute(ISymbol symbol, INamedTypeSymbol attributeType)
        {
            foreach (var attribute in symbol.GetAttributes())
            {
                if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, attributeType))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The types the generator emitted, from <c>[assembly: IcwsGeneratedType]</c> of the runtime (the standard API),
        /// of this compilation, and of every reference that references the runtime (only those can hold ICWS code; the
        /// others' attributes are never read).
        /// </summary>
        private GeneratedTypes CollectGeneratedTypes()
        {
            var runtime = RuntimeAssembly;
            var runtimeName = runtime.Identity.Name;
            var candidates = new List<IAssemblySymbol> { runtime };
            if (!SymbolEqualityComparer.Default.Equals(_compilation.Assembly, runtime))
            {
                candidates.Add(_compilation.Assembly);
            }

            foreach (var reference in _compilation.SourceModule.ReferencedAssemblySymbols)
            {
                if (!SymbolEqualityComparer.Default.Equals(reference, runtime) && ReferencesRuntime(reference, runtimeName))
                {
                    candidates.Add(reference);
                }
            }

            var types = ImmutableArray.CreateBuilder<INamedTypeSymbol>();
            var seen = new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default);
            var assemblies = ImmutableArray.CreateBuilder<IAssemblySymbol>();
            foreach (var assembly in candidates)
            {
                foreach (var attribute in assembly.GetAttributes())
                {
                    if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, _generatedTypeAttribute)
                        && attribute.ConstructorArguments.Length == 1
                        && attribute.ConstructorArguments[0] is { Kind: TypedConstantKind.Type, Value: INamedTypeSymbol { TypeKind: not TypeKind.Error } type })
                    {
                        if (!assemblies.Contains(assembly))
                        {
                            assemblies.Add(assembly);
                        }

                        if (seen.Add(type.OriginalDefinition))
                        {
                            types.Add(type.OriginalDefinition);
                        }
                    }
                }
            }

            var catalogs = ImmutableArray.CreateBuilder<INamedTypeSymbol>();
            foreach (var type in types)
            {
                if (HasAttribute(type, _catalogAttribute))
                {
                    catalogs.Add(type);
                }
            }

            return new GeneratedTypes(types.ToImmutable(), catalogs.ToImmutable(), assemblies.ToImmutable());
        }

        /// <summary>Whether a module of the assembly references Icws.Runtime (a look at its reference list: nothing is bound).</summary>
        private static bool ReferencesRuntime(IAssemblySymbol assembly, string runtimeName)
        {
            foreach (var module in assembly.Modules)
            {
                foreach (var identity in module.ReferencedAssemblies)
                {
                    if (identity.Name == MetadataNames.RuntimeAssembly || identity.Name == runtimeName)
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private EndpointInfo? ReadEndpoint(IMethodSymbol method)
        {
            foreach (var attribute in method.GetAttributes())
            {
                if (!SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, EndpointAttribute)
                    || attribute.ConstructorArguments.Length != 2
                    || attribute.ConstructorArguments[0] is not { Kind: TypedConstantKind.Primitive, Value: string httpMethod }
                    || attribute.ConstructorArguments[1] is not { Kind: TypedConstantKind.Primitive, Value: string path })
                {
                    continue;
                }

                string? watch = null;
                string? unwatch = null;
                string? watchItems = null;
                foreach (var named in attribute.NamedArguments)
                {
                    if (named.Key == MetadataNames.EndpointWatchItems && named.Value is { Kind: TypedConstantKind.Primitive, Value: string items } && items.Length > 0)
                    {
                        watchItems = items;
                        continue;
                    }

                    if (named.Value.Kind != TypedConstantKind.Enum)
                    {
                        continue;
                    }

                    if (named.Key == MetadataNames.EndpointWatch && named.Value.Value is int w)
                    {
                        watch = WatchKindName(w);
                    }
                    else if (named.Key == MetadataNames.EndpointUnwatch && named.Value.Value is int u)
                    {
                        unwatch = WatchKindName(u);
                    }
                }

                var pathParameters = ImmutableArray.CreateBuilder<string?>(method.Parameters.Length);
                var nameQueries = ImmutableArray.CreateBuilder<string>();
                foreach (var parameter in method.Parameters)
                {
                    string? pathName = null;
                    string? queryName = null;
                    foreach (var parameterAttribute in parameter.GetAttributes())
                    {
                        var isPath = _pathParameterAttribute is not null && SymbolEqualityComparer.Default.Equals(parameterAttribute.AttributeClass, _pathParameterAttribute);
                        var isQuery = !isPath && _queryParameterAttribute is not null && SymbolEqualityComparer.Default.Equals(parameterAttribute.AttributeClass, _queryParameterAttribute);
                        if ((isPath || isQuery) && WireName(parameterAttribute) is { } wireName)
                        {
                            if (isPath)
                            {
                                pathName = wireName;
                            }
                            else
                            {
                                queryName = wireName;
                            }
                        }
                    }

                    pathParameters.Add(pathName);
                    if (queryName is not null && TakesAttributeNames(parameter))
                    {
                        nameQueries.Add(queryName);
                    }
                }

                return new EndpointInfo(httpMethod.ToUpperInvariant(), path, watch, unwatch, method, pathParameters.MoveToImmutable(), nameQueries.ToImmutable(), watchItems);
            }

            return null;
        }

        /// <summary>The name given to <c>[IcwsPathParameter(name)]</c> or <c>[IcwsQueryParameter(name)]</c>.</summary>
        private static string? WireName(AttributeData attribute)
            => attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0] is { Kind: TypedConstantKind.Primitive, Value: string name } && name.Length > 0
                ? name
                : null;

        /// <summary>
        /// The member of <c>Icws.Metadata.IcwsWatchKind</c> that a number in <c>[IcwsEndpoint(Watch = ...)]</c> stands for,
        /// read from the enum itself; null for 0 (the property's default: not a watch) and for a number it does not define.
        /// </summary>
        private string? WatchKindName(int value)
            => value != 0 && _watchKinds.Value.TryGetValue(value, out var name) ? name : null;

        private Dictionary<int, string> ReadWatchKinds()
        {
            var kinds = new Dictionary<int, string>();
            if (RuntimeAssembly.GetTypeByMetadataName(MetadataNames.WatchKind) is { TypeKind: TypeKind.Enum } watchKind)
            {
                foreach (var member in watchKind.GetMembers())
                {
                    if (member is IFieldSymbol { IsConst: true, ConstantValue: int value } field && !kinds.ContainsKey(value))
                    {
                        kinds.Add(value, field.Name);
                    }
                }
            }

            return kinds;
        }

        /// <summary>Every method with <c>[IcwsEndpoint]</c> of the generated types and the types nested in them (client areas, extension classes).</summary>
        private ImmutableArray<EndpointInfo> CollectEndpoints()
        {
            var result = ImmutableArray.CreateBuilder<EndpointInfo>();
            var pending = new Stack<INamedTypeSymbol>();
            var types = _generated.Value.Types;
            for (var i = types.Length - 1; i >= 0; i--)
            {
                pending.Push(types[i]);
            }

            while (pending.Count > 0)
            {
                var type = pending.Pop();
                if (type.TypeKind != TypeKind.Class)
                {
                    continue;
                }

                foreach (var member in type.GetMembers())
                {
                    if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary } method && GetEndpoint(method) is { } endpoint)
                    {
                        result.Add(endpoint);
                    }
                }

                foreach (var nested in type.GetTypeMembers())
                {
                    pending.Push(nested);
                }
            }

            return result.ToImmutable();
        }

        private ImmutableArray<string> CollectNameQueries()
        {
            var markers = ImmutableArray.CreateBuilder<string>();
            foreach (var endpoint in AllEndpoints)
            {
                if (endpoint.HttpMethod != "GET")
                {
                    continue;
                }

                foreach (var parameter in endpoint.AttributeNameParameters)
                {
                    var marker = parameter + "=";
                    if (!markers.Contains(marker))
                    {
                        markers.Add(marker);
                    }
                }
            }

            return markers.ToImmutable();
        }

        /// <summary>The generated types of the compilation and its references, and which of them are catalogs.</summary>
        private sealed class GeneratedTypes
        {
            public GeneratedTypes(ImmutableArray<INamedTypeSymbol> types, ImmutableArray<INamedTypeSymbol> catalogs, ImmutableArray<IAssemblySymbol> assemblies)
            {
                Types = types;
                Catalogs = catalogs;
                Assemblies = assemblies;
                CatalogSet = new HashSet<INamedTypeSymbol>(catalogs, SymbolEqualityComparer.Default);
            }

            /// <summary>Every listed type: the runtime's first, then the compilation's, then its references'.</summary>
            public ImmutableArray<INamedTypeSymbol> Types { get; }

            public ImmutableArray<INamedTypeSymbol> Catalogs { get; }

            public HashSet<INamedTypeSymbol> CatalogSet { get; }

            /// <summary>The assemblies that list generated types.</summary>
            public ImmutableArray<IAssemblySymbol> Assemblies { get; }
        }

        /// <summary>The catalogs' names, read from their constants (which binds each one) when a name is first checked.</summary>
        private sealed class NameTable
        {
            public NameTable(ImmutableArray<INamedTypeSymbol> catalogs)
            {
                var names = ImmutableArray.CreateBuilder<KnownName>();
                Exact = new Dictionary<string, KnownName>(StringComparer.Ordinal);
                IgnoreCase = new Dictionary<string, KnownName>(StringComparer.OrdinalIgnoreCase);
                foreach (var catalog in catalogs)
                {
                    foreach (var member in catalog.GetMembers())
                    {
                        if (member is not IFieldSymbol { IsConst: true, ConstantValue: string value } field || value.Length == 0 || Exact.ContainsKey(value))
                        {
                            // The first catalog that holds a name wins (the package's before the project's and the libraries').
                            continue;
                        }

                        var name = new KnownName(value, field);
                        names.Add(name);
                        Exact.Add(value, name);
                        if (!IgnoreCase.ContainsKey(value))
                        {
                            IgnoreCase.Add(value, name);
                        }
                    }
                }

                Names = names.ToImmutable();
            }

            public ImmutableArray<KnownName> Names { get; }

            public Dictionary<string, KnownName> Exact { get; }

            public Dictionary<string, KnownName> IgnoreCase { get; }
        }

        /// <summary>Reference equality (what <c>ReferenceEqualityComparer</c> is on newer frameworks).</summary>
        private sealed class IdentityComparer<T> : IEqualityComparer<T>
            where T : class
        {
            public static readonly IdentityComparer<T> Instance = new();

            public bool Equals(T? x, T? y) => ReferenceEquals(x, y);

            public int GetHashCode(T obj) => RuntimeHelpers.GetHashCode(obj);
        }

        private sealed class Holder
        {
            public Holder(IcwsKnowledge? knowledge) => Knowledge = knowledge;

            public IcwsKnowledge? Knowledge { get; }
        }
    }

    /// <summary>What a member read is to ICWS2004: a typed accessor (with its attribute), a lookup by attribute name, or neither.</summary>
    internal sealed class MemberRead
    {
        public static readonly MemberRead None = new(null, false);
        public static readonly MemberRead Lookup = new(null, true);

        public MemberRead(string? accessorName, bool takesName)
        {
            AccessorName = accessorName;
            TakesName = takesName;
        }

        /// <summary>The attribute a typed accessor reads.</summary>
        public string? AccessorName { get; }

        /// <summary>An indexer or method of an ICWS type: its arguments may name an attribute.</summary>
        public bool TakesName { get; }
    }

    /// <summary>One known attribute: its name and the catalog constant that holds it.</summary>
    internal sealed class KnownName
    {
        public KnownName(string name, IFieldSymbol field)
        {
            Name = name;
            Field = field;
        }

        public string Name { get; }

        /// <summary>The constant (<c>RoutingAttr.Acme_RoutingPriority</c>).</summary>
        public IFieldSymbol Field { get; }

        public string FieldName => Field.Name;

        /// <summary>The catalog class that holds the constant.</summary>
        public INamedTypeSymbol Catalog => Field.ContainingType;
    }

    internal enum NameStatus
    {
        Known,
        CaseMismatch,
        Unknown,
    }

    /// <summary>The answer for one name: known, known in another case (with the canonical spelling), or unknown (with the nearest known name).</summary>
    internal readonly struct NameCheck
    {
        public NameCheck(NameStatus status, KnownName? suggestion)
        {
            Status = status;
            Suggestion = suggestion;
        }

        public NameStatus Status { get; }

        public KnownName? Suggestion { get; }
    }
}
