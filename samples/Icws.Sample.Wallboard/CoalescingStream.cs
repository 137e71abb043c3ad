using System;
using System.Buffers;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace Icws.Sample.Wallboard;

/// <summary>
/// Holds what the event formatter writes until no further event is ready (<see cref="MorePending"/> is false) or
/// 32 KiB have gathered, then sends it in one write and flush. A screen that keeps up gets each event at once; one
/// that is behind (a burst, a slow network, a busy machine) gets the backlog in a few sends instead of one per event.
/// Only what the formatter uses is supported.
/// </summary>
internal sealed class CoalescingStream(Stream inner) : Stream
{
    private const int Limit = 32 * 1024;
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);

    /// <summary>Whether another event is ready right behind the one being written (set by the feed before each event).</summary>
    public bool MorePending { get; set; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _buffer.Write(buffer.Span);
        if (!MorePending || _buffer.WrittenCount >= Limit)
        {
            await SendAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task FlushAsync(CancellationToken cancellationToken)
        => MorePending && _buffer.WrittenCount < Limit ? Task.CompletedTask : SendAsync(cancellationToken);

    /// <summary>Sends whatever is held.</summary>
    public async Task SendAsync(CancellationToken cancellationToken)
    {
        if (_buffer.WrittenCount > 0)
        {
            await inner.WriteAsync(_buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
            _buffer.ResetWrittenCount();
        }

        await inner.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public override void Flush() => throw new NotSupportedException("Write asynchronously.");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("Write asynchronously.");

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
