using System;
using System.Collections.Generic;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace Icws.Analyzers.Knowledge
{
    /// <summary>
    /// The text of a URL-like string expression (a literal, an interpolated string, or + concatenations of them)
    /// with every non-constant part replaced by one hole character, and where each constant part sits in the
    /// source (when the source text is the value itself: no escapes), so a name inside the string can be
    /// reported, and fixed, exactly where it is written.
    /// </summary>
    internal sealed class UrlText
    {
        public const char Hole = '\u0001';

        private readonly StringBuilder _text = new();
        private readonly List<Part> _parts = new();

        private UrlText()
        {
        }

        public string Text { get; private set; } = string.Empty;

        /// <summary>Builds the text of a string expression; null when it has no constant text at all.</summary>
        public static UrlText? From(IOperation operation)
        {
            var url = new UrlText();
            url.Append(operation, 0);
            url.Text = url._text.ToString();
            return url._parts.Count == 0 ? null : url;
        }

        /// <summary>
        /// The outermost string expression that <paramref name="operation"/> is a part of: climbs through
        /// interpolated strings and string concatenations.
        /// </summary>
        public static IOperation Root(IOperation operation)
        {
            var current = operation;
            while (current.Parent is { } parent)
            {
                if (parent is IInterpolatedStringTextOperation or IInterpolatedStringOperation
                    || (parent is IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } binary && binary.Type?.SpecialType == SpecialType.System_String))
                {
                    current = parent;
                    continue;
                }

                break;
            }

            return current is IInterpolatedStringTextOperation ? current.Parent! : current;
        }

        /// <summary>The source span of text [start, start+length), when it lies in one constant part written as is.</summary>
        public TextSpan? SourceSpan(int start, int length)
        {
            foreach (var part in _parts)
            {
                if (start >= part.TextStart && start + length <= part.TextStart + part.Length)
                {
                    return part.SourceStart < 0 ? null : new TextSpan(part.SourceStart + (start - part.TextStart), length);
                }
            }

            return null;
        }

        /// <summary>
        /// Matches the path against an endpoint template: either the absolute form (from <c>/icws/</c> on, as in a
        /// full URL) or, when <paramref name="allowRelative"/>, the form relative to the session
        /// (<c>interactions/{id}</c>, as used with an HttpClient whose BaseAddress ends in the session id).
        /// A placeholder matches any non-empty segment; a literal segment must match exactly.
        /// </summary>
        public bool MatchesPath(EndpointInfo endpoint, bool allowRelative)
        {
            var text = Text;
            var end = text.IndexOfAny(new[] { '?', '#' });
            var path = end < 0 ? text : text.Substring(0, end);
            var segments = path.Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries);
            var template = endpoint.Segments;

            // Absolute: find the "icws" segment and match the whole template from there.
            for (var i = 0; i < segments.Length; i++)
            {
                if (segments[i] == template[0] && segments.Length - i == template.Length)
                {
                    return SegmentsMatch(segments, i, template, 0);
                }
            }

            // Relative to the session: the template after /icws/{sessionId}/.
            if (allowRelative && template.Length > 2 && template[1].StartsWith("{", StringComparison.Ordinal))
            {
                return segments.Length == template.Length - 2 && SegmentsMatch(segments, 0, template, 2);
            }

            return false;
        }

        /// <summary>The comma-separated names of one query parameter (e.g. <c>select</c>): each name's offset in <see cref="Text"/> and its text; names with holes are left out.</summary>
        public List<(int Start, string Name)> QueryValues(string parameter)
        {
            var result = new List<(int, string)>();
            var text = Text;
            var query = text.IndexOf('?');
            if (query < 0)
            {
                return result;
            }

            var position = query + 1;
            while (position < text.Length)
            {
                var next = text.IndexOf('&', position);
                var pairEnd = next < 0 ? text.Length : next;
                var hash = text.IndexOf('#', position);
                if (hash >= 0 && hash < pairEnd)
                {
                    pairEnd = hash;
                }

                if (pairEnd - position > parameter.Length
                    && string.Compare(text, position, parameter, 0, parameter.Length, StringComparison.OrdinalIgnoreCase) == 0
                    && text[position + parameter.Length] == '=')
                {
                    var valueStart = position + parameter.Length + 1;
                    var pieceStart = valueStart;
                    for (var i = valueStart; i <= pairEnd; i++)
                    {
                        if (i == pairEnd || text[i] == ',')
                        {
                            AddPiece(text, pieceStart, i, result);
                            pieceStart = i + 1;
                        }
                    }
                }

                if (next < 0 || (hash >= 0 && hash < next))
                {
                    break;
                }

                position = next + 1;
            }

            return result;
        }

        private static void AddPiece(string text, int start, int end, List<(int, string)> result)
        {
            while (start < end && text[start] == ' ')
            {
                start++;
            }

            while (end > start && text[end - 1] == ' ')
            {
                end--;
            }

            if (end <= start)
            {
                return;
            }

            var piece = text.Substring(start, end - start);
            if (piece.IndexOf(Hole) >= 0 || piece.IndexOf('%') >= 0 || piece.IndexOf('+') >= 0)
            {
                return;
            }

            result.Add((start, piece));
        }

        private static bool SegmentsMatch(string[] segments, int start, string[] template, int templateStart)
        {
            for (var i = 0; i < template.Length - templateStart; i++)
            {
                var expected = template[templateStart + i];
                var actual = segments[start + i];
                if (expected.StartsWith("{", StringComparison.Ordinal))
                {
                    continue;
                }

                if (!string.Equals(expected, actual, StringComparison.OrdinalIgnoreCase))
                {
                    return false;
                }
            }

            return true;
        }

        private void Append(IOperation operation, int depth)
        {
            if (depth > 16)
            {
                AppendHole();
                return;
            }

            switch (operation)
            {
                case IConversionOperation { IsImplicit: true } conversion:
                    Append(conversion.Operand, depth + 1);
                    return;
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } binary when binary.Type?.SpecialType == SpecialType.System_String && !binary.ConstantValue.HasValue:
                    Append(binary.LeftOperand, depth + 1);
                    Append(binary.RightOperand, depth + 1);
                    return;
                case IInterpolatedStringOperation interpolated when !interpolated.ConstantValue.HasValue:
                    foreach (var part in interpolated.Parts)
                    {
                        if (part is IInterpolatedStringTextOperation { Text.ConstantValue.Value: string text } textPart)
                        {
                            var token = (textPart.Syntax as Microsoft.CodeAnalysis.CSharp.Syntax.InterpolatedStringTextSyntax)?.TextToken;
                            AppendConstant(text, token is { } t && t.Text == text ? t.SpanStart : -1);
                        }
                        else if (part is IInterpolationOperation { Alignment: null, FormatString: null } hole && hole.Expression.ConstantValue is { HasValue: true, Value: string constant })
                        {
                            AppendConstant(constant, -1);
                        }
                        else
                        {
                            AppendHole();
                        }
                    }

                    return;
            }

            if (operation.ConstantValue is { HasValue: true, Value: string value })
            {
                AppendConstant(value, LiteralSourceStart(operation, value));
                return;
            }

            AppendHole();
        }

        /// <summary>Where the value of a plain <c>"..."</c> literal starts in the source, or -1 when the source text is not the value (escapes, verbatim, raw).</summary>
        internal static int LiteralSourceStart(IOperation operation, string value)
        {
            if (operation is ILiteralOperation && operation.Syntax is Microsoft.CodeAnalysis.CSharp.Syntax.LiteralExpressionSyntax literal
                && literal.Token.IsKind(SyntaxKind.StringLiteralToken))
            {
                var text = literal.Token.Text;
                if (text.Length == value.Length + 2 && text[0] == '"' && string.CompareOrdinal(text, 1, value, 0, value.Length) == 0)
                {
                    return literal.Token.SpanStart + 1;
                }
            }

            return -1;
        }

        private void AppendConstant(string text, int sourceStart)
        {
            _parts.Add(new Part(_text.Length, text.Length, sourceStart));
            _text.Append(text);
        }

        private void AppendHole() => _text.Append(Hole);

        private readonly struct Part
        {
            public Part(int textStart, int length, int sourceStart)
            {
                TextStart = textStart;
                Length = length;
                SourceStart = sourceStart;
            }

            public int TextStart { get; }

            public int Length { get; }

            public int SourceStart { get; }
        }
    }
}
