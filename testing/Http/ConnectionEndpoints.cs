using System.Text.Json;
using Icws.Simulator.Json;
using Icws.Simulator.State;

namespace Icws.Simulator.Http;

/// <summary>Connection area: login/logout, version, features, server time and info, station, auth tokens, switchover status.</summary>
internal sealed class ConnectionEndpoints
{
    private readonly SimulatorCore _core;

    public ConnectionEndpoints(SimulatorCore core) => _core = core;

    private SimState State => _core.State;

    public void Register(RouteTable publicRoutes, RouteTable sessionRoutes)
    {
        publicRoutes
            .Map("POST", "connection", LoginAsync)
            .Map("GET", "connection/version", c => c.JsonAsync(200, WriteVersion))
            .Map("GET", "connection/features", c => c.JsonAsync(200, w =>
            {
                w.WriteStartObject();
                WriteFeatures(w, "featureInfoList");
                w.WriteEndObject();
            }))
            .Map("GET", "connection/features/{featureId}", GetFeatureAsync)
            .Map("GET", "connection/server-info", ServerInfoAsync)
            .Map("GET", "connection/server-time", c => c.JsonAsync(200, w =>
            {
                w.WriteStartObject();
                w.WriteString("serverUtcTime", Wire.Timestamp(State.Now));
                w.WriteEndObject();
            }));
        sessionRoutes
            .Map("GET", "connection", c => c.JsonAsync(200, w =>
            {
                w.WriteStartObject();
                w.WriteNumber("connectionState", 1); // up
                w.WriteEndObject();
            }))
            .Map("DELETE", "connection", LogoutAsync)
            .Map("GET", "connection/station", GetStationAsync)
            .Map("PUT", "connection/station", PutStationAsync)
            .Map("DELETE", "connection/station", DeleteStationAsync)
            .Map("POST", "connection/unique-auth-token", UniqueAuthTokenAsync)
            .Map("GET", "connection/switchover-status", SwitchoverStatusAsync);
    }

    private async Task LoginAsync(RequestContext c)
    {
        // A Session Manager redirects before it looks at credentials.
        if (_core.Faults.TryTakeLoginRejection())
        {
            await c.AlternateHostsAsync("This server cannot accept the connection now; try an alternate host.").ConfigureAwait(false);
            return;
        }
        if (string.IsNullOrWhiteSpace(c.Http.Request.Headers.AcceptLanguage.ToString()))
        {
            throw IcwsError.BadRequest("error.request.invalidRepresentation.missingRequiredParameter", "The Accept-Language header is required.");
        }
        var body = await c.ReadObjectAsync().ConfigureAwait(false);
        var type = body.RequireType(Wire.IcAuthSettings, Wire.AuthTokenSettings, Wire.SingleSignOnSettings);
        body.RequiredString("applicationName");
        body.OptionalString("marketPlaceApplicationLicenseName");
        body.OptionalString("marketPlaceApplicationCode");
        var user = type switch
        {
            Wire.IcAuthSettings => PasswordUser(body),
            Wire.AuthTokenSettings => TokenUser(body),
            _ => SingleSignOnUser(body),
        };

        SessionState session;
        lock (State.Gate)
        {
            session = new SessionState(State.NewSessionId(), user.UserId, Guid.NewGuid().ToString(), SimState.NewCsrfToken(), State.Now);
            State.Sessions[session.Id] = session;
            State.Presence.Refresh(); // loggedIn and icServers of the user's status
        }
        _core.Counters.Login();

        var include = c.Http.Request.Query["include"].ToString()
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var headers = c.Http.Response.Headers;
        headers[Wire.CsrfHeader] = session.CsrfToken;
        headers[Wire.SessionIdHeader] = session.Id;
        headers.Location = $"/icws/{session.Id}/connection";
        // Shape from a captured CIC trace: cookie named after the session, scoped to the session's path.
        headers.SetCookie = $"{Wire.CookiePrefix}{session.Id}={session.CookieValue}; Path=/icws/{session.Id}; HttpOnly";
        await c.JsonAsync(201, w =>
        {
            w.WriteStartObject();
            w.WriteString("csrfToken", session.CsrfToken);
            w.WriteString("sessionId", session.Id);
            JsonText.StringArray(w, "alternateHostList", _core.AlternateHostsFor(c.ServerIndex));
            w.WriteString("userID", user.UserId);
            w.WriteString("userDisplayName", user.DisplayName);
            w.WriteString("icServer", _core.Options.IcServerName);
            if (include.Contains("version"))
            {
                w.WritePropertyName("version");
                WriteVersion(w);
            }
            if (include.Contains("features"))
            {
                WriteFeatures(w, "features");
            }
            if (include.Contains("server-time"))
            {
                w.WriteStartObject("serverTimeInfo");
                w.WriteString("serverUtcTime", Wire.Timestamp(State.Now));
                w.WriteEndObject();
            }
            if (include.Contains("default-workstation"))
            {
                w.WriteString("defaultWorkstationId", user.Station);
            }
            if (include.Contains("effective-station"))
            {
                w.WriteNull("effectiveStation"); // sessions start stationless (nullable per contract)
            }
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private SimulatedUser PasswordUser(RequestJson body)
    {
        var userId = body.RequiredString("userID");
        var password = body.RequiredString("password", allowEmpty: true);
        var user = State.FindUser(userId);
        if (user is null || !string.Equals(user.Password, password, StringComparison.Ordinal))
        {
            _core.Counters.LoginFailure();
            throw IcwsError.BadRequest("error.request.connection.authenticationFailure", "The authentication process failed.");
        }
        return user;
    }

    private SimulatedUser TokenUser(RequestJson body)
    {
        // Seeds are GUIDs; compare them as GUIDs (any hex case), like the issuing side stores them.
        var seedText = body.RequiredString("authTokenSeed");
        var seed = Guid.TryParseExact(seedText, "D", out var g) ? g.ToString("D") : seedText;
        var token = body.RequiredString("authToken");
        var source = body.RequiredString("authTokenSourceSession");
        var disconnectSource = body.OptionalBool("disconnectSourceSession") ?? false;
        lock (State.Gate)
        {
            // Single use: the token is consumed whether or not the rest matches.
            if (!State.AuthTokens.Remove(token, out var record) || record.Seed != seed || record.SourceSessionId != source || record.Expires < State.Now)
            {
                _core.Counters.LoginFailure();
                throw IcwsError.BadRequest("error.request.connection.authenticationFailure", "The authentication token is not valid.");
            }
            if (disconnectSource && State.Sessions.TryGetValue(source, out var sourceSession))
            {
                State.EndSession(sourceSession, "The session was replaced by a new connection.");
            }
            return State.FindUser(record.UserId)!;
        }
    }

    private SimulatedUser SingleSignOnUser(RequestJson body)
    {
        var token = body.RequiredString("singleSignOnToken");
        if (!_core.Options.SingleSignOnTokens.TryGetValue(token, out var userId) || State.FindUser(userId) is not { } user)
        {
            _core.Counters.LoginFailure();
            throw IcwsError.BadRequest("error.request.connection.singleSignOn.failure", "The single sign-on token is not valid.");
        }
        return user;
    }

    private Task LogoutAsync(RequestContext c)
    {
        lock (State.Gate)
        {
            State.EndSession(c.RequireSession, reason: null);
        }
        _core.Counters.Logout();
        return c.EmptyAsync(204);
    }

    private void WriteVersion(Utf8JsonWriter w)
    {
        // versionInfo: the four numbers are strings in the contract.
        w.WriteStartObject();
        w.WriteString("majorVersion", "22");
        w.WriteString("minorVersion", "2");
        w.WriteString("su", "0");
        w.WriteString("build", "1");
        w.WriteString("productId", "ICWS Simulator");
        w.WriteString("codebaseId", "sim");
        w.WriteString("productReleaseDisplayString", "2022 R2 (simulated)");
        w.WriteEndObject();
    }

    private void WriteFeatures(Utf8JsonWriter w, string name)
    {
        w.WriteStartArray(name);
        foreach (var (id, version) in _core.Options.FeatureVersions)
        {
            w.WriteStartObject();
            w.WriteString("featureId", id);
            w.WriteNumber("version", version);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private Task GetFeatureAsync(RequestContext c)
    {
        var id = c["featureId"];
        if (!_core.Options.FeatureVersions.TryGetValue(id, out var version))
        {
            throw IcwsError.NotFound("error.request.connection.featureNotFound", $"The feature '{id}' is not supported.");
        }
        var canonical = _core.Options.FeatureVersions.Keys.First(k => string.Equals(k, id, StringComparison.OrdinalIgnoreCase));
        return c.JsonAsync(200, w =>
        {
            w.WriteStartObject();
            w.WriteString("featureId", canonical);
            w.WriteNumber("version", version);
            w.WriteEndObject();
        });
    }

    private static readonly string[] s_languages = ["en-US", "de-DE", "fr-FR"];

    /// <summary>Language names by display language (primary subtag) and language id.</summary>
    private static readonly Dictionary<string, string[]> s_languageNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["en"] = ["English (United States)", "German (Germany)", "French (France)"],
        ["de"] = ["Englisch (Vereinigte Staaten)", "Deutsch (Deutschland)", "Französisch (Frankreich)"],
        ["fr"] = ["Anglais (États-Unis)", "Allemand (Allemagne)", "Français (France)"],
    };

    private static readonly string[] s_singleSignOnCapabilities = ["saml2Post", "saml2Redirect", "saml2ECP"];

    /// <summary>
    /// GET server-info (no session). ICWS documentation names only the type and its inputs, so the body follows the public ICWS JavaScript SDK's
    /// <c>serverInfo</c> contract [U]: <c>languages</c> [{languageID, languageDisplayName}], <c>acceptLanguage</c> (the server
    /// language chosen from Accept-Language, default en-US) and <c>authentication</c> {allowIcAuth, identityProviders?}.
    /// <c>displayLanguage</c> picks the language of the display names (default: the chosen language); unknown values → 400.
    /// <c>singleSignOnCapabilities</c> (csv of saml2Post, saml2Redirect, saml2ECP; others → 400) asks for the identity providers
    /// that support one of them: the simulator has one SAML provider (Post and Redirect, not ECP). Without it no providers are listed.
    /// </summary>
    private Task ServerInfoAsync(RequestContext c)
    {
        var query = c.Http.Request.Query;
        string[]? capabilities = null;
        if (query.ContainsKey("singleSignOnCapabilities"))
        {
            capabilities = query["singleSignOnCapabilities"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (capabilities.FirstOrDefault(x => !s_singleSignOnCapabilities.Contains(x, StringComparer.OrdinalIgnoreCase)) is { } bad)
            {
                throw IcwsError.BadRequest("error.request.invalidParameter", $"'{bad}' is not a single sign-on capability (saml2Post, saml2Redirect, saml2ECP).");
            }
        }
        var accept = BestLanguage(c.Http.Request.Headers.AcceptLanguage.ToString()) ?? s_languages[0];
        var display = accept;
        if (query.ContainsKey("displayLanguage"))
        {
            var requested = query["displayLanguage"].ToString();
            display = Match(requested) ?? throw IcwsError.BadRequest("error.request.invalidParameter", $"'{requested}' is not a language of this server.");
        }
        var names = s_languageNames[display[..2]];
        var providers = capabilities is null
            ? null
            : capabilities.Any(x => !x.Equals("saml2ECP", StringComparison.OrdinalIgnoreCase)) ? new[] { ("sim-saml", "Simulator SAML") } : [];
        return c.JsonAsync(200, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("languages");
            for (var i = 0; i < s_languages.Length; i++)
            {
                w.WriteStartObject();
                w.WriteString("languageID", s_languages[i]);
                w.WriteString("languageDisplayName", names[i]);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteString("acceptLanguage", accept);
            w.WriteStartObject("authentication");
            w.WriteBoolean("allowIcAuth", true);
            if (providers is not null)
            {
                w.WriteStartArray("identityProviders");
                foreach (var (id, name) in providers)
                {
                    w.WriteStartObject();
                    w.WriteString("displayName", name);
                    w.WriteString("identityProviderId", id);
                    w.WriteBoolean("builtInIdentityProvider", false);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    /// <summary>A server language for a tag: exact id, or the first one with the same primary subtag (<c>de</c> → de-DE).</summary>
    private static string? Match(string tag)
    {
        tag = tag.Trim();
        if (tag.Length < 2)
        {
            return null;
        }
        return s_languages.FirstOrDefault(l => l.Equals(tag, StringComparison.OrdinalIgnoreCase))
            ?? s_languages.FirstOrDefault(l => (tag.Length == 2 || tag[2] == '-') && l.StartsWith(tag[..2], StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The first Accept-Language entry (highest q first) the server has.</summary>
    private static string? BestLanguage(string header) =>
        header.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select((part, index) =>
            {
                var pieces = part.Split(';', StringSplitOptions.TrimEntries);
                var q = 1.0;
                foreach (var p in pieces.Skip(1))
                {
                    if (p.StartsWith("q=", StringComparison.OrdinalIgnoreCase)
                        && double.TryParse(p[2..], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v))
                    {
                        q = v;
                    }
                }
                return (Tag: pieces[0], Q: q, Index: index);
            })
            .Where(x => x.Q > 0)
            .OrderByDescending(x => x.Q)
            .ThenBy(x => x.Index)
            .Select(x => Match(x.Tag))
            .FirstOrDefault(x => x is not null);

    private Task GetStationAsync(RequestContext c)
    {
        StationInfo? station;
        lock (State.Gate)
        {
            station = c.RequireSession.Station;
        }
        if (station is null)
        {
            // A real server was seen answering "no station" with a numeric errorId in a string.
            throw IcwsError.NotFound("-2147221496", "No station is associated with the session.");
        }
        return c.JsonAsync(200, w => Messages.WriteStationInfo(w, station));
    }

    private async Task PutStationAsync(RequestContext c)
    {
        var body = await c.ReadObjectAsync().ConfigureAwait(false);
        var type = body.RequireType(Wire.WorkstationSettings, Wire.RemoteWorkstationSettings, Wire.RemoteNumberSettings, Wire.StationlessSettings);
        if (body.OptionalArray("supportedMediaTypes") is { } media)
        {
            for (var i = 0; i < media.Count; i++)
            {
                if (media[i].ValueKind != JsonValueKind.Number || !media[i].TryGetInt32(out var m) || m is < 0 or > 9)
                {
                    throw IcwsError.InvalidProperty($"supportedMediaTypes[{i}]", "a supportedMediaType integer 0..9 is expected.");
                }
            }
        }
        body.OptionalInt("stationConnectionMode", 0, 2);
        body.OptionalBool("readyForInteractions");
        StationInfo? station = type switch
        {
            Wire.WorkstationSettings => Station(body.RequiredString("workstation"), 1, null),
            Wire.RemoteWorkstationSettings => Station(body.RequiredString("workstation"), 2, body.OptionalString("remoteNumber")),
            Wire.RemoteNumberSettings => new StationInfo(body.RequiredString("remoteNumber"), body.RequiredString("remoteNumber"), 3, body.RequiredString("remoteNumber")),
            _ => null,
        };
        if (type == Wire.RemoteNumberSettings)
        {
            body.OptionalBool("persistentConnection");
        }
        lock (State.Gate)
        {
            ChangeStation(c.RequireSession, station);
        }
        await c.EmptyAsync(200).ConfigureAwait(false);
    }

    /// <summary>Sets the session's station; a station watch hears of every actual change.</summary>
    private void ChangeStation(SessionState session, StationInfo? station)
    {
        var previous = session.Station;
        session.Station = station;
        if (session.StationWatch && previous != station)
        {
            State.Enqueue(session, Messages.StationChange(previous, includePrevious: true, station));
        }
        State.Presence.Refresh(); // stations of the user's status
    }

    private StationInfo Station(string workstation, int setting, string? remoteNumber)
    {
        var owner = _core.Options.Users.FirstOrDefault(u => string.Equals(u.Station, workstation, StringComparison.OrdinalIgnoreCase));
        if (owner is null)
        {
            throw IcwsError.InvalidProperty("workstation", $"'{workstation}' is not a configured station.");
        }
        return new StationInfo(owner.Station, owner.Station, setting, remoteNumber);
    }

    // ICWS documents that removing the station also ends the session; the simulator keeps the session (simpler for clients under test).
    private Task DeleteStationAsync(RequestContext c)
    {
        lock (State.Gate)
        {
            ChangeStation(c.RequireSession, null);
        }
        return c.EmptyAsync(200);
    }

    private async Task UniqueAuthTokenAsync(RequestContext c)
    {
        var body = await c.ReadObjectAsync().ConfigureAwait(false);
        var seed = body.RequiredGuid("authTokenSeed").ToString("D");
        var token = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(18));
        lock (State.Gate)
        {
            State.AuthTokens[token] = new AuthTokenRecord(token, seed, c.RequireSession.Id, c.RequireSession.UserId, State.Now + _core.Options.AuthTokenLifetime);
        }
        await c.JsonAsync(200, w =>
        {
            w.WriteStartObject();
            w.WriteString("authToken", token);
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private Task SwitchoverStatusAsync(RequestContext c)
    {
        if (!_core.Options.FeatureVersions.TryGetValue("connection", out var v) || v < 11)
        {
            throw IcwsError.NotFound("error.request.resourceNotFound", "switchover-status needs connection feature version 11.");
        }
        var hosts = _core.Hosts;
        return c.JsonAsync(200, w =>
        {
            w.WriteStartObject();
            w.WriteBoolean("isSwitchoverActive", false);
            w.WriteString("primaryHost", hosts[c.ServerIndex]);
            if (hosts.Count > 1)
            {
                w.WriteString("backupHost", hosts[(c.ServerIndex + 1) % hosts.Count]);
            }
            w.WriteEndObject();
        });
    }
}
