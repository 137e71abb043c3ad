using System;
using System.Buffers;
using System.Text.Json;

namespace Icws.Runtime
{
    /// <summary>
    /// Writes request bodies. The writer and its buffer are kept per thread and reused (writing is synchronous,
    /// so nothing else can use them meanwhile): a call allocates only the body's bytes, which the request keeps.
    /// </summary>
    internal static class RequestBody
    {
        private const int KeepBufferUpTo = 64 * 1024;

        [ThreadStatic]
        private static ArrayBufferWriter<byte>? t_buffer;

        [ThreadStatic]
        private static Utf8JsonWriter? t_writer;

        public static byte[] Serialize<TBody>(TBody body, Action<Utf8JsonWriter, TBody> write)
        {
            var buffer = t_buffer ??= new ArrayBufferWriter<byte>(512);
            var writer = t_writer ??= new Utf8JsonWriter(buffer, IcwsJson.WriterOptions);
            buffer.ResetWrittenCount();
            writer.Reset(buffer);
            try
            {
                write(writer, body);
                writer.Flush();
                return buffer.WrittenSpan.ToArray();
            }
            finally
            {
                if (buffer.Capacity > KeepBufferUpTo)
                {
                    // One huge body must not pin a huge buffer to this thread for good.
                    t_buffer = null;
                    t_writer = null;
                }
            }
        }
    }
}
