using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using Icws.Generator.Diagnostics;
using Icws.Generator.Model;
using Icws.Generator.Parsing;

namespace Icws.Generator.Binding
{
    internal sealed partial class SpecBinder
    {
        private static readonly Regex Placeholder = new(@"\{([^{}/]+)\}", RegexOptions.CultureInvariant);

        private const string TextTypes = "a string, uri, int, long, double, bool, guid, dateTime or an enum";

        // Areas the standard files have endpoints in (a project's endpoints there become extension methods).
        private readonly HashSet<string> _standardAreas = new(StringComparer.Ordinal);

        /// <summary>Areas whose endpoints this build emits, in first-seen order.</summary>
        private IEnumerable<string> EmittedAreaNames(List<SpecFileModel> files)
            => files.Where(IsEmitted).SelectMany(f => f.Endpoints).Where(e => e.Runtime is null).Select(e => e.Area).Distinct(StringComparer.Ordinal);

        private void CollectStandardAreas(List<SpecFileModel> files)
        {
            foreach (var endpoint in files.Where(f => f.IsStandard).SelectMany(f => f.Endpoints).Where(e => e.Runtime is null))
            {
                _standardAreas.Add(endpoint.Area);
            }
        }

        /// <summary>Binds every endpoint, pairs watches with their unwatch, and groups the emitted ones by area.</summary>
        private EquatableArray<AreaApiModel> BindAreas(List<SpecFileModel> files, CancellationToken cancellationToken)
        {
            var descriptions = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var area in files.SelectMany(f => f.Areas))
            {
                if (!descriptions.ContainsKey(area.Name) || descriptions[area.Name] is null)
                {
                    descriptions[area.Name] = area.Description;
                }
            }

            // Bind: every file's endpoints, the standard ones too (a project's watch may pair with them, and their names are taken).
            var names = new Dictionary<string, string>(StringComparer.Ordinal);
            var bound = new List<(OperationModel Operation, EndpointModel Endpoint, bool Emitted)>();
            foreach (var file in files)
            {
                foreach (var endpoint in file.Endpoints)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var key = endpoint.Area + "." + endpoint.Name;
                    if (names.TryGetValue(key, out var otherFile))
                    {
                        if (otherFile == file.Path)
                        {
                            Report(DiagnosticDescriptors.SpecDuplicate, endpoint.Location, "Endpoint", key);
                        }
                        else
                        {
                            Report(DiagnosticDescriptors.SpecConflict, endpoint.Location, "Endpoint", key, Origin(otherFile));
                        }

                        continue;
                    }

                    if (endpoint.Runtime is not null)
                    {
                        // Login, logout and message retrieval: the session does these itself; no client method.
                        names[key] = file.Path;
                        continue;
                    }

                    if (!CheckAreaName(endpoint) || BindEndpoint(endpoint) is not { } operation)
                    {
                        continue;
                    }

                    names[key] = file.Path;
                    bound.Add((operation, endpoint, IsEmitted(file)));
                }
            }

            // Pair each watch with the unwatch that stops it; a watch without one is left out (it could never be stopped).
            var operations = new List<(OperationModel Operation, bool Emitted)>();
            foreach (var (operation, endpoint, emitted) in bound)
            {
                if (operation.Watch is null)
                {
                    operations.Add((operation, emitted));
                    continue;
                }

                var key = operation.Parameters.First(p => p.Location == ParameterLocation.Path && p.CSharpName == operation.Watch.KeyParameter);
                var unwatch = bound.Select(b => b.Operation).FirstOrDefault(u =>
                    u.Area == operation.Area && u.Unwatch == endpoint.Watch && u.HttpMethod == "DELETE" && u.Path == operation.Path && u.Body is null
                    && u.Parameters.Count(p => p.Location == ParameterLocation.Path) == 1
                    && !u.Parameters.Any(p => p.Location != ParameterLocation.Path && p.Required)
                    && u.Parameters.Single(p => p.Location == ParameterLocation.Path).Type.Name == key.Type.Name);
                if (unwatch is null)
                {
                    Report(DiagnosticDescriptors.SpecWatchWithoutUnwatch, endpoint.Location, operation.Area + "." + operation.Name, operation.Area, operation.Path, endpoint.Watch!);
                    continue;
                }

                operations.Add((operation with { Watch = operation.Watch with { UnwatchMethod = unwatch.MethodName } }, emitted));
            }

            return operations
                .Where(o => o.Emitted)
                .GroupBy(o => o.Operation.Area, StringComparer.Ordinal)
                .Select(g =>
                {
                    var extends = !_options.Standard && _standardAreas.Contains(g.Key);
                    descriptions.TryGetValue(g.Key, out var description);
                    return new AreaApiModel(g.Key, description, GeneratedNames.AreaClass(g.Key), extends, g.Select(o => o.Operation).ToEquatableArray());
                })
                .ToEquatableArray();
        }

        /// <summary>
        /// An area becomes a property of the client (or, for a project's new area, an extension method on it) and a
        /// class named {Area}Api: neither may collide with the client's own members or another area's class.
        /// </summary>
        private bool CheckAreaName(EndpointModel endpoint)
        {
            var area = endpoint.Area;
            if (GeneratedNames.ClientMembers.Contains(area))
            {
                Report(DiagnosticDescriptors.SpecReservedName, endpoint.Location, "Area", area, area, "the generated client class", "put the endpoint in another area");
                return false;
            }

            // "Interactions" gives InteractionsApi; an area named "InteractionsApi" would give a property of that name beside it.
            if (area.EndsWith("Api", StringComparison.Ordinal) && AllAreaNames.Contains(area.Substring(0, area.Length - 3)))
            {
                Report(DiagnosticDescriptors.SpecReservedName, endpoint.Location, "Area", area, area, $"the class of area {area.Substring(0, area.Length - 3)}", "put the endpoint in another area");
                return false;
            }

            return true;
        }

        private HashSet<string> AllAreaNames { get; } = new(StringComparer.Ordinal);

        private OperationModel? BindEndpoint(EndpointModel endpoint)
        {
            var ok = true;
            var display = endpoint.Area + "." + endpoint.Name;
            var declared = new List<ParameterModel>();
            foreach (var parameter in endpoint.Parameters)
            {
                var location = parameter.Location ?? endpoint.Location;
                var type = Resolve(parameter.Type, $"Endpoint {display}");
                if (type is null)
                {
                    ok = false;
                    continue;
                }

                // Path, query and header values travel as text: single values of a text-like type (query lists of them).
                var isText = type.Kind == TypeRefKind.Enum || type.Kind == TypeRefKind.Primitive && type.Name is Primitives.String or Primitives.Uri
                    or Primitives.Int or Primitives.Long or Primitives.Double or Primitives.Bool or Primitives.Guid or Primitives.DateTime;
                if (!isText || type.IsList && parameter.In != "query")
                {
                    var allowed = parameter.In == "query" ? TextTypes + ", or a list of one of these" : TextTypes;
                    Report(DiagnosticDescriptors.SpecParameterType, location, display, parameter.Name, parameter.In, allowed, type.Display);
                    ok = false;
                    continue;
                }

                declared.Add(parameter with { Type = type });
            }

            // Every {placeholder} but {sessionId} needs a path parameter, and every path parameter a placeholder.
            var prefix = endpoint.IsSessionCall ? "/icws/{sessionId}" : "/icws";
            var placeholders = Placeholder.Matches(endpoint.Path).Cast<Match>().Select(m => m.Groups[1].Value).Where(n => n != "sessionId").ToList();
            foreach (var name in placeholders.Where(n => !declared.Any(p => p.In == "path" && p.Name == n)))
            {
                Report(DiagnosticDescriptors.SpecPlaceholderWithoutParameter, endpoint.Location, display, name);
                ok = false;
            }

            foreach (var parameter in declared.Where(p => p.In == "path" && !placeholders.Contains(p.Name)))
            {
                Report(DiagnosticDescriptors.SpecParameterWithoutPlaceholder, parameter.Location ?? endpoint.Location, display, parameter.Name);
                ok = false;
            }

            if (endpoint.Path.IndexOf("{sessionId}", StringComparison.Ordinal) > 0 && !endpoint.IsSessionCall)
            {
                Report(DiagnosticDescriptors.SpecInvalidPath, endpoint.Location, endpoint.Path, "has {sessionId} somewhere other than right after /icws");
                ok = false;
            }

            if (placeholders.Count != placeholders.Distinct(StringComparer.Ordinal).Count())
            {
                Report(DiagnosticDescriptors.SpecInvalidPath, endpoint.Location, endpoint.Path, "names the same placeholder twice");
                ok = false;
            }

            if (endpoint.Watch is not null && endpoint.Method != "PUT")
            {
                Report(DiagnosticDescriptors.SpecWatchMethod, endpoint.Location, display, "watch", "PUT", endpoint.Method);
                ok = false;
            }

            if (endpoint.Unwatch is not null && endpoint.Method != "DELETE")
            {
                Report(DiagnosticDescriptors.SpecWatchMethod, endpoint.Location, display, "unwatch", "DELETE", endpoint.Method);
                ok = false;
            }

            // Body.
            BoundBodyModel? body = null;
            TypeModel? bodyType = null;
            if (endpoint.Body is { } declaredBody)
            {
                if (Resolve(declaredBody.Type, $"Endpoint {display}") is not { } resolvedBody)
                {
                    ok = false;
                }
                else
                {
                    body = new BoundBodyModel(Strip(resolvedBody), declaredBody.Flatten);
                    if (declaredBody.Flatten)
                    {
                        if (resolvedBody.Kind != TypeRefKind.Object || resolvedBody.IsList || !_types.TryGetValue(resolvedBody.Name, out bodyType)
                            || bodyType.Polymorphic || bodyType.Abstract || bodyType.BaseName is not null)
                        {
                            Report(DiagnosticDescriptors.SpecFlattenNotAllowed, endpoint.Location, display, resolvedBody.Display);
                            ok = false;
                        }
                    }
                }

                if (endpoint.Method is "GET" or "DELETE")
                {
                    Report(DiagnosticDescriptors.SpecBodyNotAllowed, endpoint.Location, endpoint.Method, display);
                    ok = false;
                }
            }

            // Response.
            BoundResponseModel? response = null;
            if (endpoint.Response is { } declaredResponse)
            {
                if (Resolve(declaredResponse, $"Endpoint {display}") is not { } resolvedResponse)
                {
                    ok = false;
                }
                else if (endpoint.ResponseProperty is { } unwrap)
                {
                    var owner = resolvedResponse is { Kind: TypeRefKind.Object, IsList: false } && _types.TryGetValue(resolvedResponse.Name, out var t) ? t : null;
                    var property = owner is null ? null : ChainProperties(owner).FirstOrDefault(p => p.JsonName == unwrap);
                    if (property is null)
                    {
                        Report(DiagnosticDescriptors.SpecResponsePropertyUnknown, endpoint.Location, unwrap, display, resolvedResponse.Display);
                        ok = false;
                    }
                    else
                    {
                        response = new BoundResponseModel(Strip(resolvedResponse), Strip(property));
                    }
                }
                else
                {
                    response = new BoundResponseModel(Strip(resolvedResponse), null);
                }
            }

            if (!ok)
            {
                return null;
            }

            var parameters = BuildParameters(endpoint, declared, body, bodyType);
            if (parameters is null)
            {
                return null;
            }

            WatchModel? watch = null;
            if (endpoint.Watch is { } watchKind)
            {
                var key = parameters.LastOrDefault(p => p.Location == ParameterLocation.Path);
                if (key is null || key.Type.Name != Primitives.String)
                {
                    Report(DiagnosticDescriptors.SpecMissingField, endpoint.Location, $"Watch endpoint {display}", "a string path parameter that keys the watch (the subscription or interaction id)");
                    return null;
                }

                watch = new WatchModel(watchKind, key.CSharpName, string.Empty);
            }

            // watchItems: the list the watch takes its items in, by spec name; the analyzers get the C# parameter.
            // A name that fits no list is reported, and the endpoint is kept without it (it is only a hint to ICWS2003).
            string? watchItems = null;
            if (endpoint.WatchItems is { } items)
            {
                var lists = parameters.Where(p => p.Type.IsList && p.Location is ParameterLocation.Query or ParameterLocation.BodyProperty).ToList();
                var carrier = lists.FirstOrDefault(p => p.WireName == items);
                if (carrier is null)
                {
                    var names = lists.Count == 0 ? "none" : string.Join(", ", lists.Select(p => p.WireName));
                    Report(DiagnosticDescriptors.SpecWatchItemsUnknown, endpoint.WatchItemsLocation ?? endpoint.Location, items, display, names);
                }
                else
                {
                    watchItems = carrier.CSharpName;
                }
            }

            return new OperationModel(
                endpoint.Area,
                endpoint.Name,
                GeneratedNames.Method(endpoint.Name),
                endpoint.Method,
                endpoint.Path,
                endpoint.Description,
                endpoint.Source,
                parameters.ToEquatableArray(),
                PathParts(endpoint.Path.Substring(prefix.Length).TrimStart('/'), declared),
                body,
                response,
                endpoint.Success,
                endpoint.Errors,
                endpoint.Feature,
                endpoint.Feature is { Version: > 1 },
                endpoint.IsSessionCall,
                endpoint.Csrf,
                watch,
                endpoint.Unwatch,
                watchItems);
        }

        /// <summary>
        /// The method's parameters in signature order: path parameters as they stand in the path, then the required
        /// query and header parameters, the body (whole, or its required properties when flattened), the body's optional
        /// properties, and the optional query and header parameters. Names must be unique and leave cancellationToken free.
        /// </summary>
        private List<OperationParameterModel>? BuildParameters(EndpointModel endpoint, List<ParameterModel> declared, BoundBodyModel? body, TypeModel? flattenedType)
        {
            var display = endpoint.Area + "." + endpoint.Name;
            var path = Placeholder.Matches(endpoint.Path).Cast<Match>()
                .Select(m => declared.FirstOrDefault(p => p.In == "path" && p.Name == m.Groups[1].Value))
                .Where(p => p is not null)
                .Select(p => FromParameter(p!))
                .ToList();
            var requiredOther = declared.Where(p => p.In != "path" && p.Required).Select(FromParameter).ToList();
            var optionalOther = declared.Where(p => p.In != "path" && !p.Required).Select(FromParameter).ToList();
            var requiredBody = new List<OperationParameterModel>();
            var optionalBody = new List<OperationParameterModel>();
            if (body is not null)
            {
                if (body.Flatten)
                {
                    foreach (var property in flattenedType!.Properties)
                    {
                        var parameter = new OperationParameterModel(
                            Identifiers.ToCamelCase(property.CSharpName), property.JsonName, ParameterLocation.BodyProperty, Strip(property.Type),
                            property.Required, !property.Required || property.Nullable, property.AttributeNames, property.Description, property.CSharpName);
                        (property.Required ? requiredBody : optionalBody).Add(parameter);
                    }
                }
                else
                {
                    // Named after its type; a type name that camelCases to nothing ("__") gives "body".
                    var name = Identifiers.ToCamelCase(body.Type.IsList ? body.Type.Name + "List" : body.Type.Name);
                    name = Microsoft.CodeAnalysis.CSharp.SyntaxFacts.IsValidIdentifier(name) ? name : "body";
                    requiredBody.Add(new OperationParameterModel(name, name, ParameterLocation.Body, body.Type, true, false, false, "The request body.", null));
                }
            }

            var all = path.Concat(requiredOther).Concat(requiredBody).Concat(optionalBody).Concat(optionalOther).ToList();
            var seen = new HashSet<string>(StringComparer.Ordinal) { GeneratedNames.CancellationTokenParameter };
            foreach (var parameter in all)
            {
                if (parameter.Location == ParameterLocation.BodyProperty && !Microsoft.CodeAnalysis.CSharp.SyntaxFacts.IsValidIdentifier(parameter.CSharpName))
                {
                    // A flattened property's parameter is the camelCase of its C# name, which may leave nothing ("__" -> "").
                    var property = flattenedType!.Properties.First(p => p.CSharpName == parameter.BodyPropertyName);
                    Report(DiagnosticDescriptors.SpecNoCSharpName, IsEmitted(property.Location) ? property.Location : endpoint.Location, "Property", flattenedType.Name + "." + property.JsonName + " (a parameter of " + display + ")", "csharpName");
                    return null;
                }

                if (!seen.Add(parameter.CSharpName))
                {
                    var location = declared.FirstOrDefault(p => p.CSharpName == parameter.CSharpName)?.Location ?? endpoint.Location;
                    var user = parameter.CSharpName == GeneratedNames.CancellationTokenParameter ? "the generated method's cancellation token" : "another parameter of the generated method";
                    var remedy = parameter.Location == ParameterLocation.BodyProperty ? "give the body property another \"csharpName\"" : "give it a \"csharpName\"";
                    Report(DiagnosticDescriptors.SpecReservedName, location, "Parameter", display + "(" + parameter.WireName + ")", parameter.CSharpName, user, remedy);
                    return null;
                }
            }

            return all;
        }

        private static OperationParameterModel FromParameter(ParameterModel parameter)
        {
            var location = parameter.In switch
            {
                "path" => ParameterLocation.Path,
                "query" => ParameterLocation.Query,
                _ => ParameterLocation.Header,
            };
            return new OperationParameterModel(parameter.CSharpName, parameter.Name, location, Strip(parameter.Type), parameter.Required, !parameter.Required, parameter.AttributeNames, parameter.Description, null);
        }

        /// <summary>"interactions/{interactionId}/hold" -> "interactions/", {interactionId}, "/hold".</summary>
        private static EquatableArray<PathPartModel> PathParts(string rest, List<ParameterModel> parameters)
        {
            var parts = new List<PathPartModel>();
            var last = 0;
            foreach (Match match in Placeholder.Matches(rest))
            {
                if (match.Groups[1].Value == "sessionId")
                {
                    continue;
                }

                if (match.Index > last)
                {
                    parts.Add(new PathPartModel(rest.Substring(last, match.Index - last), null, null));
                }

                var parameter = parameters.First(p => p.In == "path" && p.Name == match.Groups[1].Value);
                parts.Add(new PathPartModel(null, parameter.CSharpName, Strip(parameter.Type)));
                last = match.Index + match.Length;
            }

            if (last < rest.Length || parts.Count == 0)
            {
                parts.Add(new PathPartModel(rest.Substring(last), null, null));
            }

            return parts.ToEquatableArray();
        }

        /// <summary>A type's properties from the root of its hierarchy down.</summary>
        private IEnumerable<PropertyModel> ChainProperties(TypeModel type)
        {
            var chain = new List<TypeModel> { type };
            var seen = new HashSet<string>(StringComparer.Ordinal) { type.Name };
            var current = type;
            while (current.BaseName is { } baseName && _types.TryGetValue(baseName, out var parent) && seen.Add(baseName))
            {
                chain.Add(parent);
                current = parent;
            }

            return chain.AsEnumerable().Reverse().SelectMany(t => t.Properties);
        }
    }
}
