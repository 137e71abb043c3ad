namespace Icws.Simulator.State;

/// <summary>
/// The only way interactions change: each change is diffed (attributes and queue membership before/after) and turned
/// into messages for every watch that can see it — queue watches, interaction watches and interaction-alerting —
/// all while <see cref="SimState.Gate"/> is held, so message order equals state order.
/// </summary>
internal sealed class ChangeFeed
{
    private readonly SimState _state;
    private int _alternate;

    public ChangeFeed(SimState state) => _state = state;

    /// <summary>Registers a new interaction and announces it to watches of its queues.</summary>
    public void Add(InteractionRecord ia)
    {
        _state.Interactions[ia.Id] = ia;
        Publish(ia, new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase), new HashSet<QueueKey>());
    }

    /// <summary>Applies <paramref name="change"/> to the interaction and publishes the difference.</summary>
    public void Mutate(InteractionRecord ia, Action<InteractionRecord> change)
    {
        if (ia.Removed)
        {
            return;
        }
        var beforeAttributes = new Dictionary<string, string>(ia.Attributes, StringComparer.OrdinalIgnoreCase);
        var beforeQueues = ia.Queues.ToHashSet();
        change(ia);
        Publish(ia, beforeAttributes, beforeQueues);
    }

    /// <summary>Takes the interaction out of every queue, tells interaction watchers it is deallocated, forgets it.</summary>
    public void Remove(InteractionRecord ia)
    {
        if (ia.Removed)
        {
            return;
        }
        Mutate(ia, x =>
        {
            x.Queues.Clear();
            x.Removed = true;
        });
        _state.Interactions.Remove(ia.Id);
        foreach (var session in _state.LiveSessions)
        {
            if (session.InteractionWatches.Remove(ia.Id))
            {
                _state.Enqueue(session, Messages.InteractionDeallocated(ia.Id));
            }
            // Media watches end silently with the interaction (the interaction watch carries the deallocation).
            session.CallbackWatches.Remove(ia.Id);
            session.ChatWatches.Remove(ia.Id);
            session.EmailWatches.Remove(ia.Id);
        }
        foreach (var members in _state.Conferences.Values)
        {
            members.Remove(ia.Id);
        }
    }

    /// <summary>Whether the next queue message writes empty arrays (see <see cref="EmptyArrayMode"/>).</summary>
    public bool IncludeEmptyArrays() => _state.Options.QueueMessageEmptyArrays switch
    {
        EmptyArrayMode.Include => true,
        EmptyArrayMode.Alternate => (Interlocked.Increment(ref _alternate) & 1) == 0,
        _ => false,
    };

    /// <summary>The requested attributes the interaction has (never-set names are left out), spelled as requested.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Select(InteractionRecord ia, IEnumerable<string> names, Func<string, bool>? filter = null)
    {
        var now = _state.Now;
        var result = new List<KeyValuePair<string, string>>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in names)
        {
            if (seen.Add(name) && (filter is null || filter(name)) && ia.TryRead(name, now, out var value))
            {
                result.Add(new(name, value));
            }
        }
        return result;
    }

    private void Publish(InteractionRecord ia, Dictionary<string, string> before, HashSet<QueueKey> beforeQueues)
    {
        var changed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in ia.Attributes)
        {
            if (!before.TryGetValue(name, out var old) || !string.Equals(old, value, StringComparison.Ordinal))
            {
                changed.Add(name);
            }
        }
        var alertsBefore = AlertsOf(before, beforeQueues);
        var alertsAfter = AlertsOf(ia.Attributes, ia.Queues);

        foreach (var session in _state.LiveSessions.ToList())
        {
            foreach (var watch in session.QueueWatches.Values)
            {
                PublishToQueueWatch(session, watch, ia, beforeQueues, changed);
            }
            if (!ia.Removed && session.InteractionWatches.TryGetValue(ia.Id, out var names))
            {
                var attributes = Select(ia, names, changed.Contains);
                if (attributes.Count > 0)
                {
                    _state.Enqueue(session, Messages.InteractionChanged(ia.Id, isDelta: true, attributes));
                }
            }
            if (session.AlertingWatch is { } alertNames)
            {
                var details = new List<AlertDetail>();
                foreach (var a in alertsAfter.Where(a => a.User.Equals(session.UserId, StringComparison.OrdinalIgnoreCase) && !alertsBefore.Contains(a)))
                {
                    details.Add(Detail(ia, a, action: 1, alertNames));
                }
                foreach (var a in alertsBefore.Where(a => a.User.Equals(session.UserId, StringComparison.OrdinalIgnoreCase) && !alertsAfter.Contains(a)))
                {
                    details.Add(Detail(ia, a, action: 2, alertNames));
                }
                if (details.Count > 0)
                {
                    _state.Enqueue(session, Messages.Alerting(isDelta: true, details));
                }
            }
            if (!ia.Removed)
            {
                PublishMedia(session, ia);
            }
        }
        // Queue statistics and onPhone follow every interaction change.
        _state.Presence.InteractionChanged(ia, before, beforeQueues);
    }

    /// <summary>Callback, chat and e-mail watches: each remembers what it sent and gets the difference.</summary>
    private void PublishMedia(SessionState session, InteractionRecord ia)
    {
        if (session.CallbackWatches.TryGetValue(ia.Id, out var lastCallback))
        {
            var now = CallbackView.Of(ia);
            if (now != lastCallback)
            {
                session.CallbackWatches[ia.Id] = now;
                _state.Enqueue(session, Messages.Callback(ia.Id, now, lastCallback));
            }
        }
        if (session.ChatWatches.TryGetValue(ia.Id, out var chat))
        {
            var members = ChatMembers(ia, session.UserId);
            var before = chat.Members.ToDictionary(m => m.Key);
            var after = members.ToDictionary(m => m.Key);
            var added = members.Where(m => !before.ContainsKey(m.Key)).ToList();
            var changed = members.Where(m => before.TryGetValue(m.Key, out var old) && old != m).ToList();
            var removed = chat.Members.Where(m => !after.ContainsKey(m.Key)).ToList();
            chat.Members = members;
            if (added.Count + changed.Count + removed.Count > 0)
            {
                _state.Enqueue(session, Messages.ChatMembers(ia.Id, isDelta: true, added, changed, removed));
            }
            if (ia.ChatLines.Count > chat.LinesSent)
            {
                var lines = ia.ChatLines.Skip(chat.LinesSent).ToList();
                chat.LinesSent = ia.ChatLines.Count;
                _state.Enqueue(session, Messages.ChatContents(ia.Id, isDelta: true, lines, session.UserId));
            }
        }
        if (session.EmailWatches.TryGetValue(ia.Id, out var lastEmail))
        {
            var now = EmailView.Of(ia);
            if (now != lastEmail)
            {
                session.EmailWatches[ia.Id] = now;
                _state.Enqueue(session, Messages.EmailContents(ia.Id, now, lastEmail));
            }
        }
    }

    /// <summary>Starts a callback watch: remembers the details and queues the full <c>callbackMessage</c>.</summary>
    public void StartCallbackWatch(SessionState session, InteractionRecord ia)
    {
        var view = CallbackView.Of(ia);
        session.CallbackWatches[ia.Id] = view;
        _state.Enqueue(session, Messages.Callback(ia.Id, view, previous: null));
    }

    /// <summary>Starts a chat watch: full member list, then the transcript so far (both isDelta false).</summary>
    public void StartChatWatch(SessionState session, InteractionRecord ia)
    {
        var members = ChatMembers(ia, session.UserId);
        session.ChatWatches[ia.Id] = new ChatWatchState { Members = members, LinesSent = ia.ChatLines.Count };
        _state.Enqueue(session, Messages.ChatMembers(ia.Id, isDelta: false, members, [], []));
        _state.Enqueue(session, Messages.ChatContents(ia.Id, isDelta: false, ia.ChatLines, session.UserId));
    }

    /// <summary>Starts an e-mail watch with the full <c>emailContentsMessage</c>.</summary>
    public void StartEmailWatch(SessionState session, InteractionRecord ia)
    {
        var view = EmailView.Of(ia);
        session.EmailWatches[ia.Id] = view;
        _state.Enqueue(session, Messages.EmailContents(ia.Id, view, previous: null));
    }

    /// <summary>
    /// Chat members as <paramref name="viewerUserId"/> sees them: the user who owns the chat and its remote party (a user,
    /// or the workgroup as a system member). A disconnected chat has no members left.
    /// </summary>
    public IReadOnlyList<ChatMemberView> ChatMembers(InteractionRecord ia, string viewerUserId)
    {
        var result = new List<ChatMemberView>();
        if (ia.IsDisconnected)
        {
            return result;
        }
        void AddUser(string userId)
        {
            if (_state.FindUser(userId) is { } u && result.All(m => !string.Equals(m.UserId, u.UserId, StringComparison.OrdinalIgnoreCase)))
            {
                result.Add(new ChatMemberView(u.UserId, u.DisplayName, Messages.ChatMemberTypeOf(u.UserId, viewerUserId), ia.Id, ia.ChatTyping.Contains(u.UserId)));
            }
        }
        AddUser(ia.Get("Eic_UserName"));
        if (ia.ChatRemoteUserId is { } remote)
        {
            AddUser(remote);
        }
        else if (ia.Get("Eic_RemoteName") is { Length: > 0 } name)
        {
            result.Add(new ChatMemberView("", name, 1, ia.Id, false));
        }
        return result;
    }

    /// <summary>
    /// A call ended: it becomes a history item of the user whose queue held it (none when unassigned), and that user's
    /// history watches get it as a delta. Status Connected 1 when it was ever connected, else None 0.
    /// </summary>
    public void CallEnded(InteractionRecord ia)
    {
        var owner = ia.Get("Eic_UserName");
        if (!ia.IsCall || owner.Length == 0 || _state.FindUser(owner) is not { } user)
        {
            return;
        }
        var item = new HistoryItem(
            ia.Id, ia.Get("Eic_InitiationTime"), ia.Get("Eic_TerminationTime"), ia.Get("Eic_CallDirection") == "I" ? 1 : 2,
            ia.ConnectedAt is null ? 0 : 1, user.Station, user.UserId, user.DisplayName,
            ia.Get("Eic_RemoteAddress"), ia.Get("Eic_RemoteId"), ia.Get("Eic_RemoteName"));
        if (!_state.History.TryGetValue(user.UserId, out var list))
        {
            _state.History[user.UserId] = list = new List<HistoryItem>();
        }
        list.Add(item);
        if (list.Count > SimState.MaxHistoryPerUser)
        {
            list.RemoveAt(0);
        }
        foreach (var session in _state.LiveSessions.Where(s => s.HistoryWatch && s.UserId.Equals(user.UserId, StringComparison.OrdinalIgnoreCase)))
        {
            _state.Enqueue(session, Messages.History(isDelta: true, [item]));
        }
    }

    private void PublishToQueueWatch(SessionState session, QueueWatch watch, InteractionRecord ia, HashSet<QueueKey> beforeQueues, HashSet<string> changed)
    {
        var was = watch.Covers(beforeQueues);
        var isNow = watch.Covers(ia.Queues);
        IReadOnlyList<InteractionEntry> added = [], changes = [];
        IReadOnlyList<string> removed = [];
        if (!was && isNow)
        {
            added = [new InteractionEntry(ia.Id, Select(ia, watch.AttributeNames))];
        }
        else if (was && !isNow)
        {
            removed = [ia.Id];
        }
        else if (was && isNow)
        {
            var attributes = Select(ia, watch.AttributeNames, changed.Contains);
            if (attributes.Count == 0)
            {
                return;
            }
            changes = [new InteractionEntry(ia.Id, attributes)];
        }
        else
        {
            return;
        }
        _state.Enqueue(session, Messages.QueueContents(watch.SubscriptionId, isDelta: true, added, changes, removed, IncludeEmptyArrays()));
    }

    /// <summary>The queue-contents snapshot that starts a queue watch (isDelta false).</summary>
    public string Snapshot(QueueWatch watch)
    {
        var entries = _state.Interactions.Values
            .Where(ia => !ia.Removed && watch.Covers(ia.Queues))
            .OrderBy(ia => ia.Id, StringComparer.Ordinal)
            .Select(ia => new InteractionEntry(ia.Id, Select(ia, watch.AttributeNames)))
            .ToList();
        return Messages.QueueContents(watch.SubscriptionId, isDelta: false, entries, [], [], IncludeEmptyArrays());
    }

    /// <summary>The alerting snapshot that starts an interaction-alerting watch (isDelta false).</summary>
    public string AlertingSnapshot(SessionState session, IReadOnlyList<string> attributeNames)
    {
        var details = new List<AlertDetail>();
        foreach (var ia in _state.Interactions.Values.Where(i => !i.Removed).OrderBy(i => i.Id, StringComparer.Ordinal))
        {
            foreach (var a in AlertsOf(ia.Attributes, ia.Queues).Where(a => a.User.Equals(session.UserId, StringComparison.OrdinalIgnoreCase)))
            {
                details.Add(Detail(ia, a, action: 1, attributeNames));
            }
        }
        return Messages.Alerting(isDelta: false, details);
    }

    private readonly record struct Alert(string User, int AlertType, QueueKey Queue);

    /// <summary>
    /// Who is alerted: a user whose user queue holds the interaction in state A (alertType User 1), and every member of a
    /// workgroup whose queue holds an unassigned interaction in O or A (alertType Workgroup 3). This pairing is the
    /// simulator's reading of interactionAlertTypes [U].
    /// </summary>
    private HashSet<Alert> AlertsOf(IReadOnlyDictionary<string, string> attributes, IEnumerable<QueueKey> queues)
    {
        var result = new HashSet<Alert>();
        var state = attributes.TryGetValue("Eic_State", out var s) ? s : "";
        var assigned = attributes.TryGetValue("Eic_UserName", out var u) && u.Length > 0;
        foreach (var q in queues)
        {
            if (q.Type == QueueKey.UserType && state == "A")
            {
                result.Add(new Alert(q.Name, 1, q));
            }
            else if (q.Type == QueueKey.WorkgroupType && state is "O" or "A" && !assigned && _state.FindWorkgroup(q.Name) is { } wg)
            {
                foreach (var member in wg.Members)
                {
                    result.Add(new Alert(member, 3, q));
                }
            }
        }
        return result;
    }

    private AlertDetail Detail(InteractionRecord ia, Alert a, int action, IReadOnlyList<string> attributeNames) => new(
        ia.Id,
        InteractionType(ia.ObjectType),
        ia.Get("Eic_RemoteName"),
        ia.Get("Eic_RemoteAddress"),
        a.AlertType,
        action,
        a.Queue,
        attributeNames.Count > 0 ? Select(ia, attributeNames) : null);

    /// <summary><c>interactionType</c> values are not in ICWS documentation; the simulator uses the supportedMediaType numbers [U].</summary>
    private static int InteractionType(string objectType) => objectType switch
    {
        "Call" => 1,
        "Chat" => 2,
        "Email" => 3,
        "Generic Object" => 4,
        "Callback" => 5,
        _ => 0,
    };
}
