using System.Globalization;

namespace Icws.Simulator.Json;

/// <summary>Wire constants of ICWS and the compact timestamp format.</summary>
internal static class Wire
{
    /// <summary>ICWS responses carry this media type (the SDK only parses <c>application/vnd.inin.icws+json</c>, case-insensitively).</summary>
    public const string JsonContentType = "application/vnd.inin.icws+JSON; charset=utf-8";

    public const string CsrfHeader = "ININ-ICWS-CSRF-Token";
    public const string SessionIdHeader = "ININ-ICWS-Session-ID";
    public const string CookiePrefix = "icws_";

    public const string ErrorType = "urn:inin.com:common:error";
    public const string MissingPropertyErrorType = "urn:inin.com:common:missingPropertyError";
    public const string InvalidPropertyErrorType = "urn:inin.com:common:invalidPropertyError";

    public const string IcAuthSettings = "urn:inin.com:connection:icAuthConnectionRequestSettings";
    public const string AuthTokenSettings = "urn:inin.com:connection:authTokenConnectionRequestSettings";
    public const string SingleSignOnSettings = "urn:inin.com:connection:singleSignOnTokenConnectionRequestSettings";

    public const string CreateCall = "urn:inin.com:interactions:createCallParameters";
    public const string CreateCallback = "urn:inin.com:interactions.callback:createCallbackParameters";
    public const string CreateCallbackResponseCall = "urn:inin.com:interactions.callback:createCallbackResponseCallParameters";
    public const string CreateChat = "urn:inin.com:interactions.chat:createChatParameters";
    public const string CreateEmail = "urn:inin.com:interactions.email:createEmailParameters";
    public const string CreateEmailResponse = "urn:inin.com:interactions.email:createEmailResponseParameters";
    public const string CreateGeneric = "urn:inin.com:interactions:createGenericInteractionParameters";

    public const string WorkstationSettings = "urn:inin.com:connection:workstationSettings";
    public const string RemoteWorkstationSettings = "urn:inin.com:connection:remoteWorkstationSettings";
    public const string RemoteNumberSettings = "urn:inin.com:connection:remoteNumberSettings";
    public const string StationlessSettings = "urn:inin.com:connection:stationlessSettings";

    public const string QueueContentsMessage = "urn:inin.com:queues:queueContentsMessage";
    public const string InteractionChangedMessage = "urn:inin.com:interactions:interactionChangedMessage";
    public const string InteractionDeallocatedMessage = "urn:inin.com:interactions:interactionDeallocatedMessage";
    public const string InteractionAlertingMessage = "urn:inin.com:interactions:interactionAlertingMessage";
    public const string ConnectionStateChangeMessage = "urn:inin.com:connection:connectionStateChangeMessage";
    public const string StationConnectionStateChangeMessage = "urn:inin.com:connection:stationConnectionStateChangeMessage";
    public const string LicenseMessage = "urn:inin.com:licenses:licenseMessage";
    public const string HistoryMessage = "urn:inin.com:interactions:historyMessage";
    public const string CallbackMessage = "urn:inin.com:interactions.callback:callbackMessage";
    public const string ChatMembersMessage = "urn:inin.com:interactions.chat:chatMembersMessage";
    public const string ChatContentsMessage = "urn:inin.com:interactions.chat:chatContentsMessage";
    public const string FullChatMember = "urn:inin.com:interactions.chat:fullChatMember";
    public const string EmailContentsMessage = "urn:inin.com:interactions.email:emailContentsMessage";
    public const string EmailUploadFileStatusMessage = "urn:inin.com:interactions.email:emailUploadFileStatusMessage";
    public const string EmailMessageAttachmentMessage = "urn:inin.com:interactions.email:emailMessageAttachmentMessage";
    public const string AssistanceRequestListMessage = "urn:inin.com:interactions.assistance:assistanceRequestListMessage";
    public const string AssistanceRequestDetailsMessage = "urn:inin.com:interactions.assistance:assistanceRequestDetailsMessage";
    public const string AssistanceRequestSubscriptionStateMessage = "urn:inin.com:interactions.assistance:assistanceRequestSubscriptionStateMessage";

    /// <summary>Basic ISO-8601 UTC, e.g. <c>20240131T142500Z</c> (the form clients send and read).</summary>
    public static string Timestamp(DateTimeOffset t) =>
        t.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// Parses a DateTime the client sent: the same basic form, optionally with 1-7 fraction digits
    /// (<c>20240131T142500Z</c>, <c>20240131T142500.5Z</c>). Extended ISO forms are rejected: ICWS documentation only shows the basic one [U].
    /// </summary>
    public static bool TryParseTimestamp(string text, out DateTimeOffset value) =>
        DateTimeOffset.TryParseExact(text, ["yyyyMMdd'T'HHmmss'Z'", "yyyyMMdd'T'HHmmss.FFFFFFF'Z'"], CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);

    public static string Digits(long n) => n.ToString(CultureInfo.InvariantCulture);
}
