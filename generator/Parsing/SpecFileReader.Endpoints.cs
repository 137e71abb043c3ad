using System.Collections.Generic;
using System.Globalization;
using Icws.Generator.Json;
using Icws.Generator.Diagnostics;
using Icws.Generator.Model;

namespace Icws.Generator.Parsing
{
    internal sealed partial class SpecFileReader
    {
        private EndpointModel? ReadEndpoint(JsonObject obj)
        {
            var f = new ObjectFields(this, obj, "an endpoint");
            var area = f.Identifier("area", required: true);
            var name = f.Identifier("name", required: true);
            var method = f.String("method", required: true);
            var path = f.String("path", required: true);
            var description = f.String("description");
            var response = f.TypeRef("response");
            var responseProperty = f.String("responseProperty");
            var feature = ReadFeature(f.Object("feature"));
            var csrf = f.Boolean("csrf");
            var watch = f.String("watch");
            var unwatch = f.String("unwatch");
            var watchItems = f.String("watchItems");
            var runtime = f.String("runtime");
            var source = f.String("source");
            var success = ReadStatusList(f.Array("success", required: true), 200, 299);
            var errors = ReadStatusList(f.Array("errors"), 400, 599);

            BodyModel? body = null;
            var bodyObject = f.Object("body");
            if (bodyObject is not null)
            {
                var bf = new ObjectFields(this, bodyObject, "an endpoint body");
                var bodyType = bf.TypeRef("type", required: true);
                var flatten = bf.Boolean("flatten");
                bf.ReportUnknown();
                if (bodyType is not null)
                {
                    body = new BodyModel(bodyType, flatten?.Value ?? false);
                }
            }

            var parameters = new List<ParameterModel>();
            var parameterArray = f.Array("parameters");
            if (parameterArray is not null)
            {
                foreach (var item in parameterArray.Items)
                {
                    if (item is not JsonObject parameterObject)
                    {
                        Report(DiagnosticDescriptors.SpecWrongShape, item.Span, "Each parameter", "a JSON object", item.KindName);
                        continue;
                    }

                    var parameter = ReadParameter(parameterObject);
                    if (parameter is not null)
                    {
                        parameters.Add(parameter);
                    }
                }
            }

            f.ReportUnknown();
            if (area is null || name is null || method is null || path is null)
            {
                return null;
            }

            if (method.Value is not ("GET" or "POST" or "PUT" or "DELETE"))
            {
                Report(DiagnosticDescriptors.SpecNotOneOf, method.Span, "\"method\" of an endpoint", "GET, POST, PUT, DELETE", method.Value);
                return null;
            }

            if (!path.Value.StartsWith("/icws", System.StringComparison.Ordinal))
            {
                Report(DiagnosticDescriptors.SpecInvalidPath, path.Span, path.Value, "must start with /icws");
                return null;
            }

            if (!CheckOneOf(watch, "watch", "interaction", "queue") || !CheckOneOf(unwatch, "unwatch", "interaction", "queue")
                || !CheckOneOf(runtime, "runtime", "login", "logout", "messages"))
            {
                return null;
            }

            var isSessionCall = path.Value.StartsWith("/icws/{sessionId}", System.StringComparison.Ordinal);
            return new EndpointModel(area.Value, name.Value, method.Value, path.Value, description?.Value, parameters.ToEquatableArray(), body,
                response, responseProperty?.Value, success.ToEquatableArray(), errors.ToEquatableArray(), feature,
                csrf?.Value ?? isSessionCall, watch?.Value, unwatch?.Value, runtime?.Value, source?.Value, Locate(name.Span),
                watchItems?.Value, watchItems is null ? null : Locate(watchItems.Span));
        }

        private bool CheckOneOf(Field<string>? field, string what, params string[] allowed)
        {
            if (field is null || System.Array.IndexOf(allowed, field.Value) >= 0)
            {
                return true;
            }

            Report(DiagnosticDescriptors.SpecNotOneOf, field.Span, "\"" + what + "\"", string.Join(", ", allowed), field.Value);
            return false;
        }

        private List<int> ReadStatusList(JsonArray? array, int min, int max)
        {
            var result = new List<int>();
            if (array is null)
            {
                return result;
            }

            foreach (var item in array.Items)
            {
                if (item is JsonNumber { Integer: { } code } && code >= min && code <= max)
                {
                    result.Add((int)code);
                }
                else
                {
                    Report(DiagnosticDescriptors.SpecOutOfRange, item.Span, "HTTP status code", item is JsonNumber number ? number.Text : item.KindName, $"a whole number from {min} to {max}");
                }
            }

            return result;
        }

        private ParameterModel? ReadParameter(JsonObject obj)
        {
            var f = new ObjectFields(this, obj, "a parameter");
            var name = f.String("name", required: true);
            var csharpName = f.Identifier("csharpName");
            var location = f.String("in", required: true);
            var type = f.TypeRef("type", required: true);
            var required = f.Boolean("required");
            var attributeNames = f.Boolean("attributeNames");
            var description = f.String("description");
            f.ReportUnknown();
            if (name is null || location is null || type is null || !CheckOneOf(location, "in", "path", "query", "header"))
            {
                return null;
            }

            // The C# parameter is the camelCase of the identifier, which may leave nothing ("__" -> "").
            var identifier = csharpName?.Value ?? Identifiers.ToCamelCase(name.Value);
            var parameterName = Identifiers.ToCamelCase(identifier);
            if (!Identifiers.IsValid(identifier) || !Microsoft.CodeAnalysis.CSharp.SyntaxFacts.IsValidIdentifier(parameterName))
            {
                Report(DiagnosticDescriptors.SpecNoCSharpName, csharpName?.Span ?? name.Span, "Parameter", name.Value, "csharpName");
                return null;
            }

            var isRequired = location.Value == "path" || (required?.Value ?? false);
            return new ParameterModel(name.Value, parameterName, location.Value, type, isRequired, attributeNames?.Value ?? false, description?.Value, Locate(name.Span));
        }

        private AttributeModel? ReadAttribute(JsonObject obj, bool isCustom)
        {
            var f = new ObjectFields(this, obj, "an attribute");
            var name = f.String("name", required: true);
            var accessor = f.Identifier("accessor");
            var kind = f.String("kind", required: true);
            var enumName = f.Identifier("enum");
            var description = f.String("description");
            var source = f.String("source");
            var codes = new List<AttributeCodeModel>();
            var codesArray = f.Array("codes");
            f.ReportUnknown();
            if (name is null || kind is null)
            {
                return null;
            }

            if (!AttributeKinds.IsKnown(kind.Value))
            {
                Report(DiagnosticDescriptors.SpecNotOneOf, kind.Span, "\"kind\" of an attribute", "string, integer, boolean, code, flags, timestamp, duration", kind.Value);
                return null;
            }

            if (name.Value.Length == 0 || name.Value.Trim().Length != name.Value.Length || name.Value.IndexOf(',') >= 0)
            {
                Report(DiagnosticDescriptors.SpecInvalidAttributeName, name.Span, name.Value);
                return null;
            }

            var needsCodes = kind.Value is AttributeKinds.Code or AttributeKinds.Flags;
            if (needsCodes && enumName is null)
            {
                Report(DiagnosticDescriptors.SpecMissingField, kind.Span, $"Attribute '{name.Value}' of kind {kind.Value}", "enum");
                return null;
            }

            if (!needsCodes && (codesArray is not null || enumName is not null))
            {
                Report(DiagnosticDescriptors.SpecFieldNotAllowed, (codesArray?.Span ?? enumName!.Span), $"Attribute '{name.Value}' of kind {kind.Value}", codesArray is not null ? "codes" : "enum", "only code and flags attributes have codes and an enum");
            }

            if (needsCodes && codesArray is not null)
            {
                foreach (var item in codesArray.Items)
                {
                    var code = ReadCode(item, kind.Value);
                    if (code is not null)
                    {
                        codes.Add(code);
                    }
                }
            }

            var accessorName = accessor?.Value ?? Identifiers.AccessorFromAttributeName(name.Value);
            if (!Identifiers.IsValid(accessorName))
            {
                Report(DiagnosticDescriptors.SpecNoCSharpName, name.Span, "Attribute", name.Value, "accessor");
                return null;
            }

            return new AttributeModel(name.Value, accessorName, kind.Value, needsCodes ? enumName!.Value : null, codes.ToEquatableArray(),
                description?.Value, isCustom, source?.Value, Locate(name.Span));
        }

        private AttributeCodeModel? ReadCode(JsonNode item, string kind)
        {
            if (item is not JsonObject obj)
            {
                Report(DiagnosticDescriptors.SpecWrongShape, item.Span, "Each code", "a JSON object", item.KindName);
                return null;
            }

            var f = new ObjectFields(this, obj, "a code");
            var name = f.Identifier("name", required: true);
            var description = f.String("description");
            var valueMember = obj.Find("value");
            f.MarkKnown("value");
            f.ReportUnknown();
            if (name is null)
            {
                return null;
            }

            if (valueMember is null)
            {
                Report(DiagnosticDescriptors.SpecMissingField, new Microsoft.CodeAnalysis.Text.TextSpan(obj.Span.Start, 1), "A code", "value");
                return null;
            }

            if (kind == AttributeKinds.Code)
            {
                // One-letter codes: the enum value is the character itself, so an unknown letter still round-trips.
                if (valueMember.Value is JsonString { Value.Length: 1 } letter)
                {
                    return new AttributeCodeModel(name.Value, letter.Value[0], letter.Value, description?.Value, Locate(name.Span));
                }

                Report(DiagnosticDescriptors.SpecOutOfRange, valueMember.Value.Span, $"The value of code {name.Value}", valueMember.Value is JsonString text ? text.Value : valueMember.Value.KindName, "a one-character string");
                return null;
            }

            if (valueMember.Value is JsonNumber { Integer: { } bit } && bit > 0 && (bit & (bit - 1)) == 0)
            {
                return new AttributeCodeModel(name.Value, bit, bit.ToString(CultureInfo.InvariantCulture), description?.Value, Locate(name.Span));
            }

            Report(DiagnosticDescriptors.SpecOutOfRange, valueMember.Value.Span, $"The value of flag {name.Value}", valueMember.Value is JsonNumber number ? number.Text : valueMember.Value.KindName, "a power of two (one bit)");
            return null;
        }
    }
}
