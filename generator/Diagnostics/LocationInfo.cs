using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Icws.Generator.Diagnostics
{
    /// <summary>
    /// A place in a spec file, kept as plain values: a Roslyn <see cref="Location"/> would pin the
    /// compilation in the incremental cache and defeat value equality.
    /// </summary>
    internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
    {
        public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);

        public static LocationInfo At(string path, SourceText text, int start, int length)
        {
            if (start > text.Length)
            {
                start = text.Length;
            }

            if (start + length > text.Length)
            {
                length = text.Length - start;
            }

            var span = new TextSpan(start, length < 0 ? 0 : length);
            return new LocationInfo(path, span, text.Lines.GetLinePositionSpan(span));
        }
    }
}
