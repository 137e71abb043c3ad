using System.Text;

namespace Icws.Generator.Emitting
{
    /// <summary>
    /// A small indenting writer. Emit methods write whole lines and blocks; multi-line strings are
    /// re-indented line by line, so raw string literals can show the shape of the output.
    /// </summary>
    internal sealed class SourceWriter
    {
        private readonly StringBuilder _builder = new();
        private int _indent;

        public void Line(string text = "")
        {
            if (text.Length == 0)
            {
                _builder.Append('\n');
                return;
            }

            _builder.Append(' ', _indent * 4).Append(text).Append('\n');
        }

        /// <summary>Writes each line of <paramref name="text"/> at the current indentation.</summary>
        public void Lines(string text)
        {
            foreach (var line in text.Replace("\r\n", "\n").Split('\n'))
            {
                Line(line.TrimEnd());
            }
        }

        public void Open(string text = "{")
        {
            Line(text);
            _indent++;
        }

        public void Close(string text = "}")
        {
            _indent--;
            Line(text);
        }

        public override string ToString() => _builder.ToString();
    }
}
