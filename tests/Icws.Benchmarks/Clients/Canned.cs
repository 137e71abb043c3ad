using System;
using System.Text;

namespace Icws.Benchmarks.Clients;

/// <summary>The fixed ICWS exchange every client in groups 1 and 2 performs: the same requests, the same canned answers.</summary>
public static class Canned
{
    public const string SessionId = "B3nchS3ss10n";
    public const string CsrfToken = "Q3NyZlRva2VuLTAxMjM0NTY3ODlhYmNkZWY=";
    public const string CookieName = "icws_" + SessionId;
    public const string CookieValue = "c0ok1e-7a9d2f3e4b5c6d7e8f90";
    public const string CookieHeader = CookieName + "=" + CookieValue;
    public const string MediaType = "application/vnd.inin.icws+JSON";
    public const string ContentType = "application/vnd.inin.icws+JSON; charset=utf-8";
    public const string AcceptLanguage = "en-us";
    public const string CsrfHeader = "ININ-ICWS-CSRF-Token";
    public const string InteractionId = "1001234567";
    public const string CreatedInteractionId = "1001234568";
    public const string CallTarget = "555-0123";
    public const string CallWorkgroup = "Support";
    public const string CreateCallType = "urn:inin.com:interactions:createCallParameters";

    /// <summary>The two attributes of the small select.</summary>
    public static readonly string[] Select2 = { "Eic_State", "Eic_RemoteName" };

    /// <summary>The twelve attributes of the large select.</summary>
    public static readonly string[] Select12 =
    {
        "Eic_State", "Eic_RemoteName", "Eic_RemoteTnRaw", "Eic_CallDirection", "Eic_CallType", "Eic_ObjectType",
        "Eic_Capabilities", "Eic_ConnectDurationTime", "Eic_InitiationTime", "Eic_WorkgroupName", "Eic_UserName", "Eic_CallStateString",
    };

    public static readonly byte[] Attributes2Json = Encoding.UTF8.GetBytes(
        """{"attributes":{"Eic_State":"C","Eic_RemoteName":"Jane Doe"}}""");

    public static readonly byte[] Attributes12Json = Encoding.UTF8.GetBytes(
        """{"attributes":{"Eic_State":"C","Eic_RemoteName":"Jane Doe","Eic_RemoteTnRaw":"+13175550123","Eic_CallDirection":"I","Eic_CallType":"E","Eic_ObjectType":"Call","Eic_Capabilities":"1318","Eic_ConnectDurationTime":"42","Eic_InitiationTime":"20261129T101500Z","Eic_WorkgroupName":"Support","Eic_UserName":"Agent Smith","Eic_CallStateString":"Connected"}}""");

    public static readonly byte[] CreatedJson = Encoding.UTF8.GetBytes("{\"interactionId\":\"" + CreatedInteractionId + "\"}");

    public static readonly byte[] LoginJson = Encoding.UTF8.GetBytes(
        "{\"sessionId\":\"" + SessionId + "\",\"csrfToken\":\"" + CsrfToken + "\",\"userID\":\"agent\",\"userDisplayName\":\"Agent Smith\",\"icServer\":\"bench\","
        + "\"alternateHostList\":[],\"features\":[{\"featureId\":\"connection\",\"version\":17},{\"featureId\":\"interactions\",\"version\":12},{\"featureId\":\"messaging\",\"version\":1},{\"featureId\":\"queues\",\"version\":3}],"
        + "\"version\":{\"majorVersion\":\"2025\",\"minorVersion\":\"1\",\"su\":\"0\",\"productReleaseDisplayString\":\"2025 R1\"}}");

    /// <summary>The request bodies every client must send (compared as JSON in the verification pass).</summary>
    public const string HoldBody = """{"on":true}""";

    public const string CreateBody = "{\"__type\":\"" + CreateCallType + "\",\"target\":\"" + CallTarget + "\",\"workgroup\":\"" + CallWorkgroup + "\"}";

    public static string[] Select(int count) => count switch
    {
        2 => Select2,
        12 => Select12,
        _ => throw new ArgumentOutOfRangeException(nameof(count)),
    };
}

/// <summary>The operations of groups 1 and 2.</summary>
public enum Operation
{
    GetAttributes2,
    GetAttributes12,
    Hold,
    CreateCall,
}
