using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using Icws.Generator.Diagnostics;
using Icws.Generator.Json;
using Icws.Generator.Model;
using Microsoft.CodeAnalysis.Text;

namespace Icws.Generator.Parsing
{
    /// <summary>
    /// Reads one spec file into declarations. Shape errors (a wrong JSON type, a missing name) drop the
    /// entry or field concerned and become diagnostics at its line and column; everything else in the
    /// file is still read. Names are not resolved here: that needs all files (see <see cref="SpecBinder"/>).
    /// </summary>
    internal sealed partial class SpecFileReader
    {
        /// <summary>The standard spec's files end with this (spec/icws.spec.json); the package's own build compiles them.</summary>
        public const string StandardSpecSuffix = ".spec.json";

        /// <summary>Users' spec files end with this (e.g. routing.icws.json).</summary>
        public const string CustomSpecSuffix = ".icws.json";

        private readonly string _path;
        private readonly SourceText _text;
        private readonly List<DiagnosticInfo> _diagnostics = new();

        private SpecFileReader(string path, SourceText text)
        {
            _path = path;
            _text = text;
        }

        public static bool IsSpecFile(string path) => IsStandardSpec(path) || IsCustomSpec(path);

        public static bool IsStandardSpec(string path) => path.EndsWith(StandardSpecSuffix, StringComparison.OrdinalIgnoreCase);

        public static bool IsCustomSpec(string path) => path.EndsWith(CustomSpecSuffix, StringComparison.OrdinalIgnoreCase);

        /// <summary>Reads a spec file. Never throws except for cancellation.</summary>
        public static SpecFileModel Read(string path, SourceText? text, CancellationToken cancellationToken)
        {
            var isStandard = IsStandardSpec(path);
            if (text is null)
            {
                var unreadable = DiagnosticInfo.Create(DiagnosticDescriptors.SpecSyntax, new LocationInfo(path, default, default), "the file could not be read");
                return Empty(path, "unreadable " + path, isStandard, unreadable);
            }

            var reader = new SpecFileReader(path, text);
            try
            {
                return reader.ReadFile(isStandard, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                throw;
            }
            catch (Exception ex)
            {
                // The reader is meant never to throw; if it does, say so at the file rather than crash the build.
                var failure = DiagnosticInfo.Create(DiagnosticDescriptors.GeneratorFailure, new LocationInfo(path, default, default), "reading " + Path.GetFileName(path), ex.GetType().Name + ": " + ex.Message);
                return Empty(path, ContentHash(text), isStandard, failure);
            }
        }

        private static SpecFileModel Empty(string path, string contentHash, bool isStandard, DiagnosticInfo diagnostic)
            => new(path, contentHash, isStandard, null, null, EquatableArray<AreaModel>.Empty, EquatableArray<EnumModel>.Empty, EquatableArray<TypeModel>.Empty,
                EquatableArray<EndpointModel>.Empty, EquatableArray<AttributeModel>.Empty, new EquatableArray<DiagnosticInfo>(new[] { diagnostic }));

        private SpecFileModel ReadFile(bool isStandard, CancellationToken cancellationToken)
        {
            var root = JsonParser.Parse(_text.ToString(), out var syntaxError, cancellationToken);
            if (root is null)
            {
                Report(DiagnosticDescriptors.SpecSyntax, new TextSpan(syntaxError!.Position, 0), syntaxError.Message);
                return Result(isStandard, null, new(), new(), new(), new(), new());
            }

            var areas = new List<AreaModel>();
            var enums = new List<EnumModel>();
            var types = new List<TypeModel>();
            var endpoints = new List<EndpointModel>();
            var attributes = new List<AttributeModel>();

            if (root is not JsonObject file)
            {
                Report(DiagnosticDescriptors.SpecWrongShape, root.Span, "A spec file", "a JSON object", root.KindName);
                return Result(isStandard, null, areas, enums, types, endpoints, attributes);
            }

            var fields = new ObjectFields(this, file, "the spec file");
            var version = fields.Integer("specVersion", required: true);
            if (version is { } v && v.Value != 1)
            {
                Report(DiagnosticDescriptors.SpecVersion, v.Span, v.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
                return Result(isStandard, null, areas, enums, types, endpoints, attributes);
            }

            fields.String("$schema");
            fields.String("description");
            var name = fields.Identifier("name");
            ReadList(fields.Array("areas"), "area", areas, ReadArea, cancellationToken);
            ReadList(fields.Array("enums"), "enum", enums, ReadEnum, cancellationToken);
            ReadList(fields.Array("types"), "type", types, o => ReadType(o, isMessage: false), cancellationToken);
            ReadList(fields.Array("messages"), "message", types, o => ReadType(o, isMessage: true), cancellationToken);
            ReadList(fields.Array("endpoints"), "endpoint", endpoints, ReadEndpoint, cancellationToken);
            ReadList(fields.Array("attributes"), "attribute", attributes, o => ReadAttribute(o, isCustom: !isStandard), cancellationToken);
            fields.ReportUnknown();
            return Result(isStandard, name, areas, enums, types, endpoints, attributes);
        }

        private SpecFileModel Result(bool isStandard, Field<string>? name, List<AreaModel> areas, List<EnumModel> enums, List<TypeModel> types, List<EndpointModel> endpoints, List<AttributeModel> attributes)
            => new(_path, ContentHash(_text), isStandard, name?.Value, name is null ? null : Locate(name.Span), areas.ToEquatableArray(), enums.ToEquatableArray(), types.ToEquatableArray(),
                endpoints.ToEquatableArray(), attributes.ToEquatableArray(), _diagnostics.ToEquatableArray());

        private void ReadList<T>(JsonArray? array, string what, List<T> into, Func<JsonObject, T?> read, CancellationToken cancellationToken)
            where T : class
        {
            if (array is null)
            {
                return;
            }

            foreach (var item in array.Items)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (item is not JsonObject obj)
                {
                    Report(DiagnosticDescriptors.SpecWrongShape, item.Span, "Each " + what, "a JSON object", item.KindName);
                    continue;
                }

                var value = read(obj);
                if (value is not null)
                {
                    into.Add(value);
                }
            }
        }

        private AreaModel? ReadArea(JsonObject obj)
        {
            var f = new ObjectFields(this, obj, "an area");
            var name = f.Identifier("name", required: true);
            var description = f.String("description");
            var messagesOnWatch = f.Boolean("messagesOnWatch");
            f.ReportUnknown();
            return name is null ? null : new AreaModel(name.Value, description?.Value, messagesOnWatch?.Value ?? false);
        }

        private EnumModel? ReadEnum(JsonObject obj)
        {
            var f = new ObjectFields(this, obj, "an enum");
            var name = f.Identifier("name", required: true);
            var urn = f.String("urn");
            var description = f.String("description");
            var flags = f.Boolean("flags");
            var source = f.String("source");
            f.String("sdk");
            var values = new List<EnumValueModel>();
            var array = f.Array("values", required: true);
            if (array is not null)
            {
                foreach (var item in array.Items)
                {
                    if (item is not JsonObject valueObject)
                    {
                        Report(DiagnosticDescriptors.SpecWrongShape, item.Span, "Each enum value", "a JSON object", item.KindName);
                        continue;
                    }

                    var vf = new ObjectFields(this, valueObject, "an enum value");
                    var valueName = vf.Identifier("name", required: true);
                    var value = vf.Integer("value", required: true);
                    var valueDescription = vf.String("description");
                    vf.ReportUnknown();
                    if (valueName is not null && value is not null)
                    {
                        values.Add(new EnumValueModel(valueName.Value, value.Value, valueDescription?.Value, Locate(valueName.Span)));
                    }
                }
            }

            f.ReportUnknown();
            if (name is null)
            {
                return null;
            }

            return new EnumModel(name.Value, urn?.Value, description?.Value, flags?.Value ?? false, values.ToEquatableArray(), source?.Value, Locate(name.Span));
        }

        private TypeModel? ReadType(JsonObject obj, bool isMessage)
        {
            var f = new ObjectFields(this, obj, isMessage ? "a message" : "a type");
            var name = f.Identifier("name", required: true);
            var urn = f.String("urn", required: isMessage);
            var description = f.String("description");
            var source = f.String("source");
            f.String("sdk"); // the facts contract a type without URN stands for; read by the importer and the conformance check
            Field<string>? baseName = null;
            Field<bool>? polymorphic = null;
            Field<bool>? isAbstract = null;
            FeedModel? feed = null;
            if (isMessage)
            {
                var feeds = f.Object("feeds");
                if (feeds is not null)
                {
                    feed = ReadFeed(feeds);
                }
            }
            else
            {
                baseName = f.Identifier("base");
                polymorphic = f.Boolean("polymorphic");
                isAbstract = f.Boolean("abstract");
            }

            var properties = new List<PropertyModel>();
            var array = f.Array("properties");
            if (array is not null)
            {
                foreach (var item in array.Items)
                {
                    if (item is not JsonObject propertyObject)
                    {
                        Report(DiagnosticDescriptors.SpecWrongShape, item.Span, "Each property", "a JSON object", item.KindName);
                        continue;
                    }

                    var property = ReadProperty(propertyObject);
                    if (property is not null)
                    {
                        properties.Add(property);
                    }
                }
            }

            f.ReportUnknown();
            if (name is null || (isMessage && urn is null))
            {
                return null;
            }

            return new TypeModel(name.Value, urn?.Value, baseName?.Value, polymorphic?.Value ?? false, isAbstract?.Value ?? false, isMessage,
                description?.Value, properties.ToEquatableArray(), feed, source?.Value, Locate(name.Span));
        }

        private FeedModel? ReadFeed(JsonObject obj)
        {
            var f = new ObjectFields(this, obj, "a watch feed");
            var kind = f.String("kind", required: true);
            var key = f.String("key", required: true);
            var added = f.String("added");
            var changed = f.String("changed");
            string? removed = null;
            var removesKey = false;
            var removedMember = obj.Find("removed");
            f.MarkKnown("removed");
            if (removedMember is not null)
            {
                switch (removedMember.Value)
                {
                    case JsonString s:
                        removed = s.Value;
                        break;
                    case JsonBoolean b:
                        removesKey = b.Value;
                        break;
                    default:
                        Report(DiagnosticDescriptors.SpecWrongShape, removedMember.Value.Span, "\"removed\" of a watch feed", "a property name or true", removedMember.Value.KindName);
                        break;
                }
            }

            f.ReportUnknown();
            if (kind is null || key is null)
            {
                return null;
            }

            if (kind.Value is not ("queue" or "interaction"))
            {
                Report(DiagnosticDescriptors.SpecNotOneOf, kind.Span, "\"kind\" of a watch feed", "queue, interaction", kind.Value);
                return null;
            }

            return new FeedModel(kind.Value, key.Value, added?.Value, changed?.Value, removed, removesKey);
        }

        private PropertyModel? ReadProperty(JsonObject obj)
        {
            var f = new ObjectFields(this, obj, "a property");
            var name = f.String("name", required: true);
            var csharpName = f.Identifier("csharpName");
            var type = f.TypeRef("type", required: true);
            var required = f.Boolean("required");
            var nullable = f.Boolean("nullable");
            var attributeNames = f.Boolean("attributeNames");
            var sensitive = f.Boolean("sensitive");
            var description = f.String("description");
            var feature = ReadFeature(f.Object("feature"));
            f.String("source");
            f.ReportUnknown();
            if (name is null || type is null)
            {
                return null;
            }

            var identifier = csharpName?.Value ?? Identifiers.ToPascalCase(name.Value);
            if (!Identifiers.IsValid(identifier))
            {
                Report(DiagnosticDescriptors.SpecNoCSharpName, name.Span, "Property", name.Value, "csharpName");
                return null;
            }

            return new PropertyModel(name.Value, identifier, type, required?.Value ?? false, nullable?.Value ?? false, attributeNames?.Value ?? false,
                sensitive?.Value ?? false, description?.Value, feature, Locate(name.Span));
        }

        private FeatureModel? ReadFeature(JsonObject? obj)
        {
            if (obj is null)
            {
                return null;
            }

            var f = new ObjectFields(this, obj, "a feature");
            var id = f.String("id", required: true);
            var version = f.Integer("version", required: true);
            f.ReportUnknown();
            if (id is null || version is null)
            {
                return null;
            }

            if (version.Value is < 1 or > int.MaxValue)
            {
                Report(DiagnosticDescriptors.SpecOutOfRange, version.Span, "Feature version", version.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), "a whole number from 1 up");
                return null;
            }

            return new FeatureModel(id.Value, (int)version.Value);
        }

        private static string ContentHash(SourceText text)
        {
            var hash = new System.Text.StringBuilder();
            foreach (var b in text.GetContentHash())
            {
                hash.Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            }

            return hash.ToString();
        }

        private void Report(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, TextSpan span, params string[] arguments)
            => _diagnostics.Add(DiagnosticInfo.Create(descriptor, Locate(span), arguments));

        private LocationInfo Locate(TextSpan span) => LocationInfo.At(_path, _text, span.Start, span.Length);
    }
}
