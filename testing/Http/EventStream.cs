using System.Text;
using Icws.Simulator.State;

namespace Icws.Simulator.Http;

/// <summary>
/// One server-sent event stream. Framing: a <c>retry: 1000</c> field first, then per message <c>id: n</c> and
/// <c>data: json</c> and a blank line, and <c>:ping</c> comments every keepalive interval. One stream per session:
/// a newer stream replaces (closes) an older one. While a stream is open it drains the session's queue, so each message
/// goes one way only; messages not confirmed by a completed flush are put back when the stream fails or is dropped.
/// </summary>
internal sealed class EventStream
{
    private readonly SimulatorCore _core;
    private readonly RequestContext _context;
    private readonly SessionState _session;
    private readonly EventStreamHandle _handle;

    public EventStream(SimulatorCore core, RequestContext context)
    {
        _core = core;
        _context = context;
        _session = context.RequireSession;
        _handle = new EventStreamHandle(context.Http, _session);
    }

    public async Task RunAsync()
    {
        var http = _context.Http;
        lock (_core.State.Gate)
        {
            _session.Stream?.Closing.Cancel();
            _session.Stream = _handle;
            _core.State.OpenStreams.Add(_handle);
        }
        _core.Counters.EventStreamOpened();
        http.Response.StatusCode = 200;
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Accel-Buffering"] = "no";
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(
            http.RequestAborted, _handle.Closing.Token, _core.State.Scheduler.ShutdownToken);
        try
        {
            await WriteAsync("retry: 1000\n\n").ConfigureAwait(false);
            while (true)
            {
                if (!await FlushPendingAsync().ConfigureAwait(false))
                {
                    break;
                }
                bool signaled;
                try
                {
                    signaled = await _session.Signal.WaitAsync(_core.Options.KeepAliveInterval, stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Graceful close (logout, expiry, newer stream): deliver what is left, then end the response.
                    if (!http.RequestAborted.IsCancellationRequested && !_core.State.Scheduler.ShutdownToken.IsCancellationRequested)
                    {
                        await FlushPendingAsync().ConfigureAwait(false);
                    }
                    break;
                }
                if (!signaled)
                {
                    await WriteAsync(":ping\n\n").ConfigureAwait(false);
                }
            }
        }
        catch (Exception) when (http.RequestAborted.IsCancellationRequested || _handle.Dropped)
        {
            // The client left or a fault aborted the stream.
        }
        finally
        {
            lock (_core.State.Gate)
            {
                _core.State.Requeue(_handle);
                if (_session.Stream == _handle)
                {
                    _session.Stream = null;
                }
                _core.State.OpenStreams.Remove(_handle);
            }
        }
    }

    /// <summary>Writes every pending message as one event each. Returns false when the stream should end.</summary>
    private async Task<bool> FlushPendingAsync()
    {
        List<PendingMessage> batch;
        bool ended;
        lock (_core.State.Gate)
        {
            if (_handle.Dropped || _session.Stream != _handle)
            {
                return false;
            }
            batch = _core.State.Drain(_session);
            _handle.InFlight = batch;
            ended = _session.Ended;
        }
        if (batch.Count > 0)
        {
            var text = new StringBuilder();
            foreach (var m in batch)
            {
                text.Append("id: ").Append(m.Id).Append('\n');
                // Messages are single-line JSON; raw injected text with line breaks becomes several data lines (SSE joins them with \n).
                foreach (var line in m.Text.Split('\n'))
                {
                    text.Append("data: ").Append(line.TrimEnd('\r')).Append('\n');
                }
                text.Append('\n');
            }
            await WriteAsync(text.ToString()).ConfigureAwait(false);
            lock (_core.State.Gate)
            {
                if (_handle.InFlight == batch)
                {
                    _handle.InFlight = null;
                    _core.Counters.MessageSent(batch.Count);
                }
            }
        }
        else
        {
            lock (_core.State.Gate)
            {
                _handle.InFlight = null;
            }
        }
        return !ended && !_handle.Closing.IsCancellationRequested;
    }

    private async Task WriteAsync(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        await _context.Http.Response.Body.WriteAsync(bytes, _context.Http.RequestAborted).ConfigureAwait(false);
        await _context.Http.Response.Body.FlushAsync(_context.Http.RequestAborted).ConfigureAwait(false);
    }
}
