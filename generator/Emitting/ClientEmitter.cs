using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using Icws.Generator.Model;
using Icws.Generator.Parsing;

namespace Icws.Generator.Emitting
{
    /// <summary>
    /// Emits <c>IcwsClient</c>: one property per area, one async method per endpoint. Watch endpoints
    /// return a live watch (subscribed, re-subscribed after re-login, unsubscribed on dispose).
    /// </summary>
    internal sealed class ClientEmitter
    {
        private static readonly Regex Placeholder = new(@"\{([^{}/]+)\}", RegexOptions.CultureInvariant);

        private readonly ModelIndex _index;
        private readonly ValueCodec _codec;

        public ClientEmitter(ModelIndex index)
        {
            _index = index;
            _codec = new ValueCodec(index);
        }

        // public sealed partial class IcwsClient
        // {
        //     public IcwsClient(IIcwsTransport session) { ...; Interactions = new InteractionsApi(session); }
        //     public InteractionsApi Interactions { get; }
        //     public sealed partial class InteractionsApi { public Task HoldAsync(string interactionId, bool on, CancellationToken ct = default) ... }
        // }
        public string Emit()
        {
            var w = Emitter.StartFile(_index.Namespace);
            var areas = _index.Model.Areas.Where(a => _index.Model.Endpoints.Any(e => e.Area == a.Name && e.Runtime is null)).ToList();
            w.Line("/// <summary>");
            w.Line("/// Typed ICWS client generated from the spec: one property per area, one method per endpoint.");
            w.Line("/// Create it over a session: <c>var icws = new IcwsClient(session);</c>.");
            w.Line("/// </summary>");
            w.Line(Names.GeneratedCode);
            w.Line($"public sealed partial class {Names.ClientClass}");
            w.Open();
            w.Line($"private readonly {Names.IIcwsTransport} _transport;");
            w.Line();
            w.Line("/// <summary>Creates the client over a session (an <c>IcwsSession</c>).</summary>");
            w.Line("/// <param name=\"session\">The session that sends the requests and delivers the messages.</param>");
            w.Line($"public {Names.ClientClass}({Names.IIcwsTransport} session)");
            w.Open();
            w.Line($"{Names.ArgumentNullException}.ThrowIfNull(session);");
            w.Line("_transport = session;");
            w.Line($"session.UseMessageDecoder({_index.Qualified(Names.MessagesClass)}.Decoder);");
            foreach (var area in areas)
            {
                w.Line($"{area.Name} = new {area.Name}Api(session);");
            }

            w.Close();
            foreach (var area in areas)
            {
                w.Line();
                Docs.Summary(w, area.Description, $"The {area.Name} endpoints.");
                w.Line($"public {area.Name}Api {area.Name} {{ get; }}");
            }

            foreach (var area in areas)
            {
                w.Line();
                EmitArea(w, area);
            }

            w.Close();
            Emitter.EndFile(w);
            return w.ToString();
        }

        private void EmitArea(SourceWriter w, AreaModel area)
        {
            Docs.Summary(w, area.Description, $"The {area.Name} endpoints.");
            w.Line(Names.GeneratedCode);
            w.Line($"public sealed partial class {area.Name}Api");
            w.Open();
            w.Line($"private readonly {Names.IIcwsTransport} _transport;");
            w.Line();
            w.Line($"internal {area.Name}Api({Names.IIcwsTransport} transport) => _transport = transport;");
            var endpoints = _index.Model.Endpoints.Where(e => e.Area == area.Name && e.Runtime is null).ToList();
            foreach (var endpoint in endpoints)
            {
                w.Line();
                EmitMethod(w, endpoint, endpoints);
            }

            w.Close();
        }

        private void EmitMethod(SourceWriter w, EndpointModel endpoint, List<EndpointModel> areaEndpoints)
        {
            var parameters = BuildParameters(endpoint);
            var (returnType, readResponse) = Response(endpoint);
            var watchKind = endpoint.Watch;
            if (watchKind is not null)
            {
                returnType = (watchKind == "queue" ? Names.QueueWatch : Names.InteractionWatch) + "<" + _index.Qualified(Names.AttributesView) + ">";
            }

            EmitDocs(w, endpoint, parameters, returnType);
            w.Line(EndpointAttribute(endpoint));
            var signature = string.Join(", ", parameters.Select(p => p.Declaration).Append($"{Names.CancellationToken} cancellationToken = default"));
            var taskType = returnType is null ? Names.Task : $"{Names.Task}<{returnType}>";
            w.Line($"public {taskType} {endpoint.Name}Async({signature})");
            w.Open();

            // Body first: it validates its arguments before anything else is built.
            string bodyType, bodyValue, writeBody;
            if (endpoint.Body is { } body)
            {
                bodyType = _codec.CSharpType(body.Type, nullable: false);
                if (body.Flatten)
                {
                    var type = _index.Type(body.Type.Name);
                    foreach (var p in parameters.Where(p => p.BodyProperty is { Required: true } && !ValueCodec.IsValueType(p.BodyProperty.Type)))
                    {
                        w.Line($"{Names.ArgumentNullException}.ThrowIfNull({p.Name});");
                    }

                    w.Line($"var body = new {bodyType}");
                    w.Open();
                    foreach (var p in parameters.Where(p => p.BodyProperty is not null))
                    {
                        // A watch sends its body again after every re-login: copy lists, so a caller
                        // changing its list later cannot change what the watch re-subscribes with.
                        var value = watchKind is not null && p.Type.IsList
                            ? (p.Required ? $"global::System.Linq.Enumerable.ToArray({p.Name})" : $"{p.Name} is null ? null : global::System.Linq.Enumerable.ToArray({p.Name})")
                            : p.Name;
                        w.Line($"{p.BodyProperty!.CSharpName} = {value},");
                    }

                    w.Close("};");
                    bodyValue = "body";
                }
                else
                {
                    var bodyParameter = parameters.Single(p => p.IsBody);
                    w.Line($"{Names.ArgumentNullException}.ThrowIfNull({bodyParameter.Name});");
                    bodyValue = bodyParameter.Name;
                }

                writeBody = body.Type.IsList
                    ? $"static (writer, value) => {{ {WriteListInline(body.Type)} }}"
                    : "static (writer, value) => value.WriteTo(writer)";
            }
            else
            {
                bodyType = Names.NoContent;
                bodyValue = "default";
                writeBody = "null";
            }

            var queries = parameters.Where(p => p.In == "query").ToList();
            if (queries.Count == 1 && endpoint.Path.IndexOf('?') < 0)
            {
                // The common case, one query parameter: the whole path in one concatenation, no throw-away string.
                var query = queries[0];
                var withQuery = $"{PathExpression(endpoint)} + {Docs.Literal("?" + query.WireName + "=")} + {QueryValue(query, nonNullValue: !query.Required)}";
                w.Line(query.Required
                    ? $"var path = {withQuery};"
                    : $"var path = {query.Name} is null ? {PathExpression(endpoint)} : {withQuery};");
                queries.Clear();
            }
            else
            {
                w.Line($"var path = {PathExpression(endpoint)};");
            }

            foreach (var query in queries)
            {
                var value = QueryValue(query);
                if (query.Required)
                {
                    w.Line($"path = {Names.IcwsPath}.AppendQuery(path, {Docs.Literal(query.WireName)}, {value});");
                }
                else
                {
                    w.Line($"if ({query.Name} is not null)");
                    w.Open();
                    w.Line($"path = {Names.IcwsPath}.AppendQuery(path, {Docs.Literal(query.WireName)}, {QueryValue(query, nonNullValue: true)});");
                    w.Close();
                }
            }

            var headers = parameters.Where(p => p.In == "header").ToList();
            var headersArgument = "null";
            if (headers.Count > 0)
            {
                w.Line("var headers = new global::System.Collections.Generic.List<global::System.Collections.Generic.KeyValuePair<string, string>>();");
                foreach (var header in headers)
                {
                    var add = $"headers.Add(new global::System.Collections.Generic.KeyValuePair<string, string>({Docs.Literal(header.WireName)}, {_codec.QueryText(header.Type, header.Required || ValueCodec.IsValueType(header.Type) == false ? header.Name : header.Name + ".Value")}));";
                    if (header.Required)
                    {
                        w.Line(add);
                    }
                    else
                    {
                        w.Line($"if ({header.Name} is not null) {add}");
                    }
                }

                headersArgument = "headers";
            }

            var method = endpoint.Method switch
            {
                "GET" => "Get",
                "POST" => "Post",
                "PUT" => "Put",
                _ => "Delete",
            };
            var featureCheck = string.Empty;
            if (endpoint.Feature is { } feature && feature.Version > _index.Options.MinimumVersion(feature.Id))
            {
                // Newer than what the project says every server has: let the session check the server's feature list first.
                featureCheck = $", {Docs.Literal(feature.Id)}, {feature.Version.ToString(CultureInfo.InvariantCulture)}";
            }

            var request = $"new {Names.IcwsRequest}({Names.HttpMethod}.{method}, path, {Bool(endpoint.IsSessionCall)}, {Bool(endpoint.Csrf)}, {Docs.Literal(endpoint.Area + "." + endpoint.Name)}, {headersArgument}{featureCheck})";
            var resultType = readResponse is null ? Names.NoContent : Response(endpoint).Type!;
            var send = $"SendAsync<{bodyType}, {resultType}>(request, {bodyValue}, {writeBody}, {readResponse ?? "null"}, {{0}})";
            w.Line($"var request = {request};");
            if (watchKind is null)
            {
                w.Line("return _transport." + string.Format(CultureInfo.InvariantCulture, send, "cancellationToken") + ";");
            }
            else
            {
                EmitWatchStart(w, endpoint, areaEndpoints, parameters, send);
            }

            w.Close();
        }

        // var transport = _transport;
        // return transport.Watches.StartQueueWatchAsync<InteractionAttributes>(key,
        //     token => transport.SendAsync<...>(request, body, ..., token),        (PUT, again after every re-login)
        //     token => UnwatchAsync(key, token),                                  (DELETE on dispose)
        //     cancellationToken);
        private void EmitWatchStart(SourceWriter w, EndpointModel endpoint, List<EndpointModel> areaEndpoints, List<MethodParameter> parameters, string send)
        {
            var key = parameters.Last(p => p.In == "path");
            var unwatch = areaEndpoints.FirstOrDefault(e => e.Unwatch == endpoint.Watch && e.Path == endpoint.Path && e.Method == "DELETE");
            var start = endpoint.Watch == "queue" ? "StartQueueWatchAsync" : "StartInteractionWatchAsync";
            w.Line("var transport = _transport;");
            w.Line($"return transport.Watches.{start}<{_index.Qualified(Names.AttributesView)}>(");
            w.Line($"    {key.Name},");
            w.Line($"    token => transport.{string.Format(CultureInfo.InvariantCulture, send, "token")},");
            if (unwatch is not null && unwatch.Parameters.Count(p => p.In == "path") == 1 && !unwatch.Parameters.Any(p => p.In != "path" && p.Required) && unwatch.Body is null)
            {
                w.Line($"    token => {unwatch.Name}Async({key.Name}, token),");
            }
            else
            {
                w.Line("    null,");
            }

            w.Line("    cancellationToken);");
        }

        private string WriteListInline(TypeRefModel type)
        {
            var sub = new SourceWriter();
            _codec.WriteValue(sub, type, "value", 0);
            return string.Join(" ", sub.ToString().Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0));
        }

        private string QueryValue(MethodParameter query, bool nonNullValue = false)
        {
            var type = query.Type;
            var name = nonNullValue && ValueCodec.IsValueType(type) ? query.Name + ".Value" : query.Name;
            if (type.IsList)
            {
                if (type.Kind == TypeRefKind.Primitive && type.Name is Primitives.String or Primitives.Uri)
                {
                    return $"{Names.IcwsPath}.QueryList({query.Name}, {Docs.Literal(query.Name)})";
                }

                var element = type with { IsList = false };
                return $"{Names.IcwsPath}.QueryList(global::System.Linq.Enumerable.Select({query.Name}, static item => {_codec.QueryText(element, "item")}), {Docs.Literal(query.Name)})";
            }

            return $"{Names.IcwsPath}.QueryValue({_codec.QueryText(type, name)})";
        }

        /// <summary>"/icws/{sessionId}/interactions/{interactionId}/hold" -> "interactions/" + Segment(interactionId) + "/hold".</summary>
        private static string PathExpression(EndpointModel endpoint)
        {
            var prefix = endpoint.IsSessionCall ? "/icws/{sessionId}" : "/icws";
            var rest = endpoint.Path.Substring(prefix.Length).TrimStart('/');
            var parts = new List<string>();
            var last = 0;
            foreach (Match match in Placeholder.Matches(rest))
            {
                if (match.Index > last)
                {
                    parts.Add(Docs.Literal(rest.Substring(last, match.Index - last)));
                }

                var parameter = endpoint.Parameters.First(p => p.In == "path" && p.Name == match.Groups[1].Value);
                parts.Add($"{Names.IcwsPath}.Segment({PathText(parameter)}, {Docs.Literal(parameter.CSharpName)})");
                last = match.Index + match.Length;
            }

            if (last < rest.Length || parts.Count == 0)
            {
                parts.Add(Docs.Literal(rest.Substring(last)));
            }

            return string.Join(" + ", parts);
        }

        private static string PathText(ParameterModel parameter) => parameter.Type.Kind == TypeRefKind.Enum
            ? $"((int){parameter.CSharpName}).ToString(global::System.Globalization.CultureInfo.InvariantCulture)"
            : parameter.Type.Name switch
            {
                Primitives.Int or Primitives.Long or Primitives.Double => $"{parameter.CSharpName}.ToString(global::System.Globalization.CultureInfo.InvariantCulture)",
                Primitives.Bool => $"({parameter.CSharpName} ? \"true\" : \"false\")",
                Primitives.Guid => $"{parameter.CSharpName}.ToString()",
                Primitives.DateTime => $"global::Icws.IcwsDateTime.Format({parameter.CSharpName})",
                _ => parameter.CSharpName,
            };

        private (string? Type, string? Reader) Response(EndpointModel endpoint)
        {
            if (endpoint.Response is not { } response)
            {
                return (null, null);
            }

            if (endpoint.ResponseProperty is { } unwrap)
            {
                var owner = _index.Type(response.Name);
                var property = _index.AllProperties(owner).First(p => p.JsonName == unwrap);
                var type = _codec.CSharpType(property.Type, nullable: !property.Required || property.Nullable);
                return (type, $"static (ref {Names.Utf8JsonReader} reader) => {_index.Qualified(owner.Name)}.ReadFrom(ref reader).{property.CSharpName}");
            }

            var resultType = _codec.CSharpType(response, nullable: false);
            if (response.Kind == TypeRefKind.Object && !response.IsList)
            {
                return (resultType, _index.Qualified(response.Name) + ".ReadFrom");
            }

            return (resultType, $"static (ref {Names.Utf8JsonReader} reader) => {_codec.Read(response, "reader", endpoint.Area + "." + endpoint.Name)}");
        }

        private string EndpointAttribute(EndpointModel endpoint)
        {
            var arguments = new List<string> { Docs.Literal(endpoint.Method), Docs.Literal(endpoint.Path) };
            if (endpoint.Watch is { } watch)
            {
                arguments.Add($"Watch = {Names.IcwsWatchKind}.{(watch == "queue" ? "Queue" : "Interaction")}");
            }

            if (endpoint.Unwatch is { } unwatch)
            {
                arguments.Add($"Unwatch = {Names.IcwsWatchKind}.{(unwatch == "queue" ? "Queue" : "Interaction")}");
            }

            if (endpoint.Feature is { } feature)
            {
                arguments.Add($"FeatureId = {Docs.Literal(feature.Id)}");
                arguments.Add($"FeatureVersion = {feature.Version.ToString(CultureInfo.InvariantCulture)}");
            }

            return $"[{Names.IcwsEndpointAttribute}({string.Join(", ", arguments)})]";
        }

        private void EmitDocs(SourceWriter w, EndpointModel endpoint, List<MethodParameter> parameters, string? returnType)
        {
            Docs.Summary(w, endpoint.Description, $"Calls {endpoint.Method} {endpoint.Path}.");
            foreach (var parameter in parameters)
            {
                Docs.Element(w, "param", parameter.Description ?? parameter.WireName + ".", $"name=\"{parameter.Name}\"");
            }

            w.Line("/// <param name=\"cancellationToken\">Cancels the request.</param>");
            if (endpoint.Watch is not null)
            {
                w.Line("/// <returns>The live watch: its view fills from the first (snapshot) message and follows every change. It is re-subscribed after a re-login; dispose it to stop it.</returns>");
            }
            else if (returnType is not null)
            {
                w.Line("/// <returns>The response body.</returns>");
            }
            else
            {
                w.Line("/// <returns>A task that completes when the server has accepted the request.</returns>");
            }

            var remarks = $"<c>{endpoint.Method} {Docs.Escape(endpoint.Path)}</c>; success {string.Join(", ", endpoint.Success)}.";
            if (endpoint.Feature is { } feature)
            {
                remarks += $" Needs feature <c>{Docs.Escape(feature.Id)}</c> version {feature.Version}.";
            }

            var source = Docs.SourceNote(endpoint.Source);
            if (source.Length > 0)
            {
                remarks += " " + source;
            }

            Docs.Raw(w, "remarks", remarks);
            var errors = endpoint.Errors.IsEmpty ? "an error status" : string.Join(", ", endpoint.Errors);
            w.Line($"/// <exception cref=\"{Names.IcwsApiException}\">The server answered {errors}.</exception>");
            w.Line($"/// <exception cref=\"{Names.IcwsProtocolException}\">The response could not be read.</exception>");
            if (endpoint.Feature is { } needed && needed.Version > _index.Options.MinimumVersion(needed.Id))
            {
                w.Line($"/// <exception cref=\"global::Icws.IcwsFeatureNotSupportedException\">The server's <c>{Docs.Escape(needed.Id)}</c> feature is older than version {needed.Version} (checked because the project's IcwsMinimumFeatureVersions is lower).</exception>");
            }
        }

        // public static class IcwsClientRegistration
        // {
        //     public static IHttpClientBuilder AddIcwsClient(this IServiceCollection services, Action<IcwsSessionOptions>? configure = null) { ... }
        // }
        public static string EmitRegistration(ModelIndex index)
        {
            var w = Emitter.StartFile(index.Namespace);
            w.Lines($$"""
                /// <summary>Registers the generated <see cref="{{Names.ClientClass}}"/> with dependency injection.</summary>
                {{Names.GeneratedCode}}
                public static partial class IcwsClientRegistration
                {
                    /// <summary>
                    /// Registers <see cref="{{Names.ClientClass}}"/> (singleton) over an <c>IcwsSession</c> that logs in on first use,
                    /// with an HttpClient from IHttpClientFactory and <c>IcwsSessionOptions</c> from the options pattern.
                    /// </summary>
                    /// <param name="services">The service collection.</param>
                    /// <param name="configure">Sets the session options (server, credentials, ...).</param>
                    /// <returns>The HttpClient builder of the ICWS client, to add handlers around its calls.</returns>
                    public static global::Microsoft.Extensions.DependencyInjection.IHttpClientBuilder AddIcwsClient(this global::Microsoft.Extensions.DependencyInjection.IServiceCollection services, global::System.Action<global::Icws.IcwsSessionOptions>? configure = null)
                    {
                        var builder = global::Microsoft.Extensions.DependencyInjection.IcwsServiceCollectionExtensions.AddIcwsSession(services, configure);
                        global::Microsoft.Extensions.DependencyInjection.Extensions.ServiceCollectionDescriptorExtensions.TryAddSingleton(
                            services,
                            static provider => new {{index.Qualified(Names.ClientClass)}}(global::Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<global::Icws.IcwsSession>(provider)));
                        return builder;
                    }
                }
                """);
            Emitter.EndFile(w);
            return w.ToString();
        }

        private List<MethodParameter> BuildParameters(EndpointModel endpoint)
        {
            var path = new List<MethodParameter>();
            foreach (Match match in Placeholder.Matches(endpoint.Path))
            {
                var parameter = endpoint.Parameters.FirstOrDefault(p => p.In == "path" && p.Name == match.Groups[1].Value);
                if (parameter is not null)
                {
                    path.Add(FromParameter(parameter));
                }
            }

            var requiredOther = endpoint.Parameters.Where(p => p.In != "path" && p.Required).Select(FromParameter).ToList();
            var optionalOther = endpoint.Parameters.Where(p => p.In != "path" && !p.Required).Select(FromParameter).ToList();
            var requiredBody = new List<MethodParameter>();
            var optionalBody = new List<MethodParameter>();
            if (endpoint.Body is { } body)
            {
                if (body.Flatten)
                {
                    foreach (var property in _index.Type(body.Type.Name).Properties)
                    {
                        var name = Identifiers.ToCamelCase(property.CSharpName);
                        var nullable = !property.Required || property.Nullable;
                        var declaration = Attributes(property.AttributeNames) + _codec.CSharpType(property.Type, nullable) + " " + Escape(name) + (property.Required ? string.Empty : " = null");
                        var parameter = new MethodParameter(Escape(name), property.JsonName, "body", property.Type, property.Required, declaration, property.Description, property, false);
                        (property.Required ? requiredBody : optionalBody).Add(parameter);
                    }
                }
                else
                {
                    var name = Identifiers.ToCamelCase(body.Type.Name);
                    var declaration = _codec.CSharpType(body.Type, nullable: false) + " " + Escape(name);
                    requiredBody.Add(new MethodParameter(Escape(name), name, "body", body.Type, true, declaration, "The request body.", null, true));
                }
            }

            return path.Concat(requiredOther).Concat(requiredBody).Concat(optionalBody).Concat(optionalOther).ToList();
        }

        private MethodParameter FromParameter(ParameterModel parameter)
        {
            var type = parameter.Type;
            string typeText;
            if (parameter.In != "body" && type.IsList)
            {
                typeText = Names.IEnumerable + "<" + _codec.ElementType(type) + ">" + (parameter.Required ? string.Empty : "?");
            }
            else
            {
                typeText = _codec.CSharpType(type, nullable: !parameter.Required);
            }

            var declaration = Attributes(parameter.AttributeNames) + typeText + " " + Escape(parameter.CSharpName) + (parameter.Required ? string.Empty : " = null");
            return new MethodParameter(Escape(parameter.CSharpName), parameter.Name, parameter.In, type, parameter.Required, declaration, parameter.Description, null, false);
        }

        private static string Attributes(bool attributeNames) => attributeNames ? Names.IcwsAttributeNamesAttribute + " " : string.Empty;

        private static string Escape(string name) => Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(name) != Microsoft.CodeAnalysis.CSharp.SyntaxKind.None ? "@" + name : name;

        private static string Bool(bool value) => value ? "true" : "false";

        private sealed record MethodParameter(
            string Name,
            string WireName,
            string In,
            TypeRefModel Type,
            bool Required,
            string Declaration,
            string? Description,
            PropertyModel? BodyProperty,
            bool IsBody);
    }
}
