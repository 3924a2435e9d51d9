using System;
using System.Buffers;
using System.Text;

namespace WeChat.OfficialAccount.Xml
{
    /// <summary>Character classes, references and value decoding shared by the tokenizer and the cursor.</summary>
    internal static class XmlText
    {
        /// <summary>XML whitespace.</summary>
        public static readonly SearchValues<byte> Whitespace = SearchValues.Create(" \t\r\n"u8);

        /// <summary>Bytes in text that need a closer look: references, a possible CDATA terminator, and CR for line-end normalization.</summary>
        public static readonly SearchValues<byte> TextSpecials = SearchValues.Create("&]\r"u8);

        public static bool IsNameStart(byte b) => NameTable[b] == 1;

        public static bool IsNameChar(byte b) => NameTable[b] != 0;

        // 1: may start a name ([A-Za-z_]); 2: may continue one ([0-9.-]); 0: neither. Names are ASCII here.
        private static ReadOnlySpan<byte> NameTable =>
        [
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 0, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0, 0, 0, 0, 0, 0,
            0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1,
            0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        ];

        public static bool IsWhitespace(ReadOnlySpan<byte> text) => text.IndexOfAnyExcept(" \t\r\n"u8) < 0;

        public static bool IsXmlChar(int c) =>
            c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);

        /// <summary>
        /// Validates the reference at the start of <paramref name="text"/> (which begins with '&amp;') and returns its
        /// length including ';', or -1 with a reason.
        /// </summary>
        public static int ValidateReference(ReadOnlySpan<byte> text, out string? problem)
        {
            int length = Resolve(text, out _, out problem);
            return length;
        }

        private static int Resolve(ReadOnlySpan<byte> text, out int codePoint, out string? problem)
        {
            codePoint = 0;
            problem = null;
            int semicolon = text.Slice(0, Math.Min(text.Length, 16)).IndexOf((byte)';');
            if (semicolon < 0)
            {
                problem = "'&' must start an entity or character reference ending in ';'";
                return -1;
            }

            ReadOnlySpan<byte> body = text.Slice(1, semicolon - 1);
            if (body.Length > 0 && body[0] == (byte)'#')
            {
                bool hex = body.Length > 1 && body[1] == (byte)'x';
                ReadOnlySpan<byte> digits = body.Slice(hex ? 2 : 1);
                if (digits.IsEmpty)
                {
                    problem = "empty character reference";
                    return -1;
                }

                int value = 0;
                foreach (byte d in digits)
                {
                    int digit = (uint)(d - '0') <= 9 ? d - '0'
                        : hex && (uint)((d | 0x20) - 'a') <= 5 ? (d | 0x20) - 'a' + 10
                        : -1;
                    if (digit < 0)
                    {
                        problem = "malformed character reference";
                        return -1;
                    }

                    value = value * (hex ? 16 : 10) + digit;
                    if (value > 0x10FFFF)
                    {
                        problem = "character reference out of range";
                        return -1;
                    }
                }

                if (!IsXmlChar(value))
                {
                    problem = $"character reference to U+{value:X4}, which XML does not allow";
                    return -1;
                }

                codePoint = value;
                return semicolon + 1;
            }

            codePoint = body.SequenceEqual("lt"u8) ? '<'
                : body.SequenceEqual("gt"u8) ? '>'
                : body.SequenceEqual("amp"u8) ? '&'
                : body.SequenceEqual("apos"u8) ? '\''
                : body.SequenceEqual("quot"u8) ? '"'
                : -1;
            if (codePoint < 0)
            {
                problem = "undefined entity (only the five predefined entities are allowed)";
                return -1;
            }

            return semicolon + 1;
        }

        /// <summary>
        /// Appends the decoded form of a text or CDATA segment: references resolved (text only) and line ends
        /// normalized to LF, as XML requires.
        /// </summary>
        public static void AppendDecoded(ReadOnlySpan<byte> raw, bool isText, ref ValueUtf8Builder builder)
        {
            int i = 0;
            Span<byte> encoded = stackalloc byte[4];
            while (i < raw.Length)
            {
                byte b = raw[i];
                if (b == (byte)'\r')
                {
                    builder.Append((byte)'\n');
                    i += i + 1 < raw.Length && raw[i + 1] == (byte)'\n' ? 2 : 1;
                }
                else if (b == (byte)'&' && isText)
                {
                    int length = Resolve(raw.Slice(i), out int codePoint, out _);
                    int written = new Rune(codePoint).EncodeToUtf8(encoded);
                    builder.Append(encoded.Slice(0, written));
                    i += length;
                }
                else
                {
                    int next = raw.Slice(i).IndexOfAny(isText ? "\r&"u8 : "\r"u8);
                    int run = next < 0 ? raw.Length - i : next;
                    builder.Append(raw.Slice(i, run));
                    i += run;
                }
            }
        }
    }

    /// <summary>A small growable UTF-8 buffer on pooled memory for the slow decoding path.</summary>
    internal ref struct ValueUtf8Builder
    {
        private byte[]? _array;
        private Span<byte> _span;
        private int _length;

        public ValueUtf8Builder(Span<byte> initial)
        {
            _array = null;
            _span = initial;
            _length = 0;
        }

        public readonly ReadOnlySpan<byte> Written => _span.Slice(0, _length);

        public readonly int Length => _length;

        /// <summary>Removes XML whitespace at the start of what was written from <paramref name="start"/> on.</summary>
        public void TrimStartFrom(int start)
        {
            int skip = 0;
            while (start + skip < _length && IsSpace(_span[start + skip]))
            {
                skip++;
            }

            if (skip > 0)
            {
                _span.Slice(start + skip, _length - start - skip).CopyTo(_span.Slice(start));
                _length -= skip;
            }
        }

        /// <summary>Removes XML whitespace at the end, never cutting below <paramref name="floor"/>.</summary>
        public void TrimEndTo(int floor)
        {
            while (_length > floor && IsSpace(_span[_length - 1]))
            {
                _length--;
            }
        }

        private static bool IsSpace(byte b) => b == (byte)' ' || b == (byte)'\t' || b == (byte)'\n' || b == (byte)'\r';

        public void Append(byte b)
        {
            if (_length == _span.Length)
            {
                Grow(1);
            }

            _span[_length++] = b;
        }

        public void Append(scoped ReadOnlySpan<byte> bytes)
        {
            if (_length + bytes.Length > _span.Length)
            {
                Grow(bytes.Length);
            }

            bytes.CopyTo(_span.Slice(_length));
            _length += bytes.Length;
        }

        /// <summary>Reserves <paramref name="length"/> bytes at the end and returns them for the caller to fill.</summary>
        public Span<byte> AppendSpan(int length)
        {
            if (_length + length > _span.Length)
            {
                Grow(length);
            }

            Span<byte> reserved = _span.Slice(_length, length);
            _length += length;
            return reserved;
        }

        /// <summary>Keeps only the first <paramref name="length"/> bytes written.</summary>
        public void Truncate(int length) => _length = length;

        private void Grow(int needed)
        {
            byte[] larger = ArrayPool<byte>.Shared.Rent(Math.Max(Math.Max(_span.Length * 2, 256), _length + needed));
            _span.Slice(0, _length).CopyTo(larger);
            if (_array is not null)
            {
                ArrayPool<byte>.Shared.Return(_array);
            }

            _array = larger;
            _span = larger;
        }

        public void Dispose()
        {
            if (_array is not null)
            {
                ArrayPool<byte>.Shared.Return(_array);
                _array = null;
            }
        }
    }
}
