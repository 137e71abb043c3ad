using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Icws.Generator.Model;

namespace Icws.Generator.Emitting
{
    /// <summary>
    /// Emits the client: in the standard API <c>IcwsClient</c> with one property per area and one nested class per area
    /// (one file each), one async method per endpoint; in a project, its own endpoints as extension methods on the
    /// package's area classes, and new areas as classes of their own reached through an extension method on the client.
    /// Watch endpoints return a live watch (subscribed, re-subscribed after re-login, unsubscribed on dispose).
    /// </summary>
    internal static class ClientEmitter
    {
        public static IEnumerable<GeneratedFile> Emit(ApiModel model)
        {
            if (model.IsStandard)
            {
                yield return new GeneratedFile(GeneratedNames.ClientClass, EmitClientRoot(model));
                foreach (var area in model.Areas)
                {
                    var w = Emitter.StartFile(model);
                    w.Line($"public sealed partial class {GeneratedNames.ClientClass}");
                    w.Open();
                    EmitAreaClass(w, model, area, nested: true);
                    w.Close();
                    yield return new GeneratedFile(GeneratedNames.ClientClass + "." + area.Name, Emitter.EndFile(w));
                }

                yield return new GeneratedFile(GeneratedNames.RegistrationClass, EmitRegistration(model));
                yield break;
            }

            foreach (var area in model.Areas)
            {
                var w = Emitter.StartFile(model);
                if (area.ExtendsStandardArea)
                {
                    EmitAreaExtensions(w, model, area);
                    yield return new GeneratedFile(GeneratedNames.AreaExtensionsClass(area.Name), Emitter.EndFile(w));
                }
                else
                {
                    EmitAreaClass(w, model, area, nested: false);
                    yield return new GeneratedFile(area.ClassName, Emitter.EndFile(w));
                }
            }

            var newAreas = model.Areas.Where(a => !a.ExtendsStandardArea).ToList();
            if (newAreas.Count > 0)
            {
                yield return new GeneratedFile(GeneratedNames.ClientExtensionsClass, EmitClientExtensions(model, newAreas));
            }
        }

        // public sealed partial class IcwsClient
        // {
        //     public IcwsClient(IIcwsTransport session) { ...; Interactions = new InteractionsApi(session); }
        //     public InteractionsApi Interactions { get; }
        // }
        private static string EmitClientRoot(ApiModel model)
        {
            var w = Emitter.StartFile(model);
            w.Line("/// <summary>");
            w.Line("/// Typed ICWS client generated from the spec: one property per area, one method per endpoint.");
            w.Line("/// Create it over a session: <c>var icws = new IcwsClient(session);</c>.");
            w.Line("/// </summary>");
            w.Line(Names.GeneratedCode);
            w.Line($"public sealed partial class {GeneratedNames.ClientClass}");
            w.Open();
            w.Line($"private readonly {Names.IIcwsTransport} _transport;");
            w.Line();
            // The parameter must not hide an area property of its name.
            var session = new LocalNames(model.Areas.Select(a => a.Name)).Take("session");
            w.Line("/// <summary>Creates the client over a session (an <c>IcwsSession</c>).</summary>");
            w.Line($"/// <param name=\"{session}\">The session that sends the requests and delivers the messages.</param>");
            w.Line($"public {GeneratedNames.ClientClass}({Names.IIcwsTransport} {session})");
            w.Open();
            w.Line($"{Names.ArgumentNullException}.ThrowIfNull({session});");
            w.Line($"_transport = {session};");
            w.Line($"{session}.UseMessageDecoder({Emitter.Qualified(model, GeneratedNames.MessagesClass)}.Decoder);");
            foreach (var area in model.Areas)
            {
                w.Line($"{area.Name} = new {area.ClassName}({session});");
            }

            w.Close();
            w.Line();
            EmitTransportProperty(w, "client");
            foreach (var area in model.Areas)
            {
                w.Line();
                Docs.Summary(w, area.Description, $"The {area.Name} endpoints.");
                w.Line($"public {area.ClassName} {area.Name} {{ get; }}");
            }

            w.Close();
            return Emitter.EndFile(w);
        }

        private static void EmitTransportProperty(SourceWriter w, string owner)
        {
            w.Line($"/// <summary>The session this {owner} sends through; for the code generated from a project's own spec files.</summary>");
            w.Line(Names.EditorBrowsableNever);
            w.Line($"public {Names.IIcwsTransport} {GeneratedNames.TransportProperty} => _transport;");
        }

        private static void EmitAreaClass(SourceWriter w, ApiModel model, AreaApiModel area, bool nested)
        {
            Docs.Summary(w, area.Description, $"The {area.Name} endpoints.");
            w.Line(Names.GeneratedCode);
            w.Line($"public sealed partial class {area.ClassName}");
            w.Open();
            w.Line($"private readonly {Names.IIcwsTransport} _transport;");
            w.Line();
            if (nested)
            {
                w.Line($"internal {area.ClassName}({Names.IIcwsTransport} transport) => _transport = transport;");
            }
            else
            {
                w.Line("/// <summary>Creates the area over a session; <c>icws." + area.Name + "()</c> does this for you.</summary>");
                w.Line("/// <param name=\"transport\">The session.</param>");
                w.Line($"public {area.ClassName}({Names.IIcwsTransport} transport)");
                w.Open();
                w.Line($"{Names.ArgumentNullException}.ThrowIfNull(transport);");
                w.Line("_transport = transport;");
                w.Close();
            }

            w.Line();
            EmitTransportProperty(w, "area");
            foreach (var operation in area.Operations)
            {
                w.Line();
                EmitMethod(w, operation, receiver: null);
            }

            w.Close();
        }

        // public static partial class InteractionsApiExtensions
        // {
        //     public static Task FrobAsync(this IcwsClient.InteractionsApi api, string interactionId, CancellationToken cancellationToken = default) { ... }
        // }
        private static void EmitAreaExtensions(SourceWriter w, ApiModel model, AreaApiModel area)
        {
            var receiverType = Names.Client + "." + area.ClassName;
            w.Line($"/// <summary>This project's own endpoints of the {area.Name} area, as extension methods on <see cref=\"{receiverType}\"/>.</summary>");
            w.Line(Names.GeneratedCode);
            w.Line($"public static partial class {GeneratedNames.AreaExtensionsClass(area.Name)}");
            w.Open();
            var first = true;
            foreach (var operation in area.Operations)
            {
                if (!first)
                {
                    w.Line();
                }

                first = false;
                EmitMethod(w, operation, receiverType);
            }

            w.Close();
        }

        // public static partial class IcwsClientExtensions
        // {
        //     public static AcmeApi Acme(this IcwsClient client) => new AcmeApi(client.Transport);
        // }
        private static string EmitClientExtensions(ApiModel model, List<AreaApiModel> areas)
        {
            var w = Emitter.StartFile(model);
            w.Line("/// <summary>This project's own client areas, reached from the package's <see cref=\"global::Icws.Client.IcwsClient\"/>.</summary>");
            w.Line(Names.GeneratedCode);
            w.Line($"public static partial class {GeneratedNames.ClientExtensionsClass}");
            w.Open();
            var first = true;
            foreach (var area in areas)
            {
                if (!first)
                {
                    w.Line();
                }

                first = false;
                Docs.Summary(w, area.Description, $"The {area.Name} endpoints.");
                w.Line("/// <param name=\"client\">The client.</param>");
                w.Line("/// <returns>The area, over the client's session.</returns>");
                w.Line($"public static {Emitter.Qualified(model, area.ClassName)} {area.Name}(this {Names.Client} client)");
                w.Open();
                w.Line($"{Names.ArgumentNullException}.ThrowIfNull(client);");
                w.Line($"return new {Emitter.Qualified(model, area.ClassName)}(client.{GeneratedNames.TransportProperty});");
                w.Close();
            }

            w.Close();
            return Emitter.EndFile(w);
        }

        // [IcwsEndpoint("PUT", "/icws/{sessionId}/interactions/{interactionId}/hold")]
        // public Task HoldAsync([IcwsPathParameter("interactionId")] string interactionId, bool on, CancellationToken cancellationToken = default)
        // {
        //     var body = new HoldParameters { On = on };
        //     var path = "interactions/" + IcwsPath.Segment(interactionId, "interactionId") + "/hold";
        //     var request = new IcwsRequest(HttpMethod.Post, path, true, true, "Interactions.Hold", null);
        //     return _transport.SendAsync<HoldParameters, NoContent>(request, body, static (writer, value) => value.WriteTo(writer), null, cancellationToken);
        // }
        // (an extension method takes "this IcwsClient.InteractionsApi api" first and sends through api.Transport)
        private static void EmitMethod(SourceWriter w, OperationModel operation, string? receiver)
        {
            var locals = new LocalNames(operation.Parameters.Select(p => p.CSharpName).Append(GeneratedNames.CancellationTokenParameter));
            var api = receiver is null ? null : locals.Take("api");
            var (responseType, readResponse) = Response(operation);
            var returnType = operation.Watch is { } watch
                ? (watch.Kind == "queue" ? Names.QueueWatch : Names.InteractionWatch) + "<" + Names.AttributesView + ">"
                : responseType;

            EmitDocs(w, operation, returnType, api);
            w.Line(EndpointAttribute(operation));
            var declarations = operation.Parameters.Select(Declaration).Append($"{Names.CancellationToken} {GeneratedNames.CancellationTokenParameter} = default");
            if (api is not null)
            {
                declarations = declarations.Prepend($"this {receiver} {api}");
            }

            var taskType = returnType is null ? Names.Task : $"{Names.Task}<{returnType}>";
            w.Line($"public {(api is null ? string.Empty : "static ")}{taskType} {operation.MethodName}({string.Join(", ", declarations)})");
            w.Open();
            if (api is not null)
            {
                w.Line($"{Names.ArgumentNullException}.ThrowIfNull({api});");
            }

            if (operation.RegistersMessagesOf is { } watchedArea)
            {
                // The watched area's messages become typed once one of its watches starts: before the PUT, so the first one is too.
                w.Line($"global::{GeneratedNames.StandardNamespace}.{GeneratedNames.MessagesClass}.{watchedArea}.Use();");
            }

            // Body first: it validates its arguments before anything else is built.
            string bodyType, bodyValue, writeBody;
            if (operation.Body is { } body)
            {
                bodyType = ValueCodec.CSharpType(body.Type, nullable: false);
                if (body.Flatten)
                {
                    foreach (var p in operation.Parameters.Where(p => p.Location == ParameterLocation.BodyProperty && p.Required && !p.Nullable && !ValueCodec.IsValueType(p.Type)))
                    {
                        w.Line($"{Names.ArgumentNullException}.ThrowIfNull({p.CSharpName});");
                    }

                    bodyValue = locals.Take("body");
                    w.Line($"var {bodyValue} = new {bodyType}");
                    w.Open();
                    foreach (var p in operation.Parameters.Where(p => p.Location == ParameterLocation.BodyProperty))
                    {
                        // A watch sends its body again after every re-login: copy lists, so a caller
                        // changing its list later cannot change what the watch re-subscribes with.
                        var value = operation.Watch is not null && p.Type.IsList
                            ? (p.Nullable ? $"{p.CSharpName} is null ? null : global::System.Linq.Enumerable.ToArray({p.CSharpName})" : $"global::System.Linq.Enumerable.ToArray({p.CSharpName})")
                            : p.CSharpName;
                        w.Line($"{p.BodyPropertyName} = {value},");
                    }

                    w.Close("};");
                }
                else
                {
                    bodyValue = operation.Parameters.Single(p => p.Location == ParameterLocation.Body).CSharpName;
                    w.Line($"{Names.ArgumentNullException}.ThrowIfNull({bodyValue});");
                }

                writeBody = WriteBody(body.Type);
            }
            else
            {
                bodyType = Names.NoContent;
                bodyValue = "default";
                writeBody = "null";
            }

            var path = locals.Take("path");
            EmitPath(w, operation, path, locals);
            var headersArgument = EmitHeaders(w, operation, locals);
            var method = operation.HttpMethod switch
            {
                "GET" => "Get",
                "POST" => "Post",
                "PUT" => "Put",
                _ => "Delete",
            };

            // Endpoints that need more than version 1 of their feature let the session check the server's feature list first.
            var featureCheck = operation.ChecksFeature && operation.Feature is { } feature
                ? $", {Docs.Literal(feature.Id)}, {feature.Version.ToString(CultureInfo.InvariantCulture)}"
                : string.Empty;
            var request = locals.Take("request");
            w.Line($"var {request} = new {Names.IcwsRequest}({Names.HttpMethod}.{method}, {path}, {Bool(operation.IsSessionCall)}, {Bool(operation.Csrf)}, {Docs.Literal(operation.Area + "." + operation.Name)}, {headersArgument}{featureCheck});");
            var resultType = readResponse is null ? Names.NoContent : responseType!;
            string Send(string transport, string token) => $"{transport}.SendAsync<{bodyType}, {resultType}>({request}, {bodyValue}, {writeBody}, {readResponse ?? "null"}, {token})";
            var transportValue = api is null ? "_transport" : api + "." + GeneratedNames.TransportProperty;
            if (operation.Watch is not { } started)
            {
                w.Line("return " + Send(transportValue, GeneratedNames.CancellationTokenParameter) + ";");
            }
            else
            {
                // return transport.Watches.StartQueueWatchAsync<InteractionAttributes>(key,
                //     token => transport.SendAsync<...>(request, body, ..., token),     (PUT, again after every re-login)
                //     token => UnwatchAsync(key, token),                               (DELETE on dispose)
                //     cancellationToken);
                var transport = locals.Take("transport");
                var token = locals.Take("token");
                var start = started.Kind == "queue" ? "StartQueueWatchAsync" : "StartInteractionWatchAsync";
                var unwatchReceiver = api ?? "this";
                w.Line($"var {transport} = {transportValue};");
                w.Line($"return {transport}.Watches.{start}<{Names.AttributesView}>(");
                w.Line($"    {started.KeyParameter},");
                w.Line($"    {token} => {Send(transport, token)},");
                w.Line($"    {token} => {unwatchReceiver}.{started.UnwatchMethod}({started.KeyParameter}, {token}),");
                w.Line($"    {GeneratedNames.CancellationTokenParameter});");
            }

            w.Close();
        }

        /// <summary>The lambda that writes the body: one call for a class, statements for a list or a single value (no braces in format strings: built here).</summary>
        private static string WriteBody(TypeRefModel type)
        {
            if (!type.IsList && type.Kind == TypeRefKind.Object)
            {
                return "static (writer, value) => value.WriteTo(writer)";
            }

            var sub = new SourceWriter();
            ValueCodec.WriteValue(sub, type, "value", 0);
            var statements = string.Join(" ", sub.ToString().Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0));
            return "static (writer, value) => { " + statements + " }";
        }

        private static void EmitPath(SourceWriter w, OperationModel operation, string path, LocalNames locals)
        {
            var queries = operation.Parameters.Where(p => p.Location == ParameterLocation.Query).ToList();
            var basePath = PathExpression(operation);
            if (queries.Count == 1 && operation.Path.IndexOf('?') < 0)
            {
                // The common case, one query parameter: the whole path in one concatenation, no throw-away string.
                var query = queries[0];
                var withQuery = $"{basePath} + {Docs.Literal("?" + query.WireName + "=")} + {QueryValue(query, locals)}";
                w.Line(query.Required
                    ? $"var {path} = {withQuery};"
                    : $"var {path} = {query.CSharpName} is null ? {basePath} : {withQuery};");
                return;
            }

            w.Line($"var {path} = {basePath};");
            foreach (var query in queries)
            {
                var append = $"{path} = {Names.IcwsPath}.AppendQuery({path}, {Docs.Literal(query.WireName)}, {QueryValue(query, locals)});";
                if (query.Required)
                {
                    w.Line(append);
                }
                else
                {
                    w.Line($"if ({query.CSharpName} is not null)");
                    w.Open();
                    w.Line(append);
                    w.Close();
                }
            }
        }

        private static string EmitHeaders(SourceWriter w, OperationModel operation, LocalNames locals)
        {
            var headers = operation.Parameters.Where(p => p.Location == ParameterLocation.Header).ToList();
            if (headers.Count == 0)
            {
                return "null";
            }

            var list = locals.Take("headers");
            const string Pair = "global::System.Collections.Generic.KeyValuePair<string, string>";
            w.Line($"var {list} = new global::System.Collections.Generic.List<{Pair}>();");
            foreach (var header in headers)
            {
                var value = header.Nullable && ValueCodec.IsValueType(header.Type) ? header.CSharpName + ".Value" : header.CSharpName;
                var add = $"{list}.Add(new {Pair}({Docs.Literal(header.WireName)}, {ValueCodec.QueryText(header.Type, value)}));";
                w.Line(header.Required ? add : $"if ({header.CSharpName} is not null) {add}");
            }

            return list;
        }

        /// <summary>The escaped text of a query parameter; for an optional one, its non-null value (the caller checked).</summary>
        private static string QueryValue(OperationParameterModel query, LocalNames locals)
        {
            var type = query.Type;
            if (type.IsList)
            {
                if (type.Kind == TypeRefKind.Primitive && type.Name is Primitives.String or Primitives.Uri)
                {
                    return $"{Names.IcwsPath}.QueryList({query.CSharpName}, {Docs.Literal(query.CSharpName)})";
                }

                var item = locals.Take("item");
                var element = type with { IsList = false };
                return $"{Names.IcwsPath}.QueryList(global::System.Linq.Enumerable.Select({query.CSharpName}, static {item} => {ValueCodec.QueryText(element, item)}), {Docs.Literal(query.CSharpName)})";
            }

            var name = query.Nullable && ValueCodec.IsValueType(type) ? query.CSharpName + ".Value" : query.CSharpName;
            return $"{Names.IcwsPath}.QueryValue({ValueCodec.QueryText(type, name)})";
        }

        /// <summary>"interactions/" + IcwsPath.Segment(interactionId, "interactionId") + "/hold".</summary>
        private static string PathExpression(OperationModel operation)
            => string.Join(" + ", operation.PathParts.Select(part => part.Literal is { } literal
                ? Docs.Literal(literal)
                : $"{Names.IcwsPath}.Segment({PathText(part.ParameterName!, part.ParameterType!)}, {Docs.Literal(part.ParameterName!)})"));

        private static string PathText(string name, TypeRefModel type) => type.Kind == TypeRefKind.Enum
            ? $"((int){name}).ToString(global::System.Globalization.CultureInfo.InvariantCulture)"
            : type.Name switch
            {
                Primitives.Int or Primitives.Long or Primitives.Double => $"{name}.ToString(global::System.Globalization.CultureInfo.InvariantCulture)",
                Primitives.Bool => $"({name} ? \"true\" : \"false\")",
                Primitives.Guid => $"{name}.ToString()",
                Primitives.DateTime => $"global::Icws.IcwsDateTime.Format({name})",
                _ => name,
            };

        private static (string? Type, string? Reader) Response(OperationModel operation)
        {
            if (operation.Response is not { } response)
            {
                return (null, null);
            }

            if (response.UnwrapProperty is { } property)
            {
                var type = ValueCodec.CSharpType(property.Type, nullable: !property.Required || property.Nullable);
                return (type, $"static (ref {Names.Utf8JsonReader} reader) => {response.Type.Qualified}.ReadFrom(ref reader).{property.CSharpName}");
            }

            var resultType = ValueCodec.CSharpType(response.Type, nullable: false);
            if (response.Type.Kind == TypeRefKind.Object && !response.Type.IsList)
            {
                return (resultType, response.Type.Qualified + ".ReadFrom");
            }

            return (resultType, $"static (ref {Names.Utf8JsonReader} reader) => {ValueCodec.Read(response.Type, "reader", operation.Area + "." + operation.Name, string.Empty)}");
        }

        private static string Declaration(OperationParameterModel parameter)
        {
            var attributes = new List<string>();
            if (parameter.Location == ParameterLocation.Path)
            {
                attributes.Add($"[{Names.IcwsPathParameterAttribute}({Docs.Literal(parameter.WireName)})]");
            }
            else if (parameter.Location == ParameterLocation.Query)
            {
                attributes.Add($"[{Names.IcwsQueryParameterAttribute}({Docs.Literal(parameter.WireName)})]");
            }

            if (parameter.AttributeNames)
            {
                attributes.Add(Names.IcwsAttributeNamesAttribute);
            }

            // Lists outside the body are only enumerated (query lists); a body list is kept as given or copied.
            var type = parameter.Type.IsList && parameter.Location is ParameterLocation.Query or ParameterLocation.Header
                ? Names.IEnumerable + "<" + ValueCodec.ElementType(parameter.Type) + ">" + (parameter.Nullable ? "?" : string.Empty)
                : ValueCodec.CSharpType(parameter.Type, parameter.Nullable);
            var prefix = attributes.Count == 0 ? string.Empty : string.Join(" ", attributes) + " ";
            return prefix + type + " " + parameter.CSharpName + (parameter.Required ? string.Empty : " = null");
        }

        private static string EndpointAttribute(OperationModel operation)
        {
            var arguments = new List<string> { Docs.Literal(operation.HttpMethod), Docs.Literal(operation.Path) };
            if (operation.Watch is { } watch)
            {
                arguments.Add($"{MetadataNames.EndpointWatch} = {Names.WatchKindMember(watch.Kind)}");
            }

            if (operation.Unwatch is { } unwatch)
            {
                arguments.Add($"{MetadataNames.EndpointUnwatch} = {Names.WatchKindMember(unwatch)}");
            }

            if (operation.WatchItems is { } items)
            {
                arguments.Add($"{MetadataNames.EndpointWatchItems} = {Docs.Literal(items)}");
            }

            if (operation.Feature is { } feature)
            {
                arguments.Add($"FeatureId = {Docs.Literal(feature.Id)}");
                arguments.Add($"FeatureVersion = {feature.Version.ToString(CultureInfo.InvariantCulture)}");
            }

            return $"[{Names.IcwsEndpointAttribute}({string.Join(", ", arguments)})]";
        }

        private static void EmitDocs(SourceWriter w, OperationModel operation, string? returnType, string? api)
        {
            Docs.Summary(w, operation.Description, $"Calls {operation.HttpMethod} {operation.Path}.");
            if (api is not null)
            {
                w.Line($"/// <param name=\"{api}\">The area of the client.</param>");
            }

            foreach (var parameter in operation.Parameters)
            {
                Docs.Element(w, "param", parameter.Description ?? parameter.WireName + ".", $"name=\"{parameter.CSharpName}\"");
            }

            w.Line($"/// <param name=\"{GeneratedNames.CancellationTokenParameter}\">Cancels the request.</param>");
            if (operation.Watch is not null)
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

            var remarks = $"<c>{operation.HttpMethod} {Docs.Escape(operation.Path)}</c>; success {string.Join(", ", operation.Success)}.";
            if (operation.Feature is { } feature)
            {
                remarks += $" Needs feature <c>{Docs.Escape(feature.Id)}</c> version {feature.Version}.";
            }

            var source = Docs.SourceNote(operation.Source);
            if (source.Length > 0)
            {
                remarks += " " + source;
            }

            Docs.Raw(w, "remarks", remarks);
            var errors = operation.Errors.IsEmpty ? "an error status" : string.Join(", ", operation.Errors);
            w.Line($"/// <exception cref=\"{Names.IcwsApiException}\">The server answered {errors}.</exception>");
            w.Line($"/// <exception cref=\"{Names.IcwsProtocolException}\">The response could not be read.</exception>");
            if (operation.ChecksFeature && operation.Feature is { } needed)
            {
                w.Line($"/// <exception cref=\"global::Icws.IcwsFeatureNotSupportedException\">The server's <c>{Docs.Escape(needed.Id)}</c> feature is older than version {needed.Version} (checked before sending unless <c>IcwsSessionOptions.CheckFeatureVersions</c> is off).</exception>");
            }
        }

        // public static class IcwsClientRegistration
        // {
        //     public static IHttpClientBuilder AddIcwsClient(this IServiceCollection services, Action<IcwsSessionOptions>? configure = null) { ... }
        // }
        private static string EmitRegistration(ApiModel model)
        {
            var w = Emitter.StartFile(model);
            w.Lines($$"""
                /// <summary>Registers the <see cref="{{GeneratedNames.ClientClass}}"/> with dependency injection.</summary>
                {{Names.GeneratedCode}}
                public static partial class {{GeneratedNames.RegistrationClass}}
                {
                    /// <summary>
                    /// Registers <see cref="{{GeneratedNames.ClientClass}}"/> (singleton) over an <c>IcwsSession</c> that logs in on first use,
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
                            static provider => new {{Emitter.Qualified(model, GeneratedNames.ClientClass)}}(global::Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<global::Icws.IcwsSession>(provider)));
                        return builder;
                    }
                }
                """);
            return Emitter.EndFile(w);
        }

        private static string Bool(bool value) => value ? "true" : "false";
    }
}
