using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis.Text;

namespace Icws.Generator.Json
{
    /// <summary>
    /// A small strict JSON (RFC 8259) parser that keeps the span of every value. The generator uses its
    /// own parser rather than System.Text.Json so that it loads in any compiler host with nothing to
    /// ship beside it, and so that every spec error can name a line and column.
    /// </summary>
    internal sealed class JsonParser
    {
        /// <summary>Deeper documents are rejected: the spec needs about 6 levels, and recursion must stay bounded.</summary>
        public const int MaxDepth = 64;

        private readonly string _text;
        private readonly CancellationToken _cancellationToken;
        private int _position;

        private JsonParser(string text, CancellationToken cancellationToken)
        {
            _text = text;
            _cancellationToken = cancellationToken;
        }

        /// <summary>Parses a whole document. On a syntax error returns null and sets <paramref name="error"/>.</summary>
        public static JsonNode? Parse(string text, out JsonSyntaxError? error, CancellationToken cancellationToken = default)
        {
            var parser = new JsonParser(text, cancellationToken);
            try
            {
                parser.SkipByteOrderMark();
                parser.SkipWhitespace();
                var root = parser.ParseValue(0);
                parser.SkipWhitespace();
                if (parser._position < text.Length)
                {
                    throw parser.Error("unexpected text after the end of the document");
                }

                error = null;
                return root;
            }
            catch (JsonSyntaxException ex)
            {
                error = new JsonSyntaxError(ex.Message, ex.Position);
                return null;
            }
        }

        private void SkipByteOrderMark()
        {
            if (_text.Length > 0 && _text[0] == '\uFEFF')
            {
                _position = 1;
            }
        }

        private JsonNode ParseValue(int depth)
        {
            if (depth > MaxDepth)
            {
                throw Error($"nesting deeper than {MaxDepth} levels");
            }

            if (_position >= _text.Length)
            {
                throw Error("unexpected end of file, expected a value");
            }

            var c = _text[_position];
            switch (c)
            {
                case '{':
                    return ParseObject(depth);
                case '[':
                    return ParseArray(depth);
                case '"':
                    var start = _position;
                    var value = ParseString();
                    return new JsonString(TextSpan.FromBounds(start, _position), value);
                case 't':
                    return ParseLiteral("true", span => new JsonBoolean(span, true));
                case 'f':
                    return ParseLiteral("false", span => new JsonBoolean(span, false));
                case 'n':
                    return ParseLiteral("null", span => new JsonNull(span));
                default:
                    if (c == '-' || (c >= '0' && c <= '9'))
                    {
                        return ParseNumber();
                    }

                    throw Error($"unexpected character '{Printable(c)}', expected a value");
            }
        }

        private JsonObject ParseObject(int depth)
        {
            var start = _position;
            _position++; // {
            var members = new List<JsonMember>();
            SkipWhitespace();
            if (Peek() == '}')
            {
                _position++;
                return new JsonObject(TextSpan.FromBounds(start, _position), members);
            }

            while (true)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                SkipWhitespace();
                if (Peek() != '"')
                {
                    throw Error("expected a property name in double quotes");
                }

                var nameStart = _position;
                var name = ParseString();
                var nameSpan = TextSpan.FromBounds(nameStart, _position);
                SkipWhitespace();
                if (Peek() != ':')
                {
                    throw Error($"expected ':' after property name \"{name}\"");
                }

                _position++;
                SkipWhitespace();
                var value = ParseValue(depth + 1);
                members.Add(new JsonMember(name, nameSpan, value));
                SkipWhitespace();
                var next = Peek();
                if (next == ',')
                {
                    _position++;
                    continue;
                }

                if (next == '}')
                {
                    _position++;
                    return new JsonObject(TextSpan.FromBounds(start, _position), members);
                }

                throw Error(next == '\0' && _position >= _text.Length
                    ? "unexpected end of file, expected ',' or '}'"
                    : "expected ',' or '}' after a property value");
            }
        }

        private JsonArray ParseArray(int depth)
        {
            var start = _position;
            _position++; // [
            var items = new List<JsonNode>();
            SkipWhitespace();
            if (Peek() == ']')
            {
                _position++;
                return new JsonArray(TextSpan.FromBounds(start, _position), items);
            }

            while (true)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                SkipWhitespace();
                items.Add(ParseValue(depth + 1));
                SkipWhitespace();
                var next = Peek();
                if (next == ',')
                {
                    _position++;
                    continue;
                }

                if (next == ']')
                {
                    _position++;
                    return new JsonArray(TextSpan.FromBounds(start, _position), items);
                }

                throw Error(_position >= _text.Length
                    ? "unexpected end of file, expected ',' or ']'"
                    : "expected ',' or ']' after an array item");
            }
        }

        private string ParseString()
        {
            _position++; // opening quote
            StringBuilder? builder = null;
            var runStart = _position;
            while (true)
            {
                if (_position >= _text.Length)
                {
                    throw Error("unexpected end of file inside a string");
                }

                var c = _text[_position];
                if (c == '"')
                {
                    string result;
                    if (builder is null)
                    {
                        result = _text.Substring(runStart, _position - runStart);
                    }
                    else
                    {
                        builder.Append(_text, runStart, _position - runStart);
                        result = builder.ToString();
                    }

                    _position++;
                    return result;
                }

                if (c < ' ')
                {
                    throw Error("control character inside a string (escape it, e.g. \\n)");
                }

                if (c != '\\')
                {
                    _position++;
                    continue;
                }

                builder ??= new StringBuilder();
                builder.Append(_text, runStart, _position - runStart);
                _position++;
                if (_position >= _text.Length)
                {
                    throw Error("unexpected end of file inside a string escape");
                }

                var escape = _text[_position];
                _position++;
                switch (escape)
                {
                    case '"': builder.Append('"'); break;
                    case '\\': builder.Append('\\'); break;
                    case '/': builder.Append('/'); break;
                    case 'b': builder.Append('\b'); break;
                    case 'f': builder.Append('\f'); break;
                    case 'n': builder.Append('\n'); break;
                    case 'r': builder.Append('\r'); break;
                    case 't': builder.Append('\t'); break;
                    case 'u':
                        if (_position + 4 > _text.Length ||
                            !int.TryParse(_text.Substring(_position, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                        {
                            throw Error("\\u must be followed by four hexadecimal digits");
                        }

                        builder.Append((char)code);
                        _position += 4;
                        break;
                    default:
                        _position--;
                        throw Error($"invalid escape '\\{Printable(escape)}' in a string");
                }

                runStart = _position;
            }
        }

        private JsonNumber ParseNumber()
        {
            var start = _position;
            if (Peek() == '-')
            {
                _position++;
            }

            if (Peek() == '0')
            {
                _position++;
            }
            else if (IsDigit(Peek()))
            {
                while (IsDigit(Peek()))
                {
                    _position++;
                }
            }
            else
            {
                throw Error("expected a digit");
            }

            var isInteger = true;
            if (Peek() == '.')
            {
                isInteger = false;
                _position++;
                if (!IsDigit(Peek()))
                {
                    throw Error("expected a digit after the decimal point");
                }

                while (IsDigit(Peek()))
                {
                    _position++;
                }
            }

            if (Peek() == 'e' || Peek() == 'E')
            {
                isInteger = false;
                _position++;
                if (Peek() == '+' || Peek() == '-')
                {
                    _position++;
                }

                if (!IsDigit(Peek()))
                {
                    throw Error("expected a digit in the exponent");
                }

                while (IsDigit(Peek()))
                {
                    _position++;
                }
            }

            var text = _text.Substring(start, _position - start);
            long? integer = null;
            if (isInteger && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            {
                integer = value;
            }

            return new JsonNumber(TextSpan.FromBounds(start, _position), text, integer);
        }

        private JsonNode ParseLiteral(string literal, Func<TextSpan, JsonNode> create)
        {
            if (string.CompareOrdinal(_text, _position, literal, 0, literal.Length) != 0)
            {
                throw Error($"unexpected character '{Printable(_text[_position])}', expected a value");
            }

            var start = _position;
            _position += literal.Length;
            return create(TextSpan.FromBounds(start, _position));
        }

        private void SkipWhitespace()
        {
            while (_position < _text.Length)
            {
                var c = _text[_position];
                if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
                {
                    _position++;
                }
                else
                {
                    return;
                }
            }
        }

        private char Peek() => _position < _text.Length ? _text[_position] : '\0';

        private static bool IsDigit(char c) => c >= '0' && c <= '9';

        private static string Printable(char c) => c < ' ' || c > '~' ? "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture) : c.ToString();

        private JsonSyntaxException Error(string message) => new(message, Math.Min(_position, _text.Length));

        private sealed class JsonSyntaxException : Exception
        {
            public JsonSyntaxException(string message, int position)
                : base(message) => Position = position;

            public int Position { get; }
        }
    }

    /// <summary>Where and why a document is not valid JSON.</summary>
    internal sealed class JsonSyntaxError
    {
        public JsonSyntaxError(string message, int position)
        {
            Message = message;
            Position = position;
        }

        public string Message { get; }

        public int Position { get; }
    }
}
