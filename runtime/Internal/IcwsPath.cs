using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Text;

namespace Icws.Runtime
{
    /// <summary>Builds escaped paths and query strings for the generated client. Not for user code.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static class IcwsPath
    {
        /// <summary>
        /// Escapes one path segment. Every character that could leave the segment (<c>/ ? # %</c>, spaces,
        /// non-ASCII) is percent-encoded, and the dot segments <c>.</c> and <c>..</c> are encoded too so
        /// that no id can walk up the path. Empty values are refused: they would change which resource is called.
        /// </summary>
        public static string Segment(string value, string parameterName)
        {
            ArgumentNullException.ThrowIfNull(value, parameterName);
            if (value.Length == 0)
            {
                throw new ArgumentException($"'{parameterName}' must not be empty.", parameterName);
            }

            if (value == "." || value == "..")
            {
                return value == "." ? "%2E" : "%2E%2E";
            }

            return Uri.EscapeDataString(value);
        }

        /// <summary>Escapes one query value.</summary>
        public static string QueryValue(string value) => Uri.EscapeDataString(value);

        /// <summary>Joins values with commas (ICWS list parameters), each escaped.</summary>
        public static string QueryList(IEnumerable<string> values, string parameterName)
        {
            ArgumentNullException.ThrowIfNull(values, parameterName);
            if (values is IReadOnlyList<string> list && IsPlain(list))
            {
                // Attribute names need no escaping: one string, no builder.
                return string.Join(',', list);
            }

            var builder = new StringBuilder();
            foreach (var value in values)
            {
                if (value is null)
                {
                    throw new ArgumentException($"'{parameterName}' must not contain null.", parameterName);
                }

                if (builder.Length > 0)
                {
                    builder.Append(',');
                }

                builder.Append(Uri.EscapeDataString(value));
            }

            return builder.ToString();
        }

        private static readonly System.Buffers.SearchValues<char> Unreserved = System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~");

        private static bool IsPlain(IReadOnlyList<string> values)
        {
            for (var i = 0; i < values.Count; i++)
            {
                if (values[i] is not { } value || value.AsSpan().ContainsAnyExcept(Unreserved))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Appends <c>name=value</c> to a path with <c>?</c> or <c>&amp;</c>.</summary>
        public static string AppendQuery(string path, string name, string escapedValue)
            => string.Concat(path, path.IndexOf('?') < 0 ? "?" : "&", name, "=", escapedValue);
    }
}
