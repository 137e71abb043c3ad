using System;
using System.ComponentModel;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Icws.Metadata;

namespace Icws.Runtime
{
    /// <summary>
    /// What the generated client needs from a session: send one ICWS request. <c>IcwsSession</c>
    /// implements it (headers, cookie, CSRF, re-login, errors). Not for user code.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public interface IIcwsTransport
    {
        /// <summary>Sends a request with an optional JSON body and reads an optional JSON response.</summary>
        /// <param name="request">Method, path and flags.</param>
        /// <param name="body">The body value; ignored when <paramref name="writeBody"/> is null.</param>
        /// <param name="writeBody">Writes the body, or null for no body. Static lambdas keep this allocation-free.</param>
        /// <param name="readResponse">Reads the success body, or null when the endpoint returns none.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        Task<TResult> SendAsync<TBody, TResult>(IcwsRequest request, TBody body, Action<Utf8JsonWriter, TBody>? writeBody, IcwsJsonReader<TResult>? readResponse, CancellationToken cancellationToken);

        /// <summary>Decodes messages for the message pump; the generated client registers its decoder here.</summary>
        void UseMessageDecoder(IIcwsMessageDecoder decoder);

        /// <summary>The live watches of this session, which survive re-logins.</summary>
        IcwsWatchRegistry Watches { get; }
    }

    /// <summary>One ICWS call: method, path (query included) and what it needs.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public readonly struct IcwsRequest
    {
        /// <summary>Creates a request description.</summary>
        /// <param name="method">HTTP method.</param>
        /// <param name="path">For session calls the part after <c>/icws/{sessionId}/</c>; otherwise the part after <c>/icws/</c>. Segments already escaped.</param>
        /// <param name="isSessionCall">The path is under <c>/icws/{sessionId}</c>: send the session cookie.</param>
        /// <param name="requiresCsrf">Send the <c>ININ-ICWS-CSRF-Token</c> header.</param>
        /// <param name="name">Endpoint name for logs, traces and errors, e.g. <c>Interactions.Hold</c>.</param>
        /// <param name="headers">Extra request headers, or null.</param>
        /// <param name="featureId">A server feature to check before sending (the endpoint is newer than the project's minimum), or null.</param>
        /// <param name="featureVersion">The version of <paramref name="featureId"/> the endpoint needs.</param>
        public IcwsRequest(HttpMethod method, string path, bool isSessionCall, bool requiresCsrf, string name, System.Collections.Generic.IReadOnlyList<System.Collections.Generic.KeyValuePair<string, string>>? headers = null, string? featureId = null, int featureVersion = 0)
        {
            Method = method;
            Path = path;
            IsSessionCall = isSessionCall;
            RequiresCsrf = requiresCsrf;
            Name = name;
            Headers = headers;
            FeatureId = featureId;
            FeatureVersion = featureVersion;
        }

        /// <summary>Feature to check before sending, or null.</summary>
        public string? FeatureId { get; }

        /// <summary>Version of <see cref="FeatureId"/> needed.</summary>
        public int FeatureVersion { get; }

        /// <summary>Extra request headers, or null.</summary>
        public System.Collections.Generic.IReadOnlyList<System.Collections.Generic.KeyValuePair<string, string>>? Headers { get; }

        /// <summary>HTTP method.</summary>
        public HttpMethod Method { get; }

        /// <summary>Path relative to the session (or to /icws/ for calls outside a session), escaped.</summary>
        public string Path { get; }

        /// <summary>Whether the call belongs to a session.</summary>
        public bool IsSessionCall { get; }

        /// <summary>Whether the CSRF header is needed.</summary>
        public bool RequiresCsrf { get; }

        /// <summary>Endpoint name.</summary>
        public string Name { get; }
    }

    /// <summary>The result of an endpoint with no response body.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public readonly struct NoContent
    {
    }

    /// <summary>Decodes one message; the generated code implements it from the spec's message table.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public interface IIcwsMessageDecoder
    {
        /// <summary>Decodes the message object the reader stands on. Unknown <c>__type</c>s come back as <see cref="UnknownIcwsMessage"/>; a body that breaks the spec throws <see cref="IcwsProtocolException"/>.</summary>
        IcwsMessage Decode(ref Utf8JsonReader reader);
    }

    /// <summary>A message that updates a live watch (queue contents, interaction changed, ...).</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public interface IInteractionFeedMessage
    {
        /// <summary>The kind of watch it belongs to.</summary>
        IcwsWatchKind FeedKind { get; }

        /// <summary>The watch key: the subscription id of a queue watch, the interaction id of an interaction watch.</summary>
        string FeedKey { get; }

        /// <summary>Whether the message only carries changes.</summary>
        bool IsDelta { get; }

        /// <summary>Applies the message's content.</summary>
        void ApplyTo(IInteractionFeedSink sink);
    }

    /// <summary>Receives the content of a feed message; implemented by the live watch views.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public interface IInteractionFeedSink
    {
        /// <summary>An interaction with all its watched attributes (added, or listed in a snapshot).</summary>
        void Upsert(string interactionId, AttributeMap attributes);

        /// <summary>Changed attributes of an interaction.</summary>
        void Merge(string interactionId, AttributeMap changedAttributes);

        /// <summary>An interaction that left the watch.</summary>
        void Remove(string interactionId);
    }
}
