using System;
using System.Buffers;
using System.Text;

namespace WeChat.OfficialAccount.Xml
{
    /// <summary>
    /// Checks a UTF-8 document for well-formedness and cuts it into <see cref="XmlToken"/>s in one pass.
    /// </summary>
    /// <remarks>
    /// The accepted language is a strict subset of XML 1.0: everything System.Xml.XmlReader rejects is rejected here
    /// too, plus what WeChat never sends and an attacker might (DTDs, processing instructions, namespace prefixes,
    /// non-ASCII names, deep nesting, oversized bodies). Whitespace-only text between markup is not emitted.
    /// </remarks>
    internal ref struct XmlTokenizer
    {
        private readonly ReadOnlySpan<byte> _input;
        private readonly WeChatXmlReaderOptions _options;
        private XmlToken[] _tokens;
        private int _count;
        private int _pos;
        private int _depth;
        private Span<int> _openStack;

        private XmlTokenizer(ReadOnlySpan<byte> input, WeChatXmlReaderOptions options, Span<int> openStack)
        {
            _input = input;
            _options = options;
            _tokens = ArrayPool<XmlToken>.Shared.Rent(Math.Max(16, Math.Min(input.Length / 12, 4096)));
            _count = 0;
            _pos = 0;
            _depth = 0;
            _openStack = openStack;
        }

        /// <summary>Tokenizes <paramref name="input"/>; the caller returns the token array to the shared pool.</summary>
        public static XmlToken[] Tokenize(ReadOnlySpan<byte> input, WeChatXmlReaderOptions options, out int count)
        {
            if (input.Length > options.MaxBytes)
            {
                throw new WeChatXmlException(options.MaxBytes, $"body is larger than the {options.MaxBytes}-byte limit");
            }

            // The stack of open elements is bounded by the depth limit, so it usually lives on the stack.
            Span<int> openStack = options.MaxDepth <= 32 ? stackalloc int[33] : new int[options.MaxDepth + 1];
            var tokenizer = new XmlTokenizer(input, options, openStack);
            try
            {
                tokenizer.ValidateCharacters();
                tokenizer.ReadDocument();
                count = tokenizer._count;
                return tokenizer._tokens;
            }
            catch
            {
                ArrayPool<XmlToken>.Shared.Return(tokenizer._tokens);
                throw;
            }
        }

        private readonly WeChatXmlException Error(int offset, string reason) => new(offset, reason);

        /// <summary>Rejects invalid UTF-8 and code points XML 1.0 forbids (C0 controls but tab/LF/CR, U+FFFE, U+FFFF).</summary>
        private readonly void ValidateCharacters()
        {
            ReadOnlySpan<byte> input = _input;
            if (!System.Text.Unicode.Utf8.IsValid(input))
            {
                int offset = 0;
                while (offset < input.Length)
                {
                    if (Rune.DecodeFromUtf8(input.Slice(offset), out _, out int consumed) != OperationStatus.Done)
                    {
                        throw Error(offset, "invalid UTF-8");
                    }

                    offset += consumed;
                }
            }

            int searchFrom = 0;
            while (true)
            {
                int index = input.Slice(searchFrom).IndexOfAnyInRange((byte)0x00, (byte)0x1F);
                if (index < 0)
                {
                    break;
                }

                index += searchFrom;
                byte b = input[index];
                if (b != 0x09 && b != 0x0A && b != 0x0D)
                {
                    throw Error(index, $"control character U+{b:X4} is not allowed in XML");
                }

                searchFrom = index + 1;
            }

            searchFrom = 0;
            while (true)
            {
                int index = input.Slice(searchFrom).IndexOf((ReadOnlySpan<byte>)[0xEF, 0xBF]);
                if (index < 0)
                {
                    break;
                }

                index += searchFrom;
                if (index + 2 < input.Length && (input[index + 2] == 0xBE || input[index + 2] == 0xBF))
                {
                    throw Error(index, "non-character U+FFFE/U+FFFF is not allowed in XML");
                }

                searchFrom = index + 2;
            }
        }

        private void ReadDocument()
        {
            ReadOnlySpan<byte> input = _input;
            if (input.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            {
                _pos = 3;
            }

            if (input.Slice(_pos).StartsWith("<?xml"u8) && _pos + 5 < input.Length && IsWhitespace(input[_pos + 5]))
            {
                ReadDeclaration();
            }

            // Prolog: whitespace and comments only.
            bool sawRoot = false;
            while (true)
            {
                SkipWhitespace();
                if (_pos >= input.Length)
                {
                    break;
                }

                if (input[_pos] != (byte)'<')
                {
                    throw Error(_pos, sawRoot ? "text after the root element" : "text before the root element");
                }

                ReadOnlySpan<byte> rest = input.Slice(_pos);
                if (rest.StartsWith("<!--"u8))
                {
                    SkipComment();
                }
                else if (rest.StartsWith("<!"u8))
                {
                    throw Error(_pos, rest.StartsWith("<!DOCTYPE"u8) ? "DTD/DOCTYPE is not allowed" : "markup declaration is not allowed");
                }
                else if (rest.StartsWith("<?"u8))
                {
                    throw Error(_pos, "processing instructions are not allowed here");
                }
                else if (sawRoot)
                {
                    throw Error(_pos, "more than one root element");
                }
                else
                {
                    ReadElement();
                    sawRoot = true;
                }
            }

            if (!sawRoot)
            {
                throw Error(_pos, "no root element");
            }
        }

        private void ReadDeclaration()
        {
            int start = _pos;
            _pos += 5;
            bool sawVersion = false, sawEncoding = false, sawStandalone = false;
            while (true)
            {
                int beforeSpace = _pos;
                SkipWhitespace();
                if (_pos + 1 < _input.Length && _input[_pos] == (byte)'?' && _input[_pos + 1] == (byte)'>')
                {
                    _pos += 2;
                    break;
                }

                if (_pos == beforeSpace)
                {
                    throw Error(_pos, "malformed XML declaration");
                }

                ReadOnlySpan<byte> name = ReadName("XML declaration attribute");
                SkipWhitespace();
                Expect((byte)'=', "'=' in the XML declaration");
                SkipWhitespace();
                ReadOnlySpan<byte> value = ReadQuoted(out int valueStart, allowReferences: false);
                if (name.SequenceEqual("version"u8) && !sawVersion && !sawEncoding && !sawStandalone)
                {
                    sawVersion = true;
                    if (!value.SequenceEqual("1.0"u8))
                    {
                        throw Error(valueStart, "only XML version 1.0 is supported");
                    }
                }
                else if (name.SequenceEqual("encoding"u8) && sawVersion && !sawEncoding && !sawStandalone)
                {
                    sawEncoding = true;
                    if (!Ascii.EqualsIgnoreCase(value, "utf-8"u8))
                    {
                        throw Error(valueStart, "only UTF-8 bodies are supported");
                    }
                }
                else if (name.SequenceEqual("standalone"u8) && sawVersion && !sawStandalone)
                {
                    sawStandalone = true;
                    if (!value.SequenceEqual("yes"u8) && !value.SequenceEqual("no"u8))
                    {
                        throw Error(valueStart, "standalone must be yes or no");
                    }
                }
                else
                {
                    throw Error(_pos, "malformed XML declaration");
                }
            }

            if (!sawVersion)
            {
                throw Error(start, "XML declaration without version");
            }
        }

        private void ReadElement()
        {
            // Iterative rather than recursive: the depth limit bounds the stack of open elements, not the call stack.
            ReadStartTag();
            ReadOnlySpan<byte> input = _input;
            while (_depth > 0)
            {
                if (_pos >= input.Length)
                {
                    int open = _openStack[_depth - 1];
                    throw Error(_tokens[open].Start - 1, $"element <{Encoding.UTF8.GetString(input.Slice(_tokens[open].Start, _tokens[open].Length))}> is not closed");
                }

                byte b = input[_pos];
                if (b != (byte)'<')
                {
                    ReadText();
                    continue;
                }

                byte next = _pos + 1 < input.Length ? input[_pos + 1] : (byte)0;
                if (next == (byte)'/')
                {
                    ReadEndTag();
                }
                else if (next == (byte)'!')
                {
                    ReadOnlySpan<byte> rest = input.Slice(_pos);
                    if (rest.StartsWith("<![CDATA["u8))
                    {
                        ReadCData();
                    }
                    else if (rest.StartsWith("<!--"u8))
                    {
                        SkipComment();
                    }
                    else
                    {
                        throw Error(_pos, rest.StartsWith("<!DOCTYPE"u8) ? "DTD/DOCTYPE is not allowed" : "markup declaration is not allowed");
                    }
                }
                else if (next == (byte)'?')
                {
                    throw Error(_pos, "processing instructions are not allowed");
                }
                else
                {
                    ReadStartTag();
                }
            }
        }

        private void ReadStartTag()
        {
            int tagStart = _pos;
            _pos++; // '<'
            int nameStart = _pos;
            ReadOnlySpan<byte> name = ReadName("element name");
            if (_depth >= _options.MaxDepth)
            {
                throw Error(tagStart, $"elements nested deeper than {_options.MaxDepth}");
            }

            int tokenIndex = Add(XmlTokenKind.StartElement, nameStart, name.Length, needsDecoding: false);
            ReadAttributes();
            if (_pos < _input.Length && _input[_pos] == (byte)'/')
            {
                _pos++;
                Expect((byte)'>', "'>' after '/'");
                int end = Add(XmlTokenKind.EndElement, nameStart, name.Length, needsDecoding: false);
                _tokens[tokenIndex].Match = end;
                _tokens[end].Match = tokenIndex;
                return;
            }

            Expect((byte)'>', "'>' to close the start tag");
            _openStack[_depth++] = tokenIndex;
        }

        private void ReadAttributes()
        {
            if (_pos < _input.Length && (_input[_pos] == (byte)'>' || _input[_pos] == (byte)'/'))
            {
                return; // the common case: no attributes
            }

            // Attributes are checked for well-formedness and then ignored: WeChat never sends any.
            Span<int> seenStarts = stackalloc int[8];
            Span<int> seenLengths = stackalloc int[8];
            int seen = 0;
            while (true)
            {
                int beforeSpace = _pos;
                SkipWhitespace();
                if (_pos >= _input.Length)
                {
                    throw Error(_pos, "unexpected end of input in a start tag");
                }

                byte b = _input[_pos];
                if (b == (byte)'>' || b == (byte)'/')
                {
                    return;
                }

                if (_pos == beforeSpace)
                {
                    throw Error(_pos, "whitespace expected between attributes");
                }

                int nameStart = _pos;
                ReadOnlySpan<byte> name = ReadName("attribute name");
                if (seen == seenStarts.Length)
                {
                    throw Error(nameStart, "too many attributes");
                }

                for (int i = 0; i < seen; i++)
                {
                    if (_input.Slice(seenStarts[i], seenLengths[i]).SequenceEqual(name))
                    {
                        throw Error(nameStart, "duplicate attribute");
                    }
                }

                seenStarts[seen] = nameStart;
                seenLengths[seen] = name.Length;
                seen++;
                SkipWhitespace();
                Expect((byte)'=', "'=' after the attribute name");
                SkipWhitespace();
                ReadQuoted(out _, allowReferences: true);
            }
        }

        private void ReadEndTag()
        {
            int tagStart = _pos;
            _pos += 2;
            int nameStart = _pos;
            ReadOnlySpan<byte> name = ReadName("end tag name");
            SkipWhitespace();
            Expect((byte)'>', "'>' to close the end tag");
            int open = _openStack[_depth - 1];
            ref XmlToken openToken = ref _tokens[open];
            if (!_input.Slice(openToken.Start, openToken.Length).SequenceEqual(name))
            {
                throw Error(tagStart, $"end tag </{Encoding.UTF8.GetString(name)}> does not match <{Encoding.UTF8.GetString(_input.Slice(openToken.Start, openToken.Length))}>");
            }

            _depth--;
            int end = Add(XmlTokenKind.EndElement, nameStart, name.Length, needsDecoding: false);
            _tokens[open].Match = end;
            _tokens[end].Match = open;
        }

        private void ReadText()
        {
            int start = _pos;
            ReadOnlySpan<byte> input = _input;
            int content = input.Slice(start).IndexOfAnyExcept(XmlText.Whitespace);
            if (content < 0 || input[start + content] == (byte)'<')
            {
                // Indentation between elements: not a token.
                _pos = content < 0 ? input.Length : start + content;
                return;
            }

            int length = input.Slice(start + content).IndexOf((byte)'<');
            length = length < 0 ? input.Length - start : content + length;
            ReadOnlySpan<byte> text = input.Slice(start, length);
            _pos = start + length;

            bool needsDecoding = false;
            int offset = text.IndexOfAny(XmlText.TextSpecials);
            while (offset >= 0)
            {
                int step = 1;
                switch (text[offset])
                {
                    case (byte)'&':
                        needsDecoding = true;
                        step = XmlText.ValidateReference(text.Slice(offset), out string? problem);
                        if (step < 0)
                        {
                            throw Error(start + offset, problem!);
                        }

                        break;
                    case (byte)'\r':
                        needsDecoding = true;
                        break;
                    default:
                        if (text.Slice(offset).StartsWith("]]>"u8))
                        {
                            throw Error(start + offset, "']]>' is not allowed in text");
                        }

                        break;
                }

                int next = text.Slice(offset + step).IndexOfAny(XmlText.TextSpecials);
                offset = next < 0 ? -1 : offset + step + next;
            }

            Add(XmlTokenKind.Text, start, length, needsDecoding);
        }

        private void ReadCData()
        {
            int start = _pos + 9;
            int length = _input.Slice(start).IndexOf("]]>"u8);
            if (length < 0)
            {
                throw Error(_pos, "CDATA section is not closed");
            }

            _pos = start + length + 3;
            Add(XmlTokenKind.CData, start, length, _input.Slice(start, length).IndexOf((byte)'\r') >= 0);
        }

        private void SkipComment()
        {
            int start = _pos;
            int bodyStart = _pos + 4;
            int length = _input.Slice(bodyStart).IndexOf("--"u8);
            if (length < 0)
            {
                throw Error(start, "comment is not closed");
            }

            int dashes = bodyStart + length;
            if (dashes + 2 >= _input.Length || _input[dashes + 2] != (byte)'>')
            {
                throw Error(dashes, "'--' is not allowed inside a comment");
            }

            _pos = dashes + 3;
        }

        private ReadOnlySpan<byte> ReadName(string what)
        {
            int start = _pos;
            ReadOnlySpan<byte> input = _input;
            if (_pos >= input.Length || !XmlText.IsNameStart(input[_pos]))
            {
                throw Error(_pos, _pos < input.Length && input[_pos] == (byte)':'
                    ? "namespace prefixes are not supported"
                    : $"invalid {what}");
            }

            _pos++;
            while (_pos < input.Length && XmlText.IsNameChar(input[_pos]))
            {
                _pos++;
            }
            if (_pos < input.Length && (input[_pos] == (byte)':' || input[_pos] >= 0x80))
            {
                throw Error(_pos, input[_pos] == (byte)':' ? "namespace prefixes are not supported" : $"non-ASCII {what}s are not supported");
            }

            return input.Slice(start, _pos - start);
        }

        private ReadOnlySpan<byte> ReadQuoted(out int valueStart, bool allowReferences)
        {
            if (_pos >= _input.Length || (_input[_pos] != (byte)'"' && _input[_pos] != (byte)'\''))
            {
                throw Error(_pos, "quoted value expected");
            }

            byte quote = _input[_pos];
            valueStart = _pos + 1;
            int length = _input.Slice(valueStart).IndexOf(quote);
            if (length < 0)
            {
                throw Error(_pos, "quoted value is not closed");
            }

            ReadOnlySpan<byte> value = _input.Slice(valueStart, length);
            int lt = value.IndexOf((byte)'<');
            if (lt >= 0)
            {
                throw Error(valueStart + lt, "'<' is not allowed in an attribute value");
            }

            int amp = value.IndexOf((byte)'&');
            while (amp >= 0)
            {
                if (!allowReferences)
                {
                    throw Error(valueStart + amp, "references are not allowed here");
                }

                int referenceLength = XmlText.ValidateReference(value.Slice(amp), out string? problem);
                if (referenceLength < 0)
                {
                    throw Error(valueStart + amp, problem!);
                }

                int next = value.Slice(amp + referenceLength).IndexOf((byte)'&');
                amp = next < 0 ? -1 : amp + referenceLength + next;
            }

            _pos = valueStart + length + 1;
            return value;
        }

        private void Expect(byte expected, string what)
        {
            if (_pos >= _input.Length || _input[_pos] != expected)
            {
                throw Error(_pos, $"expected {what}");
            }

            _pos++;
        }

        private void SkipWhitespace()
        {
            while (_pos < _input.Length && IsWhitespace(_input[_pos]))
            {
                _pos++;
            }
        }

        private static bool IsWhitespace(byte b) => b == (byte)' ' || b == (byte)'\t' || b == (byte)'\n' || b == (byte)'\r';

        private int Add(XmlTokenKind kind, int start, int length, bool needsDecoding)
        {
            if (_count == _tokens.Length)
            {
                XmlToken[] larger = ArrayPool<XmlToken>.Shared.Rent(_tokens.Length * 2);
                Array.Copy(_tokens, larger, _count);
                ArrayPool<XmlToken>.Shared.Return(_tokens);
                _tokens = larger;
            }

            _tokens[_count] = new XmlToken { Kind = kind, Start = start, Length = length, NeedsDecoding = needsDecoding, Match = -1 };
            return _count++;
        }
    }
}
