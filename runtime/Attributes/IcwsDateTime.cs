using System;
using System.Globalization;

namespace Icws
{
    /// <summary>
    /// ICWS times: basic ISO 8601 in UTC, <c>yyyyMMddTHHmmssZ</c> (e.g. <c>20240131T142500Z</c>), sometimes
    /// with fractional seconds. Reading also accepts the extended form (<c>2024-01-31T14:25:00Z</c>).
    /// </summary>
    public static class IcwsDateTime
    {
        private static readonly string[] Formats =
        {
            "yyyyMMdd'T'HHmmss'Z'",
            "yyyyMMdd'T'HHmmss.FFFFFFF'Z'",
            "yyyyMMdd'T'HHmmss",
            "yyyyMMdd'T'HHmmss.FFFFFFF",
            "yyyyMMdd'T'HHmmsszzz",
            "yyyy'-'MM'-'dd'T'HH':'mm':'ss'Z'",
            "yyyy'-'MM'-'dd'T'HH':'mm':'ss.FFFFFFF'Z'",
            "yyyy'-'MM'-'dd'T'HH':'mm':'ssK",
            "yyyy'-'MM'-'dd'T'HH':'mm':'ss.FFFFFFFK",
        };

        /// <summary>Parses an ICWS time; a time without a zone is taken as UTC.</summary>
        public static bool TryParse(string? text, out DateTimeOffset value)
        {
            if (!string.IsNullOrEmpty(text)
                && DateTimeOffset.TryParseExact(text, Formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value))
            {
                return true;
            }

            value = default;
            return false;
        }

        /// <summary>Parses an ICWS time.</summary>
        /// <exception cref="FormatException">The text is not an ICWS time.</exception>
        public static DateTimeOffset Parse(string text)
            => TryParse(text, out var value) ? value : throw new FormatException($"'{text}' is not an ICWS time (yyyyMMddTHHmmssZ).");

        /// <summary>Formats a time the way ICWS writes it: <c>yyyyMMddTHHmmssZ</c> in UTC.</summary>
        public static string Format(DateTimeOffset value)
            => value.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
    }
}
