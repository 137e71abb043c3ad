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
            if (values is IReadOnlyList<string> list && JoinIfPlain(list, parameterName) is { } joined)
            {
                return joined;
            }

            var builder = new StringBuilder();
            foreach (var value in values)
            {
                if (value is null)
                {
                    throw NullItem(parameterName);
                }

                if (builder.Length > 0)
                {
                    builder.Append(',');
                }

                builder.Append(Uri.EscapeDataString(value));
            }

            return builder.ToString();
        }

        private static readonly System.Buffers.SearchValues<char> UnreservedOrComma = System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~,");

        /// <summary>
        /// The common case, attribute names that need no escaping: joined once and checked once (one vectorized
        /// scan of the whole string instead of one per name). Null when some value needs escaping, including a
        /// value that holds a comma itself, which the comma count gives away.
        /// </summary>
        private static string? JoinIfPlain(IReadOnlyList<string> values, string parameterName)
        {
            for (var i = 0; i < values.Count; i++)
            {
                if (values[i] is null)
                {
                    throw NullItem(parameterName);
                }
            }

            var joined = values.Count == 1 ? values[0] : values is string[] array ? string.Join(',', array) : string.Join(',', values);
            var span = joined.AsSpan();
            return !span.ContainsAnyExcept(UnreservedOrComma) && span.Count(',') == values.Count - 1 ? joined : null;
        }

        private static ArgumentException NullItem(string parameterName) => new($"'{parameterName}' must not contain null.", parameterName);

        /// <summary>Appends <c>name=value</c> to a path with <c>?</c> or <c>&amp;</c>.</summary>
        public static string AppendQuery(string path, string name, string escapedValue)
            => string.Concat(path, path.IndexOf('?') < 0 ? "?" : "&", name, "=", escapedValue);
    }
}
