using System.Text;

namespace WeChat.OfficialAccount.Generator
{
    /// <summary>An indented text writer for emitted C#.</summary>
    internal sealed class SourceWriter
    {
        private readonly StringBuilder _builder = new();
        private int _indentation;

        public void Line(string text = "")
        {
            if (text.Length > 0)
            {
                _builder.Append(' ', _indentation * 4);
            }

            _builder.Append(text).Append('\n');
        }

        public void Open(string text)
        {
            Line(text);
            Line("{");
            _indentation++;
        }

        public void Close(string suffix = "")
        {
            _indentation--;
            Line("}" + suffix);
        }

        public void Indent() => _indentation++;

        public void Outdent() => _indentation--;

        public override string ToString() => _builder.ToString();
    }
}
