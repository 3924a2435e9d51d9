using System;
using System.Buffers;
using System.Buffers.Text;
using System.Collections.Generic;
using System.ComponentModel;
using System.Globalization;
using System.Text;

namespace WeChat.OfficialAccount.Xml
{
    /// <summary>Reads one entry of a repeated element; used by generated list readers.</summary>
    /// <typeparam name="T">The entry type.</typeparam>
    /// <param name="cursor">The cursor, positioned on the entry's start element.</param>
    public delegate T WeChatXmlItemReader<T>(ref WeChatXmlCursor cursor);

    /// <summary>
    /// Forward-only view over a tokenized, already validated document. Generated message classes call it; it is
    /// public only so that code generated into other assemblies can use it.
    /// </summary>
    /// <remarks>
    /// A value is the concatenation of the element's text and CDATA segments: whitespace-only text between markup
    /// is dropped, leading whitespace of a first text segment and trailing whitespace of a last text segment are
    /// trimmed, CDATA is kept verbatim, line ends become LF.
    /// </remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public ref struct WeChatXmlCursor
    {
        private readonly ReadOnlySpan<byte> _input;
        private readonly XmlToken[] _tokens;
        private int _position;

        internal WeChatXmlCursor(ReadOnlySpan<byte> input, XmlToken[] tokens)
        {
            _input = input;
            _tokens = tokens;
            _position = 0;
        }

        internal int Position
        {
            readonly get => _position;
            set => _position = value;
        }

        internal readonly ReadOnlySpan<byte> NameAt(int tokenIndex) =>
            _input.Slice(_tokens[tokenIndex].Start, _tokens[tokenIndex].Length);

        internal readonly int EndOf(int tokenIndex) => _tokens[tokenIndex].Match;

        internal readonly bool IsStartElement(int tokenIndex) => _tokens[tokenIndex].Kind == XmlTokenKind.StartElement;

        /// <summary>The name of the element the cursor is on.</summary>
        public readonly ReadOnlySpan<byte> CurrentName => NameAt(_position);

        /// <summary>Moves inside the current element and returns the index that closes it, for <see cref="NextChild"/>.</summary>
        public int EnterElement()
        {
            int end = _tokens[_position].Match;
            _position++;
            return end;
        }

        /// <summary>
        /// Moves to the next child element before <paramref name="scopeEnd"/>; returns false (and leaves the scope)
        /// when there is none. Text between child elements is rejected: WeChat never mixes text and elements.
        /// </summary>
        public bool NextChild(int scopeEnd, out ReadOnlySpan<byte> name)
        {
            if (_position < scopeEnd)
            {
                ref XmlToken token = ref _tokens[_position];
                if (token.Kind == XmlTokenKind.StartElement)
                {
                    name = _input.Slice(token.Start, token.Length);
                    return true;
                }

                throw new WeChatXmlException(token.Start, $"text is not allowed next to child elements of <{Encoding.UTF8.GetString(NameAt(_tokens[scopeEnd].Match))}>");
            }

            _position = scopeEnd + 1;
            name = default;
            return false;
        }

        /// <summary>Records that the current element was read; a second occurrence of a single-valued element is an error.</summary>
        public readonly void MarkSeen(ref ulong seen, int bit)
        {
            ulong mask = 1UL << bit;
            if ((seen & mask) != 0)
            {
                throw Error("duplicate element");
            }

            seen |= mask;
        }

        /// <summary>An exception located at the current element, naming it.</summary>
        public readonly WeChatXmlException Error(string reason) =>
            new(_tokens[_position].Start - 1, $"<{Encoding.UTF8.GetString(CurrentName)}>: {reason}");

        /// <summary>Reads the current element's text.</summary>
        public string ReadString()
        {
            var builder = new ValueUtf8Builder(default);
            try
            {
                ReadOnlySpan<byte> value = ReadValue(ref builder, trimAll: false, out _);
                return value.IsEmpty ? string.Empty : Encoding.UTF8.GetString(value);
            }
            finally
            {
                builder.Dispose();
            }
        }

        /// <summary>
        /// Reads the current element's text, returning <paramref name="known"/> itself when the text equals it, so
        /// values that are almost always the same (MsgType, Event) are not allocated again.
        /// </summary>
        public string ReadString(string known)
        {
            var builder = new ValueUtf8Builder(default);
            try
            {
                ReadOnlySpan<byte> value = ReadValue(ref builder, trimAll: false, out _);
                if (value.Length == known.Length && Ascii.Equals(value, known))
                {
                    return known;
                }

                return value.IsEmpty ? string.Empty : Encoding.UTF8.GetString(value);
            }
            finally
            {
                builder.Dispose();
            }
        }

        /// <summary>Reads a 64-bit integer; null when the element is empty.</summary>
        public long? ReadInt64() => ReadNumber(
            static (ReadOnlySpan<byte> value, out long result) => Utf8Parser.TryParse(value, out result, out int consumed) && consumed == value.Length,
            "a 64-bit integer");

        /// <summary>Reads a 32-bit integer; null when the element is empty.</summary>
        public int? ReadInt32() => ReadNumber(
            static (ReadOnlySpan<byte> value, out int result) => Utf8Parser.TryParse(value, out result, out int consumed) && consumed == value.Length,
            "a 32-bit integer");

        /// <summary>Reads a finite floating-point number; null when the element is empty.</summary>
        public double? ReadDouble() => ReadNumber(
            static (ReadOnlySpan<byte> value, out double result) =>
                value.Length <= 64
                && value.IndexOfAnyExcept("0123456789+-.eE"u8) < 0
                && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out result)
                && double.IsFinite(result)
                || Fail(out result),
            "a number");

        /// <summary>Reads a 0/1 flag (true/false also accepted); null when the element is empty.</summary>
        public bool? ReadBoolean() => ReadNumber(
            static (ReadOnlySpan<byte> value, out bool result) =>
                (result = value.SequenceEqual("1"u8) || Ascii.EqualsIgnoreCase(value, "true"u8))
                || value.SequenceEqual("0"u8)
                || Ascii.EqualsIgnoreCase(value, "false"u8),
            "0 or 1");

        /// <summary>Reads the current element into a nested object.</summary>
        public T ReadObject<T>(T target)
            where T : WeChatXmlObject
        {
            target.ReadContent(ref this);
            return target;
        }

        /// <summary>Reads a container element whose children named <paramref name="itemName"/> are list entries.</summary>
        public void ReadList<T>(ReadOnlySpan<byte> itemName, List<T> list, WeChatXmlItemReader<T> readItem)
        {
            int end = EnterElement();
            while (NextChild(end, out ReadOnlySpan<byte> name))
            {
                if (!name.SequenceEqual(itemName))
                {
                    throw Error($"expected <{Encoding.UTF8.GetString(itemName)}> entries only");
                }

                list.Add(readItem(ref this));
            }
        }

        /// <summary>Reads the current element, whatever it holds, so that nothing unknown is lost.</summary>
        public WeChatXmlElement ReadElementNode()
        {
            int start = _position;
            int end = _tokens[start].Match;
            string name = Encoding.UTF8.GetString(NameAt(start));
            bool hasChild = false;
            for (int i = start + 1; i < end; i++)
            {
                if (_tokens[i].Kind == XmlTokenKind.StartElement)
                {
                    hasChild = true;
                    break;
                }
            }

            if (!hasChild)
            {
                Span<byte> scratch = default;
                var builder = new ValueUtf8Builder(scratch);
                try
                {
                    ReadOnlySpan<byte> value = ReadValue(ref builder, trimAll: false, out bool isCData);
                    return new WeChatXmlElement(name, value.IsEmpty ? string.Empty : Encoding.UTF8.GetString(value)) { IsCData = isCData };
                }
                finally
                {
                    builder.Dispose();
                }
            }

            var element = new WeChatXmlElement(name);
            int scopeEnd = EnterElement();
            while (NextChild(scopeEnd, out _))
            {
                element.Children.Add(ReadElementNode());
            }

            return element;
        }

        private delegate bool ValueParser<T>(ReadOnlySpan<byte> value, out T result);

        private static bool Fail<T>(out T result)
        {
            result = default!;
            return false;
        }

        private T? ReadNumber<T>(ValueParser<T> parse, string expected)
            where T : struct
        {
            var builder = new ValueUtf8Builder(default);
            try
            {
                int start = _position;
                ReadOnlySpan<byte> value = ReadValue(ref builder, trimAll: true, out _);
                if (value.IsEmpty)
                {
                    return null;
                }

                if (parse(value, out T result))
                {
                    return result;
                }

                throw NotANumber(start, value, expected);
            }
            finally
            {
                builder.Dispose();
            }
        }

        private readonly WeChatXmlException NotANumber(int tokenIndex, scoped ReadOnlySpan<byte> value, string expected)
        {
            string text = Encoding.UTF8.GetString(value.Length > 40 ? value.Slice(0, 40) : value);
            return new WeChatXmlException(_tokens[tokenIndex].Start - 1, $"<{Encoding.UTF8.GetString(NameAt(tokenIndex))}>: '{text}' is not {expected}");
        }

        internal ReadOnlySpan<byte> ReadValue(ref ValueUtf8Builder builder, bool trimAll, out bool isCData)
        {
            int start = _position;
            int end = _tokens[start].Match;
            _position = end + 1;
            isCData = false;
            int first = start + 1;
            int segments = end - first;
            if (segments == 0)
            {
                return default;
            }

            for (int i = first; i < end; i++)
            {
                XmlTokenKind kind = _tokens[i].Kind;
                if (kind == XmlTokenKind.StartElement)
                {
                    _position = start;
                    throw Error("expected a value, found child elements");
                }

                isCData |= kind == XmlTokenKind.CData;
            }

            ReadOnlySpan<byte> result;
            if (segments == 1 && !_tokens[first].NeedsDecoding)
            {
                ref XmlToken token = ref _tokens[first];
                result = _input.Slice(token.Start, token.Length);
                if (token.Kind == XmlTokenKind.Text)
                {
                    result = result.Trim(" \t\r\n"u8);
                }
            }
            else
            {
                for (int i = first; i < end; i++)
                {
                    ref XmlToken token = ref _tokens[i];
                    bool isText = token.Kind == XmlTokenKind.Text;
                    ReadOnlySpan<byte> raw = _input.Slice(token.Start, token.Length);
                    int before = builder.Length;
                    if (token.NeedsDecoding)
                    {
                        XmlText.AppendDecoded(raw, isText, ref builder);
                    }
                    else
                    {
                        builder.Append(raw);
                    }

                    if (isText && i == first)
                    {
                        builder.TrimStartFrom(before);
                    }

                    if (isText && i == end - 1)
                    {
                        builder.TrimEndTo(before);
                    }
                }

                result = builder.Written;
            }

            return trimAll ? result.Trim(" \t\r\n"u8) : result;
        }
    }
}
