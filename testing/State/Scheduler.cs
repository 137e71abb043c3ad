namespace Icws.Simulator.State;

/// <summary>
/// Runs delayed state steps (call progress, disconnect linger, activity). A zero delay runs the step inline,
/// in the caller's lock scope, so tests can make transitions deterministic; otherwise the step runs later under the lock.
/// </summary>
internal sealed class Scheduler
{
    private readonly SimState _state;
    private readonly CancellationTokenSource _shutdown = new();

    public Scheduler(SimState state) => _state = state;

    public CancellationToken ShutdownToken => _shutdown.Token;

    /// <summary>Runs <paramref name="step"/> after <paramref name="delay"/>. The caller must hold the lock when the delay is zero.</summary>
    public void After(TimeSpan delay, Action step)
    {
        if (delay <= TimeSpan.Zero)
        {
            step();
            return;
        }
        _ = RunLaterAsync(delay, step);
    }

    private async Task RunLaterAsync(TimeSpan delay, Action step)
    {
        try
        {
            await Task.Delay(delay, _shutdown.Token).ConfigureAwait(false);
            lock (_state.Gate)
            {
                step();
            }
        }
        catch (OperationCanceledException)
        {
            // Simulator shutting down.
        }
        catch (Exception ex)
        {
            // A timer step must never take the process down; count it so tests can notice.
            _state.Counters.Fault("timer-error");
            _state.Options.Log?.Invoke("timer step failed: " + ex.Message);
        }
    }

    public void Shutdown() => _shutdown.Cancel();
}
