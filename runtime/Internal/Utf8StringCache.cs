using System;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Threading;
using System.Text.Json;

namespace Icws.Runtime
{
    /// <summary>
    /// Turns short JSON strings that repeat (attribute names, one-letter states, "0"/"1", interaction and
    /// subscription ids) into shared string
    /// instances without allocating on a hit. A small lossy table: a slot holds the last string that hashed
    /// to it, so the cache never grows; a miss costs what reading the string costs anyway, plus its slot.
    /// Queue messages repeat the same few names thousands of times; a live view then holds one copy of each.
    /// </summary>
    internal static class Utf8StringCache
    {
        private const int NameSlots = 1024;
        private const int ValueSlots = 4096;
        private const int MaxNameBytes = 64;
        private const int MaxValueBytes = 16;

        private static readonly Entry?[] Names = new Entry?[NameSlots];
        private static readonly Entry?[] Values = new Entry?[ValueSlots];

        /// <summary>The property name or string value the reader stands on, as an attribute name.</summary>
        public static string Name(ref Utf8JsonReader reader) => Get(ref reader, Names, MaxNameBytes);

        /// <summary>The string value the reader stands on, shared when it is short.</summary>
        public static string Value(ref Utf8JsonReader reader) => Get(ref reader, Values, MaxValueBytes);

        private static string Get(ref Utf8JsonReader reader, Entry?[] table, int maxBytes)
        {
            if (reader.HasValueSequence || reader.ValueIsEscaped || reader.ValueSpan.Length > maxBytes)
            {
                return reader.GetString()!;
            }

            var utf8 = reader.ValueSpan;
            ref var slot = ref table[Hash(utf8) & (uint)(table.Length - 1)];
            var entry = Volatile.Read(ref slot);
            if (entry is not null && utf8.SequenceEqual(entry.Utf8))
            {
                return entry.Text;
            }

            // GetString validates the UTF-8; only valid strings are cached.
            var text = reader.GetString()!;
            Volatile.Write(ref slot, new Entry(utf8.ToArray(), text));
            return text;
        }

        /// <summary>
        /// A slot index, not an identity (the bytes are compared on a hit). Up to 7 bytes: each byte; longer: the
        /// first, middle and last 8 bytes and the length, three reads instead of a loop over every byte, then a
        /// finalizer that folds the high bits down (a product only carries a difference upwards, and ids that differ
        /// in their last digits must not share a slot).
        /// </summary>
        private static uint Hash(ReadOnlySpan<byte> utf8)
        {
            if (utf8.Length < 8)
            {
                var small = 2166136261u;
                foreach (var b in utf8)
                {
                    small = (small ^ b) * 16777619u;
                }

                return small;
            }

            var first = MemoryMarshal.Read<ulong>(utf8);
            var middle = MemoryMarshal.Read<ulong>(utf8.Slice((utf8.Length - 8) / 2));
            var last = MemoryMarshal.Read<ulong>(utf8.Slice(utf8.Length - 8));
            var hash = (first * 0x9E3779B97F4A7C15UL)
                ^ BitOperations.RotateLeft(middle * 0xC2B2AE3D27D4EB4FUL, 31)
                ^ BitOperations.RotateLeft(last * 0x165667B19E3779F9UL, 17)
                ^ (ulong)utf8.Length;
            hash ^= hash >> 32;
            hash *= 0x94D049BB133111EBUL;
            hash ^= hash >> 29;
            return (uint)hash;
        }

        private sealed class Entry(byte[] utf8, string text)
        {
            public byte[] Utf8 { get; } = utf8;

            public string Text { get; } = text;
        }
    }
}
