using System;
using System.Collections.Generic;
using System.Linq;
using Icws.Generator.Model;

namespace Icws.Generator.Emitting
{
    /// <summary>
    /// Emits the message classes, one file each, and the decoder that picks one by <c>__type</c>: <c>IcwsMessages</c>
    /// in the standard API (the client hands it to its session), <c>IcwsExtensionMessages</c> in a project that declares
    /// messages of its own (registered with the runtime when the project's assembly loads).
    /// </summary>
    internal static class MessageEmitter
    {
        public static IEnumerable<GeneratedFile> Emit(ApiModel model)
        {
            foreach (var message in model.Messages)
            {
                var w = Emitter.StartFile(model);
                EmitMessage(w, model, message);
                yield return new GeneratedFile(message.Name, Emitter.EndFile(w));
            }

            if (model.IsStandard || !model.Messages.IsEmpty)
            {
                var w = Emitter.StartFile(model);
                EmitDecoder(w, model);
                yield return new GeneratedFile(model.IsStandard ? GeneratedNames.MessagesClass : GeneratedNames.ExtensionMessagesClass, Emitter.EndFile(w));
            }
        }

        // [JsonConverter(typeof(IcwsJsonConverter<QueueContentsMessage>))]
        // public sealed partial class QueueContentsMessage : IcwsMessage, IIcwsJsonValue<QueueContentsMessage>, IInteractionFeedMessage
        // {
        //     public const string Urn = "urn:inin.com:queues:queueContentsMessage";
        //     public override string TypeUrn => Urn;
        //     ...properties, WriteTo, ReadFrom...
        //     void IInteractionFeedMessage.ApplyTo(IInteractionFeedSink sink) { ...Upsert / Merge / Remove... }
        // }
        private static void EmitMessage(SourceWriter w, ApiModel model, MessageModel message)
        {
            Docs.Summary(w, message.Description, $"The ICWS message {message.Urn}.");
            TypeEmitter.Remarks(w, message.Urn, message.Source);
            w.Line(Names.GeneratedCode);
            var qualified = Emitter.Qualified(model, message.Name);
            w.Line(Names.JsonConverter(qualified));
            var interfaces = $", {Names.IIcwsJsonValue}<{qualified}>" + (message.Feed is not null ? ", " + Names.IInteractionFeedMessage : string.Empty);
            w.Line($"public sealed partial class {message.Name} : {Names.IcwsMessage}{interfaces}");
            w.Open();
            w.Line("/// <summary>The <c>__type</c> of this message.</summary>");
            w.Line($"public const string Urn = {Docs.Literal(message.Urn)};");
            w.Line();
            w.Line("/// <inheritdoc />");
            w.Line("public override string TypeUrn => Urn;");
            w.Line();
            foreach (var property in message.Properties)
            {
                TypeEmitter.EmitProperty(w, property);
            }

            w.Line("/// <inheritdoc />");
            w.Line($"public override void WriteTo({Names.Utf8JsonWriter} writer)");
            w.Open();
            w.Line($"{Names.ArgumentNullException}.ThrowIfNull(writer);");
            w.Line("writer.WriteStartObject();");
            w.Line("writer.WriteString(\"__type\"u8, Urn);");
            w.Line("writer.WriteBoolean(\"isDelta\"u8, IsDelta);");
            foreach (var property in message.Properties)
            {
                TypeEmitter.WritePropertyStatement(w, property);
            }

            w.Line("writer.WriteEndObject();");
            w.Close();
            w.Line();
            w.Line("/// <inheritdoc />");
            w.Line($"public static new {qualified} ReadFrom(ref {Names.Utf8JsonReader} reader)");
            TypeEmitter.EmitReadBody(w, qualified, message.Name, message.Properties, isMessage: true);
            if (message.Feed is { } feed)
            {
                EmitFeed(w, feed);
            }

            w.Close();
        }

        private static void EmitFeed(SourceWriter w, BoundFeedModel feed)
        {
            // Members are read through this.: the locals below may share a property's name.
            var key = "this." + feed.Key.CSharpName + (feed.Key.MayBeNull ? " ?? string.Empty" : string.Empty);
            w.Line();
            w.Line($"{Names.IcwsWatchKind} {Names.IInteractionFeedMessage}.FeedKind => {Names.WatchKindMember(feed.Kind)};");
            w.Line();
            w.Line($"string {Names.IInteractionFeedMessage}.FeedKey => {key};");
            w.Line();
            w.Line($"void {Names.IInteractionFeedMessage}.ApplyTo({Names.IInteractionFeedSink} sink)");
            w.Open();
            if (feed.Kind == "queue")
            {
                EmitFeedList(w, feed.Added, "Upsert", "added");
                EmitFeedList(w, feed.Changed, "Merge", "changed");
                if (feed.Removed is { } removed)
                {
                    w.Line($"if (this.{removed.CSharpName} is {{ }} removed)");
                    w.Open();
                    w.Line("foreach (var id in removed)");
                    w.Open();
                    w.Line("sink.Remove(id);");
                    w.Close();
                    w.Close();
                }
            }
            else
            {
                if (feed.Changed is { } changed)
                {
                    var map = changed.MayBeNull ? $"(this.{changed.CSharpName}?.Map ?? {Names.AttributeMap}.Empty)" : "this." + changed.CSharpName + ".Map";
                    // A snapshot (isDelta false) replaces the interaction's attributes; a delta merges into them.
                    w.Line("if (IsDelta)");
                    w.Open();
                    w.Line($"sink.Merge({key}, {map});");
                    w.Close();
                    w.Line("else");
                    w.Open();
                    w.Line($"sink.Upsert({key}, {map});");
                    w.Close();
                }

                if (feed.RemovesKey)
                {
                    w.Line($"sink.Remove({key});");
                }
            }

            w.Close();
        }

        private static void EmitFeedList(SourceWriter w, FeedPropertyModel? list, string sinkMethod, string local)
        {
            if (list is null)
            {
                return;
            }

            w.Line($"if (this.{list.CSharpName} is {{ }} {local})");
            w.Open();
            w.Line($"foreach (var item in {local})");
            w.Open();
            w.Line($"sink.{sinkMethod}(item.InteractionId, item.Attributes.Map);");
            w.Close();
            w.Close();
        }

        // public static partial class IcwsMessages                     (standard API; internal IcwsExtensionMessages in a project)
        // {
        //     public static IReadOnlyList<string> KnownTypeUrns { get; }
        //     public static IIcwsMessageDecoder Decoder { get; }
        //     public static IcwsMessage Read(ref Utf8JsonReader reader) => by __type ... else UnknownIcwsMessage
        //     [ModuleInitializer] internal static void Register() => IcwsMessageTypes.Register(Decoder, KnownTypeUrns);   (project only)
        // }
        private static void EmitDecoder(SourceWriter w, ApiModel model)
        {
            var name = model.IsStandard ? GeneratedNames.MessagesClass : GeneratedNames.ExtensionMessagesClass;
            var visibility = model.IsStandard ? "public" : "internal";
            var watchAreas = model.Messages.Where(m => m.WatchArea is not null).GroupBy(m => m.WatchArea!, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
            w.Line(model.IsStandard
                ? "/// <summary>Decodes ICWS messages by their <c>__type</c>. A <c>__type</c> the spec does not know gives <see cref=\"global::Icws.UnknownIcwsMessage\"/> with the raw JSON.</summary>"
                : "/// <summary>Decodes the messages this project's spec files declare; registered with the runtime when the assembly loads, so the message pump finds them.</summary>");
            if (watchAreas.Count > 0)
            {
                w.Line("/// <remarks>The messages of most areas are decoded once one of the area's watches is started (its nested class here registers them), so a trimmed app keeps only the message types of the areas it watches; <see cref=\"DecodeEveryArea\"/> registers them all.</remarks>");
            }

            w.Line(Names.GeneratedCode);
            w.Line($"{visibility} static partial class {name}");
            w.Open();
            EmitDecoderMembers(w, model, model.Messages.Where(m => m.WatchArea is null).ToList(), registerOnLoad: !model.IsStandard);
            if (watchAreas.Count > 0)
            {
                w.Line();
                w.Line("/// <summary>Registers the messages of every area, also those whose watches were never started here (e.g. watches started by hand).</summary>");
                w.Line("public static void DecodeEveryArea()");
                w.Open();
                foreach (var area in watchAreas)
                {
                    w.Line($"{area.Key}.Use();");
                }

                w.Close();
            }

            foreach (var area in watchAreas)
            {
                // public static class Status { KnownTypeUrns, Decoder, Read, Use() }: the area's watches call Use().
                w.Line();
                w.Line($"/// <summary>The messages of the {area.Key} area, registered by its watches.</summary>");
                w.Line($"public static class {area.Key}");
                w.Open();
                EmitDecoderMembers(w, model, area.ToList(), registerOnLoad: false);
                w.Line();
                w.Line("private static int s_used;");
                w.Line();
                w.Line("/// <summary>Registers these messages with the message pump (once; later calls do nothing).</summary>");
                w.Line($"public static void Use()");
                w.Open();
                w.Line("if (global::System.Threading.Interlocked.Exchange(ref s_used, 1) == 0)");
                w.Open();
                w.Line($"{Names.IcwsMessageTypes}.Register(Decoder, KnownTypeUrns);");
                w.Close();
                w.Close();
                w.Close();
            }

            w.Close();
        }

        private static void EmitDecoderMembers(SourceWriter w, ApiModel model, List<MessageModel> messages, bool registerOnLoad)
        {
            w.Line("/// <summary>The <c>__type</c> of every message this spec declares.</summary>");
            w.Line($"public static {Names.IReadOnlyList}<string> KnownTypeUrns {{ get; }} = new string[]");
            w.Open();
            foreach (var message in messages)
            {
                w.Line(Docs.Literal(message.Urn) + ",");
            }

            w.Close("};");
            w.Line();
            w.Line("/// <summary>The decoder the message pump uses.</summary>");
            w.Line($"public static {Names.IIcwsMessageDecoder} Decoder {{ get; }} = new MessageDecoder();");
            w.Line();
            w.Line("/// <summary>Reads one message; the reader stands on its first token.</summary>");
            w.Line("/// <param name=\"reader\">The reader.</param>");
            w.Line("/// <returns>The typed message, or an <see cref=\"global::Icws.UnknownIcwsMessage\"/>.</returns>");
            w.Line($"public static {Names.IcwsMessage} Read(ref {Names.Utf8JsonReader} reader)");
            w.Open();
            w.Line($"if (!{Names.IcwsJson}.TryFindTypeUrn(ref reader, \"message\", out var type))");
            w.Open();
            w.Line($"return new {Names.UnknownIcwsMessage}(string.Empty, {Names.IcwsJson}.ReadElement(ref reader, \"message\"));");
            w.Close();
            w.Line();
            foreach (var message in messages)
            {
                w.Line($"if (type.ValueTextEquals({Docs.Utf8(message.Urn)}))");
                w.Open();
                w.Line($"return {Emitter.Qualified(model, message.Name)}.ReadFrom(ref reader);");
                w.Close();
                w.Line();
            }

            w.Line($"return new {Names.UnknownIcwsMessage}(type.GetString()!, {Names.IcwsJson}.ReadElement(ref reader, \"message\"));");
            w.Close();
            if (registerOnLoad)
            {
                w.Line();
                w.Line("/// <summary>Registers this project's messages with the runtime when the assembly loads.</summary>");
                w.Line("[global::System.Runtime.CompilerServices.ModuleInitializer]");
                w.Line($"internal static void Register() => {Names.IcwsMessageTypes}.Register(Decoder, KnownTypeUrns);");
            }

            // The queue-feed messages' shapes let the pump apply such a message straight to its watch (no message object).
            var queueFeeds = messages.Where(m => m.Feed is { Kind: "queue" }).ToList();
            w.Line();
            w.Line(queueFeeds.Count == 0
                ? $"private sealed class MessageDecoder : {Names.IIcwsMessageDecoder}"
                : $"private sealed class MessageDecoder : {Names.IIcwsMessageDecoder}, {Names.IIcwsQueueFeedShapes}");
            w.Open();
            w.Line($"public {Names.IcwsMessage} Decode(ref {Names.Utf8JsonReader} reader) => Read(ref reader);");
            if (queueFeeds.Count > 0)
            {
                w.Line();
                w.Line($"public {Names.IReadOnlyList}<{Names.QueueFeedShape}> QueueFeeds {{ get; }} = new {Names.QueueFeedShape}[]");
                w.Open();
                foreach (var message in queueFeeds)
                {
                    var feed = message.Feed!;
                    string Json(FeedPropertyModel? property) => property is null ? "null" : Docs.Literal(property.JsonName);
                    w.Line($"new {Names.QueueFeedShape}({Docs.Literal(message.Urn)}, {Json(feed.Key)}, {Json(feed.Added)}, {Json(feed.Changed)}, {Json(feed.Removed)}),");
                }

                w.Close("};");
            }

            w.Close();
        }
    }
}
