using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using Icws.Generator.Diagnostics;
using Icws.Generator.Model;
using Icws.Generator.Parsing;
using Microsoft.CodeAnalysis;

namespace Icws.Generator.Binding
{
    /// <summary>The ready-to-emit model plus every problem found while binding.</summary>
    internal sealed record BindResult(ApiModel Model, EquatableArray<DiagnosticInfo> Diagnostics)
    {
        public static readonly BindResult Empty = new(ApiModel.Empty, EquatableArray<DiagnosticInfo>.Empty);
    }

    /// <summary>
    /// Turns the spec files of one compilation into the model the emitters print. It merges the files, resolves every
    /// name, checks every generated name against <see cref="GeneratedNames"/>, and works out what the emitters need
    /// (families, path pieces, signatures, watch pairing). A declaration that conflicts or refers to something unknown
    /// is left out with a diagnostic at its place in the spec; the rest is kept, so one bad line never empties the output.
    /// </summary>
    /// <remarks>
    /// Two modes. The package's own build (<see cref="BindOptions.Standard"/>) binds the standard spec files and emits
    /// all of them into <c>Icws.Client</c>. A consumer's build binds the standard files too (from the generator's
    /// embedded copy, so that its own files can refer to standard types and cannot redeclare standard names) but emits
    /// only the declarations of its own <c>*.icws.json</c> files, into its own namespace.
    /// </remarks>
    internal sealed partial class SpecBinder
    {
        private readonly BindOptions _options;
        private readonly List<DiagnosticInfo> _diagnostics = new();

        // Every spec-level type name (enums, types, messages, attribute enums): one namespace across all files.
        private readonly Dictionary<string, Declared> _names = new(StringComparer.Ordinal);
        private readonly Dictionary<string, EnumModel> _enums = new(StringComparer.Ordinal);
        private readonly Dictionary<string, TypeModel> _types = new(StringComparer.Ordinal);

        // Declared, but left out because of an error in their own declaration (reported there).
        private readonly HashSet<string> _leftOut = new(StringComparer.Ordinal);

        // In a consumer's build, every spec-level type name of the standard files (with its kind): taken before any of the
        // project's declarations, whatever their kind (enums are declared before types, so a project's enum QueueId would
        // otherwise take the name of the standard type, and every reference to QueueId with it).
        private readonly Dictionary<string, string> _standardNames = new(StringComparer.Ordinal);

        private SpecBinder(BindOptions options) => _options = options;

        /// <summary>Binds the files; never throws except for cancellation.</summary>
        public static BindResult Bind(IReadOnlyList<SpecFileModel> files, BindOptions options, CancellationToken cancellationToken)
        {
            try
            {
                return new SpecBinder(options).BindCore(files, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                throw;
            }
            catch (Exception ex)
            {
                var failure = DiagnosticInfo.Create(DiagnosticDescriptors.GeneratorFailure, null, "binding the spec files", ex.GetType().Name + ": " + ex.Message);
                return new BindResult(ApiModel.Empty with { IsStandard = options.Standard }, new EquatableArray<DiagnosticInfo>(new[] { failure }));
            }
        }

        private BindResult BindCore(IReadOnlyList<SpecFileModel> input, CancellationToken cancellationToken)
        {
            var files = OrderFiles(input);
            var emitted = files.Where(IsEmitted).ToList();
            if (emitted.Count == 0)
            {
                return new BindResult(ApiModel.Empty with { IsStandard = _options.Standard, Namespace = _options.Namespace }, KeptDiagnostics());
            }

            // 1. Names the generator itself takes in each namespace, then every declared enum, type and message name.
            CollectStandardAreas(files);
            CollectStandardNames(files);
            AllAreaNames.UnionWith(files.SelectMany(f => f.Endpoints).Select(e => e.Area));
            var catalogs = PlanCatalogs(files);
            ReserveGeneratedTypeNames(files, catalogs);
            var enums = DeclareEnums(files);
            var types = DeclareTypes(files);
            cancellationToken.ThrowIfCancellationRequested();

            // 2. Attributes (their code and flags enums share the type namespace).
            var attributes = BindAttributes(files, catalogs);

            // 3. Hierarchy and __type families first: a type left out there must not be found by the references
            //    resolved next. Then property types, then the watch feeds of messages.
            var kept = CheckHierarchy(types);
            var resolved = ResolveProperties(kept);
            var feeds = BindFeeds(resolved);
            cancellationToken.ThrowIfCancellationRequested();

            // 4. Areas and endpoints.
            var areas = BindAreas(files, cancellationToken);

            var messages = BuildMessages(resolved.Where(t => t.IsMessage && IsEmitted(t.Location)).ToList(), feeds, WatchAreas(files));
            var model = new ApiModel(
                _options.Standard,
                _options.Namespace,
                enums.Where(e => IsEmitted(e.Location)).Select(e => e with { Location = null, Values = e.Values.Select(v => v with { Location = null }).ToEquatableArray() }).ToEquatableArray(),
                BuildClasses(resolved.Where(t => !t.IsMessage && IsEmitted(t.Location)).ToList(), resolved),
                messages,
                BuildCatalogs(catalogs, attributes),
                MarkMessageRegistration(areas, messages));
            return new BindResult(model, KeptDiagnostics());
        }

        /// <summary>Every watch start (a PUT of a messaging subscription) of an area whose messages wait for its watches registers them.</summary>
        private static EquatableArray<AreaApiModel> MarkMessageRegistration(EquatableArray<AreaApiModel> areas, EquatableArray<MessageModel> messages)
        {
            var waiting = new HashSet<string>(messages.Select(m => m.WatchArea).OfType<string>(), StringComparer.Ordinal);
            if (waiting.Count == 0)
            {
                return areas;
            }

            // The area watched is named by the path (messaging/subscriptions/response-management is ResponseManagement's,
            // wherever the SDK put the endpoint), else it is the endpoint's own area.
            string? Watched(OperationModel o)
            {
                const string Marker = "/messaging/subscriptions/";
                var at = o.Path.IndexOf(Marker, StringComparison.Ordinal);
                if (o.HttpMethod != "PUT" || at < 0)
                {
                    return null;
                }

                var segment = o.Path.Substring(at + Marker.Length).Split('/')[0];
                return waiting.FirstOrDefault(area => string.Equals(Kebab(area), segment, StringComparison.Ordinal)) ?? (waiting.Contains(o.Area) ? o.Area : null);
            }

            return areas.Select(a => a with
            {
                Operations = a.Operations.Select(o => Watched(o) is { } watched ? o with { RegistersMessagesOf = watched } : o).ToEquatableArray(),
            }).ToEquatableArray();
        }

        private static string Kebab(string pascal)
        {
            var builder = new System.Text.StringBuilder(pascal.Length + 4);
            for (var i = 0; i < pascal.Length; i++)
            {
                if (i > 0 && char.IsUpper(pascal[i]))
                {
                    builder.Append('-');
                }

                builder.Append(char.ToLowerInvariant(pascal[i]));
            }

            return builder.ToString();
        }

        /// <summary>
        /// The area whose watches bring each standard file's messages in (its area with <c>messagesOnWatch</c>), by
        /// file path. A project's own messages are registered when its assembly loads, so this is for the package only.
        /// </summary>
        private Dictionary<string, string> WatchAreas(List<SpecFileModel> files)
            => _options.Standard
                ? files.Where(f => f.Areas.Any(a => a.MessagesOnWatch)).ToDictionary(f => f.Path, f => f.Areas.First(a => a.MessagesOnWatch).Name, StringComparer.Ordinal)
                : new Dictionary<string, string>(StringComparer.Ordinal);

        /// <summary>
        /// Standard files first, then the project's, each group by path; the same file given twice is read once. Paths
        /// that differ only in case are one file on Windows but two on Linux: read once only when their text is the same
        /// (otherwise the second would vanish without a word; read, its declarations conflict where they collide).
        /// </summary>
        private List<SpecFileModel> OrderFiles(IReadOnlyList<SpecFileModel> files)
        {
            var unique = new List<SpecFileModel>();
            foreach (var file in files)
            {
                if (!unique.Any(u => u.Path == file.Path || string.Equals(u.Path, file.Path, StringComparison.OrdinalIgnoreCase) && u.ContentHash == file.ContentHash))
                {
                    unique.Add(file);
                }
            }

            var standard = unique.Where(f => f.IsStandard).OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
            var custom = unique.Where(f => !f.IsStandard).OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
            return standard.Concat(custom).ToList();
        }

        private bool IsEmitted(SpecFileModel file) => _options.Standard || !file.IsStandard;

        /// <summary>Whether a declaration at this place is generated here (locations are kept until the model is built).</summary>
        private bool IsEmitted(LocationInfo? location)
            => _options.Standard || location is null || !_options.IsStandardPath(location.FilePath);

        private string NamespaceOf(LocationInfo? location) => IsEmitted(location) ? _options.Namespace : GeneratedNames.StandardNamespace;

        /// <summary>The diagnostics to report: those about the standard files only in the package's own build.</summary>
        private EquatableArray<DiagnosticInfo> KeptDiagnostics()
            => _diagnostics.Where(d => _options.Standard || d.Location is null || !_options.IsStandardPath(d.Location.FilePath)).ToEquatableArray();

        /// <summary>"the package's standard API" or the file's name, for conflict messages.</summary>
        private string Origin(string path) => !_options.Standard && _options.IsStandardPath(path) ? "the package's standard API" : Path.GetFileName(path);

        private void Report(DiagnosticDescriptor descriptor, LocationInfo? location, params string[] arguments)
            => _diagnostics.Add(DiagnosticInfo.Create(descriptor, location, arguments));

        /// <summary>A declared spec-level type name: what it is and where.</summary>
        private sealed record Declared(string Kind, string File);

        /// <summary>
        /// Declares a spec-level type name (enum, type, message, attribute enum), or reports why it cannot be:
        /// a name the generator takes in that namespace, or a name declared before.
        /// </summary>
        private bool Declare(string name, string kind, LocationInfo? location)
        {
            var file = location?.FilePath ?? string.Empty;
            if (Identifiers.IsLowerCaseOnly(name))
            {
                // "ticket" warns (CS8981, an error where warnings are), and "record", "file", "scoped" or "required" cannot name a type at all.
                Report(DiagnosticDescriptors.SpecReservedName, location, kind, name, name, "C# (it keeps type names of lower-case letters only for keywords: CS8981)", "start it with a capital letter");
                _leftOut.Add(name);
                return false;
            }

            if (!_options.Standard && IsEmitted(location) && _standardNames.TryGetValue(name, out var standardKind))
            {
                Report(DiagnosticDescriptors.SpecConflict, location, standardKind, name, "the package's standard API");
                return false;
            }

            if (_names.TryGetValue(name, out var existing))
            {
                if (existing.Kind == GeneratedKind)
                {
                    Report(DiagnosticDescriptors.SpecReservedName, location, kind, name, name, existing.File, "choose another name");
                }
                else if (existing.File == file)
                {
                    Report(DiagnosticDescriptors.SpecDuplicate, location, kind, name);
                }
                else
                {
                    Report(DiagnosticDescriptors.SpecConflict, location, existing.Kind, name, Origin(existing.File));
                }

                return false;
            }

            _names[name] = new Declared(kind, file);
            return true;
        }

        private const string GeneratedKind = "(generated)";

        private void CollectStandardNames(List<SpecFileModel> files)
        {
            if (_options.Standard)
            {
                return;
            }

            foreach (var file in files.Where(f => f.IsStandard))
            {
                var names = file.Enums.Select(e => (e.Name, Kind: "Enum"))
                    .Concat(file.Types.Select(t => (t.Name, Kind: t.IsMessage ? "Message" : "Type")))
                    .Concat(file.Attributes.Where(a => a.EnumName is not null).Select(a => (Name: a.EnumName!, Kind: "Attribute enum")));
                foreach (var (name, kind) in names)
                {
                    if (!_standardNames.ContainsKey(name))
                    {
                        _standardNames[name] = kind;
                    }
                }
            }
        }

        /// <summary>
        /// Takes the type names the generator writes besides the spec's declarations, so that a spec type of that name
        /// is refused where it is declared. Each entry says who uses the name (shown in the diagnostic).
        /// </summary>
        private void ReserveGeneratedTypeNames(List<SpecFileModel> files, List<CatalogPlan> catalogs)
        {
            void Reserve(string name, string user)
            {
                if (!_names.ContainsKey(name))
                {
                    _names[name] = new Declared(GeneratedKind, user);
                }
            }

            foreach (var name in GeneratedNames.StandardTypes)
            {
                // In a project these stay taken too: a project's Attr beside Icws.Client.Attr would make every file that
                // imports both namespaces ambiguous.
                Reserve(name, _options.Standard ? "the generated class " + name : "the standard API's class " + name);
            }

            if (!_options.Standard)
            {
                foreach (var name in GeneratedNames.ExtensionTypes)
                {
                    Reserve(name, "the generated class " + name);
                }
            }

            foreach (var catalog in catalogs.Where(c => c.Emitted))
            {
                Reserve(catalog.ClassName, $"the attribute catalog of {catalog.FileName}");
                Reserve(catalog.AccessorsClassName, $"the attribute accessors of {catalog.FileName}");
            }

            // Every __type family root gets Unknown{Root} beside it (a standard one too: the same name in a project's
            // namespace would make files importing both ambiguous); every new area of a project its own class.
            foreach (var file in files)
            {
                foreach (var type in file.Types.Where(t => t.Polymorphic && !t.IsMessage))
                {
                    Reserve(GeneratedNames.UnknownClass(type.Name), $"the unknown-member class of the __type family {type.Name}");
                }
            }

            if (!_options.Standard)
            {
                foreach (var area in EmittedAreaNames(files))
                {
                    var className = _standardAreas.Contains(area) ? GeneratedNames.AreaExtensionsClass(area) : GeneratedNames.AreaClass(area);
                    Reserve(className, $"the client area {area}");
                }
            }
        }

        private List<EnumModel> DeclareEnums(List<SpecFileModel> files)
        {
            var enums = new List<EnumModel>();
            foreach (var file in files)
            {
                foreach (var e in file.Enums)
                {
                    if (Declare(e.Name, "Enum", e.Location))
                    {
                        var checkedEnum = CheckEnum(e);
                        _enums[e.Name] = checkedEnum;
                        enums.Add(checkedEnum);
                    }
                }
            }

            return enums;
        }

        private List<TypeModel> DeclareTypes(List<SpecFileModel> files)
        {
            var types = new List<TypeModel>();
            foreach (var file in files)
            {
                foreach (var t in file.Types)
                {
                    // A class cannot hold a member of its own name: not WriteTo, ReadFrom, TypeUrn, Urn... (object's are only inherited).
                    var members = t.IsMessage ? GeneratedNames.MessageMembers : GeneratedNames.TypeMembers;
                    if (members.Contains(t.Name) && !GeneratedNames.ObjectMembers.Contains(t.Name))
                    {
                        Report(DiagnosticDescriptors.SpecReservedName, t.Location, t.IsMessage ? "Message" : "Type", t.Name, t.Name, "a member of the generated class (C# does not allow a member named like its type)", "choose another name");
                        _leftOut.Add(t.Name);
                        continue;
                    }

                    if (Declare(t.Name, t.IsMessage ? "Message" : "Type", t.Location))
                    {
                        _types[t.Name] = t;
                        types.Add(t);
                    }
                }
            }

            return types;
        }

        /// <summary>
        /// What a spec type reference resolves to, with the namespace its C# type lives in; null (with a diagnostic at
        /// the reference) when it names nothing usable.
        /// </summary>
        private TypeRefModel? Resolve(TypeRefModel reference, string user)
        {
            if (reference.Kind == TypeRefKind.Primitive)
            {
                return reference;
            }

            if (_enums.TryGetValue(reference.Name, out var e))
            {
                return reference with { Kind = TypeRefKind.Enum, Namespace = NamespaceOf(e.Location) };
            }

            if (_types.TryGetValue(reference.Name, out var target))
            {
                if (target.IsMessage)
                {
                    Report(DiagnosticDescriptors.SpecMessageAsType, reference.Location, reference.Name);
                    return null;
                }

                return reference with { Kind = TypeRefKind.Object, Namespace = NamespaceOf(target.Location) };
            }

            if (_leftOut.Contains(reference.Name))
            {
                var (kind, name) = SplitUser(user);
                Report(DiagnosticDescriptors.SpecLeftOut, reference.Location, kind, name, reference.Name);
                return null;
            }

            Report(DiagnosticDescriptors.SpecUnknownType, reference.Location, reference.Display);
            return null;
        }

        /// <summary>"Property QueueId.queueName" -> ("Property", "QueueId.queueName").</summary>
        private static (string Kind, string Name) SplitUser(string user)
        {
            var space = user.IndexOf(' ');
            return space < 0 ? ("Declaration", user) : (user.Substring(0, space), user.Substring(space + 1));
        }

        private static PropertyModel Strip(PropertyModel property) => property with { Location = null, Type = property.Type with { Location = null } };

        private static TypeRefModel Strip(TypeRefModel type) => type with { Location = null };
    }

    /// <summary>How to bind: the package's own build, or a consumer's (with the namespace of its extensions).</summary>
    internal sealed record BindOptions(bool Standard, string Namespace, EquatableArray<string> StandardPaths)
    {
        public static BindOptions ForStandard(IEnumerable<string> standardPaths)
            => new(true, GeneratedNames.StandardNamespace, standardPaths.ToEquatableArray());

        public static BindOptions ForExtension(string ns, IEnumerable<string> standardPaths)
            => new(false, ns, standardPaths.ToEquatableArray());

        public bool IsStandardPath(string path) => StandardPaths.Contains(path);
    }
}
