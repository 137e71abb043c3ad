using System;
using System.Buffers;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Icws.Runtime
{
    /// <summary>A growable byte buffer rented from the shared pool; return it with <see cref="Dispose"/>.</summary>
    internal sealed class PooledBuffer : IBufferWriter<byte>, IDisposable
    {
        private byte[] _array;
        private int _length;

        public PooledBuffer(int initialCapacity) => _array = ArrayPool<byte>.Shared.Rent(Math.Max(initialCapacity, 256));

        public int Length => _length;

        public ReadOnlySpan<byte> Span => _array.AsSpan(0, _length);

        public byte[] Array => _array;

        public void Advance(int count) => _length += count;

        public Memory<byte> GetMemory(int sizeHint = 0)
        {
            Ensure(sizeHint);
            return _array.AsMemory(_length);
        }

        public Span<byte> GetSpan(int sizeHint = 0)
        {
            Ensure(sizeHint);
            return _array.AsSpan(_length);
        }

        public void Dispose()
        {
            var array = Interlocked.Exchange(ref _array, System.Array.Empty<byte>());
            if (array.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(array);
            }
        }

        /// <summary>Reads a whole response body, refusing more than <paramref name="maxBytes"/>.</summary>
        public static async ValueTask<PooledBuffer> ReadAsync(HttpContent content, int maxBytes, CancellationToken cancellationToken)
        {
            var declared = content.Headers.ContentLength;
            if (declared > maxBytes)
            {
                throw TooLarge(maxBytes);
            }

            var buffer = new PooledBuffer((int)(declared ?? 4096));
            try
            {
                using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                while (true)
                {
                    var memory = buffer.GetMemory(4096);
                    var read = await stream.ReadAsync(memory, cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        return buffer;
                    }

                    buffer.Advance(read);
                    if (buffer.Length > maxBytes)
                    {
                        throw TooLarge(maxBytes);
                    }
                }
            }
            catch
            {
                buffer.Dispose();
                throw;
            }
        }

        public static IcwsProtocolException TooLarge(int maxBytes)
            => new($"The response is larger than {maxBytes} bytes (IcwsSessionOptions.MaxResponseBytes); it was not read.");

        private void Ensure(int sizeHint)
        {
            var needed = _length + Math.Max(sizeHint, 1);
            if (needed <= _array.Length)
            {
                return;
            }

            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, _array.Length * 2));
            _array.AsSpan(0, _length).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_array);
            _array = bigger;
        }
    }
}
