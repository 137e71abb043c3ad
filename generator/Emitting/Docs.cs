using System.Collections.Generic;
using Microsoft.CodeAnalysis.CSharp;

namespace Icws.Generator.Emitting
{
    /// <summary>XML doc comments from spec descriptions.</summary>
    internal static class Docs
    {
        /// <summary>
        /// Escapes text for a one-line doc comment: XML characters, and every character C# treats as a line break
        /// (CR, LF, NEL, LS, PS), which would otherwise end the <c>///</c> comment and turn the rest of the line into code.
        /// Characters XML does not allow at all (control characters, U+FFFE/U+FFFF, unpaired surrogates) become U+FFFD:
        /// the compiler would otherwise reject the whole doc comment (CS1570).
        /// </summary>
        public static string Escape(string text)
        {
            var escaped = XmlCharacters(text).Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
            return escaped.IndexOfAny(LineBreaks) < 0 ? escaped : string.Join(" ", escaped.Split(LineBreaks));
        }

        private static string XmlCharacters(string text)
        {
            char[]? chars = null;
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                var allowed = c < ' '
                    ? c is '\t' or '\n' or '\r'
                    : char.IsHighSurrogate(c) ? i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])
                    : char.IsLowSurrogate(c) ? i > 0 && char.IsHighSurrogate(text[i - 1])
                    : c is not ('\uFFFE' or '\uFFFF');
                if (!allowed)
                {
                    chars ??= text.ToCharArray();
                    chars[i] = '\uFFFD';
                }
            }

            return chars is null ? text : new string(chars);
        }

        /// <summary>The characters C# ends a line (and so a <c>///</c> comment) at.</summary>
        private static readonly char[] LineBreaks = { '\r', '\n', '\u0085', '\u2028', '\u2029' };

        /// <summary>Writes a doc element; a multi-line description becomes several /// lines.</summary>
        public static void Element(SourceWriter writer, string element, string? text, string? attributes = null)
        {
            var open = attributes is null ? "<" + element + ">" : "<" + element + " " + attributes + ">";
            var close = "</" + element + ">";
            var lines = SplitLines(text);
            if (lines.Count <= 1)
            {
                writer.Line("/// " + open + (lines.Count == 0 ? string.Empty : Escape(lines[0])) + close);
                return;
            }

            writer.Line("/// " + open);
            foreach (var line in lines)
            {
                writer.Line("/// " + Escape(line));
            }

            writer.Line("/// " + close);
        }

        public static void Summary(SourceWriter writer, string? text, string fallback) => Element(writer, "summary", string.IsNullOrWhiteSpace(text) ? fallback : text);

        /// <summary>Writes a raw (already escaped, may contain XML) doc element.</summary>
        public static void Raw(SourceWriter writer, string element, string xml) => writer.Line("/// <" + element + ">" + xml + "</" + element + ">");

        /// <summary>A code letter for a line comment: <c>'C'</c>, or <c>U+000A</c> for anything but printable ASCII (which could end the comment).</summary>
        public static string CharNote(char c) => c >= ' ' && c <= '~' ? "'" + c + "'" : "U+" + ((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture);

        /// <summary>A C# string literal.</summary>
        public static string Literal(string value) => SymbolDisplay.FormatLiteral(value, quote: true);

        /// <summary>A UTF-8 string literal for JSON property names.</summary>
        public static string Utf8(string value) => SymbolDisplay.FormatLiteral(value, quote: true) + "u8";

        public static string SourceNote(string? source) => source switch
        {
            "P" => "Confirmed by the official ICWS documentation.",
            "S" => "From the official ICWS SDK's data contracts.",
            "S2" => "From a newer build of the official ICWS SDK.",
            "C" => "Seen in public ICWS client code; not confirmed by the documentation.",
            "U" => "Not confirmed by any source; decided by this project.",
            _ => string.Empty,
        };

        private static List<string> SplitLines(string? text)
        {
            var lines = new List<string>();
            if (string.IsNullOrWhiteSpace(text))
            {
                return lines;
            }

            foreach (var line in text!.Replace("\r\n", "\n").Split(LineBreaks))
            {
                var trimmed = line.Trim();
                if (trimmed.Length > 0)
                {
                    lines.Add(trimmed);
                }
            }

            return lines;
        }
    }
}
