using System;
using System.Buffers;
using System.ComponentModel;
using System.Globalization;
using System.Text;

namespace WeChat.OfficialAccount.Xml
{
    /// <summary>
    /// Writes WeChat XML in the layout of the official samples: one element per line, strings in CDATA,
    /// numbers as plain text. Public only so that code generated into other assemblies can use it.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public ref struct WeChatXmlWriter
    {
        private readonly IBufferWriter<byte> _output;

        /// <summary>Creates a writer appending to <paramref name="output"/>.</summary>
        public WeChatXmlWriter(IBufferWriter<byte> output)
        {
            _output = output;
        }

        /// <summary>Writes <c>&lt;name&gt;</c> and a line break.</summary>
        public readonly void WriteStartElement(ReadOnlySpan<byte> name)
        {
            Span<byte> span = _output.GetSpan(name.Length + 3);
            span[0] = (byte)'<';
            name.CopyTo(span.Slice(1));
            span[name.Length + 1] = (byte)'>';
            span[name.Length + 2] = (byte)'\n';
            _output.Advance(name.Length + 3);
        }

        /// <summary>Writes <c>&lt;/name&gt;</c>, with a line break unless it closes the root.</summary>
        public readonly void WriteEndElement(ReadOnlySpan<byte> name, bool isRoot = false)
        {
            int length = name.Length + 3 + (isRoot ? 0 : 1);
            Span<byte> span = _output.GetSpan(length);
            span[0] = (byte)'<';
            span[1] = (byte)'/';
            name.CopyTo(span.Slice(2));
            span[name.Length + 2] = (byte)'>';
            if (!isRoot)
            {
                span[name.Length + 3] = (byte)'\n';
            }

            _output.Advance(length);
        }

        /// <summary>Writes a string element; its text goes in CDATA.</summary>
        public readonly void WriteString(ReadOnlySpan<byte> name, string value)
        {
            WriteOpen(name);
            WriteCData(value);
            WriteClose(name);
        }

        /// <summary>Writes an integer element as plain text.</summary>
        public readonly void WriteInt64(ReadOnlySpan<byte> name, long value)
        {
            WriteOpen(name);
            Span<byte> span = _output.GetSpan(20);
            value.TryFormat(span, out int written, default, CultureInfo.InvariantCulture);
            _output.Advance(written);
            WriteClose(name);
        }

        /// <summary>Writes an integer element as plain text.</summary>
        public readonly void WriteInt32(ReadOnlySpan<byte> name, int value) => WriteInt64(name, value);

        /// <summary>Writes a number element as plain text, in its shortest round-trip form.</summary>
        public readonly void WriteDouble(ReadOnlySpan<byte> name, double value)
        {
            WriteOpen(name);
            Span<byte> span = _output.GetSpan(32);
            value.TryFormat(span, out int written, "R", CultureInfo.InvariantCulture);
            _output.Advance(written);
            WriteClose(name);
        }

        /// <summary>Writes a flag as 0 or 1.</summary>
        public readonly void WriteBoolean(ReadOnlySpan<byte> name, bool value) => WriteInt64(name, value ? 1 : 0);

        /// <summary>Writes text that is not a string on the wire (a raw number kept for an unknown enum value) as plain, escaped text.</summary>
        public readonly void WritePlain(ReadOnlySpan<byte> name, string value)
        {
            WriteOpen(name);
            WriteEscaped(value);
            WriteClose(name);
        }

        /// <summary>Writes an element kept from parsing, unchanged.</summary>
        public readonly void WriteElement(WeChatXmlElement element)
        {
            byte[] name = Encoding.UTF8.GetBytes(element.Name);
            if (element.Value is null)
            {
                WriteStartElement(name);
                foreach (WeChatXmlElement child in element.Children)
                {
                    WriteElement(child);
                }

                WriteEndElement(name);
                return;
            }

            WriteOpen(name);
            if (element.IsCData)
            {
                WriteCData(element.Value);
            }
            else
            {
                WriteEscaped(element.Value);
            }

            WriteClose(name);
        }

        private readonly void WriteOpen(ReadOnlySpan<byte> name)
        {
            Span<byte> span = _output.GetSpan(name.Length + 2);
            span[0] = (byte)'<';
            name.CopyTo(span.Slice(1));
            span[name.Length + 1] = (byte)'>';
            _output.Advance(name.Length + 2);
        }

        private readonly void WriteClose(ReadOnlySpan<byte> name)
        {
            Span<byte> span = _output.GetSpan(name.Length + 4);
            span[0] = (byte)'<';
            span[1] = (byte)'/';
            name.CopyTo(span.Slice(2));
            span[name.Length + 2] = (byte)'>';
            span[name.Length + 3] = (byte)'\n';
            _output.Advance(name.Length + 4);
        }

        private readonly void WriteCData(string value)
        {
            EnsureXmlText(value);
            ReadOnlySpan<char> rest = value;
            while (true)
            {
                // A CDATA section cannot contain "]]>" (split it across two sections) nor keep a CR (XML turns it
                // into LF), so a CR is written as a character reference between sections.
                int cut = rest.IndexOfAny(']', '\r');
                while (cut >= 0 && rest[cut] == ']' && !rest.Slice(cut).StartsWith("]]>", StringComparison.Ordinal))
                {
                    int next = rest.Slice(cut + 1).IndexOfAny(']', '\r');
                    cut = next < 0 ? -1 : cut + 1 + next;
                }

                if (cut < 0)
                {
                    WriteRaw("<![CDATA["u8);
                    WriteUtf8(rest);
                    WriteRaw("]]>"u8);
                    return;
                }

                if (rest[cut] == '\r')
                {
                    if (cut > 0)
                    {
                        WriteRaw("<![CDATA["u8);
                        WriteUtf8(rest.Slice(0, cut));
                        WriteRaw("]]>"u8);
                    }

                    WriteRaw("&#13;"u8);
                    rest = rest.Slice(cut + 1);
                    if (rest.IsEmpty)
                    {
                        return;
                    }
                }
                else
                {
                    WriteRaw("<![CDATA["u8);
                    WriteUtf8(rest.Slice(0, cut + 2));
                    WriteRaw("]]>"u8);
                    rest = rest.Slice(cut + 2);
                }
            }
        }

        private readonly void WriteEscaped(string value)
        {
            EnsureXmlText(value);
            ReadOnlySpan<char> rest = value;
            while (!rest.IsEmpty)
            {
                int special = rest.IndexOfAny("<>&\r");
                if (special < 0)
                {
                    WriteUtf8(rest);
                    return;
                }

                WriteUtf8(rest.Slice(0, special));
                WriteRaw(rest[special] switch
                {
                    '<' => "&lt;"u8,
                    '>' => "&gt;"u8,
                    '&' => "&amp;"u8,
                    _ => "&#13;"u8,
                });
                rest = rest.Slice(special + 1);
            }
        }

        private static void EnsureXmlText(string value)
        {
            ReadOnlySpan<char> span = value;
            int control = span.IndexOfAnyInRange('\0', '\u001F');
            while (control >= 0)
            {
                char c = span[control];
                if (c != '\t' && c != '\n' && c != '\r')
                {
                    throw new ArgumentException($"The value contains U+{(int)c:X4}, which XML cannot carry; remove it before replying.", nameof(value));
                }

                int next = span.Slice(control + 1).IndexOfAnyInRange('\0', '\u001F');
                control = next < 0 ? -1 : control + 1 + next;
            }

            if (span.IndexOfAnyInRange('\uFFFE', '\uFFFF') >= 0)
            {
                throw new ArgumentException("The value contains U+FFFE or U+FFFF, which XML cannot carry.", nameof(value));
            }
        }

        private readonly void WriteUtf8(ReadOnlySpan<char> text)
        {
            if (text.IsEmpty)
            {
                return;
            }

            Span<byte> span = _output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
            int written = Encoding.UTF8.GetBytes(text, span);
            _output.Advance(written);
        }

        private readonly void WriteRaw(ReadOnlySpan<byte> bytes)
        {
            Span<byte> span = _output.GetSpan(bytes.Length);
            bytes.CopyTo(span);
            _output.Advance(bytes.Length);
        }
    }
}
