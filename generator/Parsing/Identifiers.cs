using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace Icws.Generator.Parsing
{
    /// <summary>Turns spec names into C# identifiers.</summary>
    internal static class Identifiers
    {
        /// <summary>
        /// A C# identifier that means the same wherever it is used: no keyword, no contextual keyword the generated code
        /// could read as one (<c>var</c>, <c>value</c>, ...), and no formatting character (C# ignores those, so
        /// <c>a&#x200D;b</c> would silently be <c>ab</c>).
        /// </summary>
        public static bool IsValid(string name)
            => SyntaxFacts.IsValidIdentifier(name)
               && SyntaxFacts.GetKeywordKind(name) == SyntaxKind.None
               && name is not ("_" or "var" or "dynamic" or "value" or "field")
               && !HasFormattingCharacter(name);

        /// <summary>"ticket": C# keeps such type names for new keywords (warning CS8981; "record", "file" and "scoped" are errors already).</summary>
        public static bool IsLowerCaseOnly(string name)
        {
            foreach (var c in name)
            {
                if (c < 'a' || c > 'z')
                {
                    return false;
                }
            }

            return name.Length > 0;
        }

        private static bool HasFormattingCharacter(string name)
        {
            foreach (var c in name)
            {
                if (char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>"queueName" -> "QueueName", "dtmf-digits" -> "DtmfDigits".</summary>
        public static string ToPascalCase(string name)
        {
            var builder = new StringBuilder(name.Length);
            var upperNext = true;
            foreach (var c in name)
            {
                if (char.IsLetterOrDigit(c))
                {
                    builder.Append(upperNext ? char.ToUpperInvariant(c) : c);
                    upperNext = false;
                }
                else
                {
                    upperNext = true;
                }
            }

            if (builder.Length > 0 && char.IsDigit(builder[0]))
            {
                builder.Insert(0, '_');
            }

            return builder.ToString();
        }

        /// <summary>"QueueName" -> "queueName"; keywords get an @ prefix only where used, see <see cref="Escape"/>.</summary>
        public static string ToCamelCase(string name)
        {
            var pascal = ToPascalCase(name);
            if (pascal.Length == 0)
            {
                return pascal;
            }

            // Keep runs of capitals readable: "ID" -> "id", "URLPath" -> "urlPath".
            var chars = pascal.ToCharArray();
            for (var i = 0; i < chars.Length && char.IsUpper(chars[i]); i++)
            {
                if (i > 0 && i + 1 < chars.Length && char.IsLower(chars[i + 1]))
                {
                    break;
                }

                chars[i] = char.ToLowerInvariant(chars[i]);
            }

            var result = new string(chars);
            return SyntaxFacts.GetKeywordKind(result) != SyntaxKind.None ? result + "Value" : result;
        }

        /// <summary>"Eic_RemoteName" -> "RemoteName"; custom "acme.priority" -> "AcmePriority".</summary>
        public static string AccessorFromAttributeName(string attributeName)
        {
            var name = attributeName.StartsWith("Eic_", System.StringComparison.OrdinalIgnoreCase) ? attributeName.Substring(4) : attributeName;
            var builder = new StringBuilder(name.Length);
            var upperNext = true;
            foreach (var c in name)
            {
                if (char.IsLetterOrDigit(c))
                {
                    builder.Append(upperNext ? char.ToUpperInvariant(c) : c);
                    upperNext = false;
                }
                else
                {
                    // Keep underscores of the original name where they separate words ("Acme_Priority" -> "AcmePriority").
                    upperNext = true;
                }
            }

            if (builder.Length > 0 && char.IsDigit(builder[0]))
            {
                builder.Insert(0, '_');
            }

            return builder.ToString();
        }

        /// <summary>The constant name for an attribute in Attr: the attribute name itself when it is an identifier.</summary>
        public static string ConstantFromAttributeName(string attributeName)
        {
            if (IsValid(attributeName))
            {
                return attributeName;
            }

            var builder = new StringBuilder(attributeName.Length);
            foreach (var c in attributeName)
            {
                builder.Append(char.IsLetterOrDigit(c) || c == '_' ? c : '_');
            }

            if (builder.Length == 0 || char.IsDigit(builder[0]))
            {
                builder.Insert(0, '_');
            }

            var result = builder.ToString();
            return IsValid(result) ? result : "_" + result;
        }
    }
}
