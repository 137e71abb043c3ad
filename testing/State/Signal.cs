namespace Icws.Simulator.State;

/// <summary>An async auto-reset event: <see cref="Set"/> wakes the one waiter (the session's event stream loop).</summary>
internal sealed class Signal
{
    private readonly Lock _gate = new();
    private TaskCompletionSource _tcs = NewSource();

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Set()
    {
        lock (_gate)
        {
            _tcs.TrySetResult();
        }
    }

    /// <summary>Waits until set, the timeout passes, or the token fires. Returns true when it was set.</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        Task task;
        lock (_gate)
        {
            task = _tcs.Task;
        }
        // The linked source cancels the timer as soon as the signal wins, so waits do not pile up timers.
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var finished = await Task.WhenAny(task, Task.Delay(timeout, timer.Token)).ConfigureAwait(false);
        timer.Cancel();
        cancellationToken.ThrowIfCancellationRequested();
        if (finished != task)
        {
            return false;
        }
        lock (_gate)
        {
            if (_tcs.Task.IsCompleted)
            {
                _tcs = NewSource();
            }
        }
        return true;
    }
}
