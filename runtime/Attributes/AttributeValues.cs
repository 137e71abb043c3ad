using System;
using System.ComponentModel;
using System.Globalization;

namespace Icws.Runtime
{
    /// <summary>
    /// Turns attribute strings into typed values for the generated accessors. Each returns null when the
    /// text is absent or not of the expected form: the raw text stays in the attribute map.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static class AttributeValues
    {
        /// <summary>Decimal integer (e.g. Eic_Capabilities, Eic_RemoteSiteId); "" is no value.</summary>
        public static long? ToInt64(string? text)
            => long.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite, CultureInfo.InvariantCulture, out var value) ? value : null;

        /// <summary>"1" / "0" (also "true" / "false").</summary>
        public static bool? ToBoolean(string? text) => text switch
        {
            "1" => true,
            "0" => false,
            _ when string.Equals(text, "true", StringComparison.OrdinalIgnoreCase) => true,
            _ when string.Equals(text, "false", StringComparison.OrdinalIgnoreCase) => false,
            _ => null,
        };

        /// <summary>
        /// A one-letter code as its character value (the generated code enums use the letters as values);
        /// "" is 0 (none) and text longer than one character is 65535 (unrecognized).
        /// </summary>
        public static ushort? ToCode(string? text) => text switch
        {
            null => null,
            { Length: 0 } => 0,
            { Length: 1 } => text[0],
            _ => ushort.MaxValue,
        };

        /// <summary>ICWS time (<c>yyyyMMddTHHmmssZ</c>).</summary>
        public static DateTimeOffset? ToDateTime(string? text) => IcwsDateTime.TryParse(text, out var value) ? value : null;

        /// <summary>
        /// A duration. ICWS does not document the format of duration attributes such as
        /// Eic_ConnectDurationTime; this project reads a number of seconds (the ICWS Duration type), and
        /// also accepts <c>hh:mm:ss</c>.
        /// </summary>
        public static TimeSpan? ToDuration(string? text)
        {
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds is >= 0 and < 9e11)
            {
                return TimeSpan.FromSeconds(seconds);
            }

            return TimeSpan.TryParseExact(text, "c", CultureInfo.InvariantCulture, out var span) ? span : null;
        }

        // The writers below are what the generated setters call: each writes the text its reader above reads back as
        // the same value, and refuses a value that no text reads back as (rather than write something else).

        /// <summary>The attribute text of an integer (or of a flags bitmask): decimal, invariant culture.</summary>
        public static string FromInt64(long value) => value.ToString(CultureInfo.InvariantCulture);

        /// <summary>The attribute text of a boolean.</summary>
        public static string FromBoolean(bool value) => value ? "1" : "0";

        /// <summary>
        /// The attribute text of a one-letter code: the letter; 0 (the enums' <c>None</c>) is "" (present but empty).
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException">65535 (<c>Unrecognized</c>, which stands for text of several
        /// characters) or half of a surrogate pair: no single letter reads back as it.</exception>
        public static string FromCode(ushort value)
        {
            if (value == 0)
            {
                return string.Empty;
            }

            var letter = (char)value;
            if (value == ushort.MaxValue || char.IsSurrogate(letter))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "A code attribute is written as one letter: Unrecognized (text of several characters) and half of a surrogate pair are no letter.");
            }

            return letter.ToString();
        }

        /// <summary>The attribute text of a time: <c>yyyyMMddTHHmmssZ</c> in UTC (fractions of a second are dropped).</summary>
        public static string FromDateTime(DateTimeOffset value) => IcwsDateTime.Format(value);

        /// <summary>The attribute text of a duration, in whole seconds (a fraction is dropped).</summary>
        /// <exception cref="ArgumentOutOfRangeException">The duration is negative: <see cref="ToDuration"/> reads no negative number.</exception>
        public static string FromDuration(TimeSpan value)
        {
            if (value < TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "A duration attribute cannot be negative.");
            }

            return ((long)value.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        }
    }
}
