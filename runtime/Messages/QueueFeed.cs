using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Text;
using System.Text.Json;
using Icws.Metadata;

namespace Icws.Runtime
{
    /// <summary>
    /// Where a queue watch's message keeps its parts, by JSON name: the watch key (the subscription id), the lists of
    /// added and changed interactions (<c>{interactionId, attributes}</c> objects) and the list of removed ids. The
    /// generated decoder lists the shapes of its queue-feed messages, so that the pump can apply one straight to its
    /// watch without building the message. Used by generated code; not for user code.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public sealed class QueueFeedShape
    {
        /// <summary>Creates the shape.</summary>
        /// <param name="typeUrn">The message's <c>__type</c>.</param>
        /// <param name="key">JSON name of the watch key.</param>
        /// <param name="added">JSON name of the added interactions, or null.</param>
        /// <param name="changed">JSON name of the changed interactions, or null.</param>
        /// <param name="removed">JSON name of the removed ids, or null.</param>
        public QueueFeedShape(string typeUrn, string key, string? added, string? changed, string? removed)
        {
            TypeName = typeUrn;
            TypeUrn = Encoding.UTF8.GetBytes(typeUrn);
            Key = Encoding.UTF8.GetBytes(key);
            Added = added is null ? null : Encoding.UTF8.GetBytes(added);
            Changed = changed is null ? null : Encoding.UTF8.GetBytes(changed);
            Removed = removed is null ? null : Encoding.UTF8.GetBytes(removed);
        }

        internal byte[] TypeUrn { get; }

        /// <summary>The <c>__type</c> as text (the message type tag of the metrics).</summary>
        internal string TypeName { get; }

        internal byte[] Key { get; }

        internal byte[]? Added { get; }

        internal byte[]? Changed { get; }

        internal byte[]? Removed { get; }
    }

    /// <summary>A decoder that also lists the shapes of its queue-feed messages (the generated decoders do).</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public interface IIcwsQueueFeedShapes
    {
        /// <summary>The queue-feed messages the decoder knows.</summary>
        IReadOnlyList<QueueFeedShape> QueueFeeds { get; }
    }

    /// <summary>
    /// A queue-contents message read straight into operations for its watch: the same Upsert/Merge/Remove calls, in
    /// the same order, that the generated message would make, without the message object, its lists and an object
    /// per interaction. It reads only messages made of the parts it checks itself (the watch key, isDelta, the lists,
    /// and interactionId and attributes in each interaction); anything else, or anything malformed, makes it give up
    /// and the message goes the usual way (the generated reader, which checks every property and keeps a bad message
    /// raw with the reason). The operations are all read before any is applied, so giving up changes nothing. One
    /// instance, reused by the pump (it reads one message at a time).
    /// </summary>
    internal sealed class QueueFeedBatch : IInteractionFeedMessage
    {
        private readonly List<(string Id, AttributeMap Attributes)> _added = new();
        private readonly List<(string Id, AttributeMap Attributes)> _changed = new();
        private readonly List<string> _removed = new();

        public IcwsWatchKind FeedKind => IcwsWatchKind.Queue;

        public string FeedKey { get; private set; } = string.Empty;

        public bool IsDelta { get; private set; }

        /// <summary>Reads the message the reader stands on (its <c>__type</c> already matched); false when it is not as the shape says.</summary>
        public bool TryRead(ref Utf8JsonReader reader, QueueFeedShape shape)
        {
            _added.Clear();
            _changed.Clear();
            _removed.Clear();
            IsDelta = false;
            string? key = null;
            try
            {
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    return false;
                }

                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    if (reader.ValueTextEquals("isDelta"u8))
                    {
                        reader.Read();
                        IsDelta = reader.TokenType switch
                        {
                            JsonTokenType.True => true,
                            JsonTokenType.False or JsonTokenType.Null => false,
                            _ => throw new JsonException("isDelta is not a boolean."),
                        };
                    }
                    else if (reader.ValueTextEquals(shape.Key))
                    {
                        reader.Read();
                        key = reader.TokenType == JsonTokenType.String ? IcwsJson.ReadString(ref reader, "key") : null;
                    }
                    else if (shape.Added is { } added && reader.ValueTextEquals(added))
                    {
                        // A property given twice counts once, the last time, as the generated reader has it.
                        reader.Read();
                        _added.Clear();
                        ReadInteractions(ref reader, _added);
                    }
                    else if (shape.Changed is { } changed && reader.ValueTextEquals(changed))
                    {
                        reader.Read();
                        _changed.Clear();
                        ReadInteractions(ref reader, _changed);
                    }
                    else if (shape.Removed is { } removed && reader.ValueTextEquals(removed))
                    {
                        reader.Read();
                        _removed.Clear();
                        ReadIds(ref reader);
                    }
                    else if (!reader.ValueTextEquals("__type"u8))
                    {
                        // A property this reader does not check itself (the generated class may expect a type of it):
                        // the usual way, which checks everything.
                        return false;
                    }
                    else
                    {
                        reader.Read();
                        reader.Skip();
                    }
                }
            }
            catch (Exception ex) when (ex is JsonException or IcwsProtocolException or InvalidOperationException)
            {
                return false;
            }

            FeedKey = key ?? string.Empty;
            return key is not null;
        }

        /// <summary>Replays the operations as the generated message does: added, then changed, then removed.</summary>
        public void ApplyTo(IInteractionFeedSink sink)
        {
            foreach (var (id, attributes) in _added)
            {
                sink.Upsert(id, attributes);
            }

            foreach (var (id, attributes) in _changed)
            {
                sink.Merge(id, attributes);
            }

            foreach (var id in _removed)
            {
                sink.Remove(id);
            }
        }

        private static void ReadInteractions(ref Utf8JsonReader reader, List<(string, AttributeMap)> into)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                return;
            }

            if (reader.TokenType != JsonTokenType.StartArray)
            {
                throw new JsonException("Expected an array of interactions.");
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    throw new JsonException("Expected an interaction object.");
                }

                string? id = null;
                AttributeMap? attributes = null;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    if (reader.ValueTextEquals("interactionId"u8))
                    {
                        reader.Read();
                        id = IcwsJson.ReadString(ref reader, "interactionId");
                    }
                    else if (reader.ValueTextEquals("attributes"u8))
                    {
                        reader.Read();
                        attributes = IcwsJson.ReadAttributeMap(ref reader, "attributes");
                    }
                    else
                    {
                        throw new JsonException("An interaction property this reader does not check; the usual way does.");
                    }
                }

                // Both are required of every interaction in the list: without them the message goes the usual way and is kept raw.
                into.Add((id ?? throw new JsonException("An interaction has no interactionId."), attributes ?? throw new JsonException("An interaction has no attributes.")));
            }
        }

        private void ReadIds(ref Utf8JsonReader reader)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                return;
            }

            if (reader.TokenType != JsonTokenType.StartArray)
            {
                throw new JsonException("Expected an array of interaction ids.");
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                _removed.Add(IcwsJson.ReadString(ref reader, "removed"));
            }
        }
    }
}
