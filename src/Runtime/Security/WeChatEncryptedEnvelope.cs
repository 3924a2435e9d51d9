using System;
using System.Buffers;
using System.Text;
using System.Text.Json;
using WeChat.OfficialAccount.Xml;

namespace WeChat.OfficialAccount.Security
{
    /// <summary>
    /// The encrypted request body of safe mode (<c>ToUserName</c> + <c>Encrypt</c>) or compatible mode (every
    /// plaintext field plus <c>Encrypt</c>). Official Accounts send XML; the JSON form of the Mini Program docs is read too.
    /// </summary>
    public sealed class WeChatEncryptedEnvelope
    {
        private WeChatEncryptedEnvelope(string encrypt, string? toUserName)
        {
            Encrypt = encrypt;
            ToUserName = toUserName;
        }

        /// <summary>The base64 ciphertext of the <c>Encrypt</c> element.</summary>
        public string Encrypt { get; }

        /// <summary>The account's original id, when the body carries <c>ToUserName</c>.</summary>
        public string? ToUserName { get; }

        /// <summary>Reads the envelope of an encrypted request body.</summary>
        /// <param name="body">The raw request body.</param>
        /// <param name="options">XML limits; <see cref="WeChatXmlReaderOptions.Default"/> when null.</param>
        /// <exception cref="WeChatCryptoException"><see cref="WeChatCryptoError.ParseXmlError"/>: the body is malformed or has no Encrypt element.</exception>
        public static WeChatEncryptedEnvelope Read(ReadOnlySpan<byte> body, WeChatXmlReaderOptions? options = null)
        {
            var encryptScratch = new ValueUtf8Builder(default);
            var toScratch = new ValueUtf8Builder(default);
            try
            {
                ReadValues(body, options, ref encryptScratch, ref toScratch, wantToUserName: true, out ReadOnlySpan<byte> encrypt, out ReadOnlySpan<byte> toUserName, out bool hasToUserName);
                return new WeChatEncryptedEnvelope(Encoding.UTF8.GetString(encrypt), hasToUserName ? Encoding.UTF8.GetString(toUserName) : null);
            }
            finally
            {
                encryptScratch.Dispose();
                toScratch.Dispose();
            }
        }

        /// <summary>
        /// The text of the Encrypt element as UTF-8, without allocating: a slice of <paramref name="body"/>, or the
        /// decoded text in <paramref name="scratch"/> when it had references or several segments.
        /// </summary>
        /// <exception cref="WeChatCryptoException"><see cref="WeChatCryptoError.ParseXmlError"/>: the body is malformed or has no Encrypt element.</exception>
        internal static ReadOnlySpan<byte> ReadEncryptUtf8(ReadOnlySpan<byte> body, ref ValueUtf8Builder scratch)
        {
            // Without ToUserName its scratch is never written: the one builder serves as both.
            ReadValues(body, null, ref scratch, ref scratch, wantToUserName: false, out ReadOnlySpan<byte> encrypt, out _, out _);
            return encrypt;
        }

        private static void ReadValues(
            ReadOnlySpan<byte> body,
            WeChatXmlReaderOptions? options,
            ref ValueUtf8Builder encryptScratch,
            ref ValueUtf8Builder toScratch,
            bool wantToUserName,
            out ReadOnlySpan<byte> encrypt,
            out ReadOnlySpan<byte> toUserName,
            out bool hasToUserName)
        {
            int first = body.IndexOfAnyExcept(" \t\r\n"u8);
            if (first >= 0 && body[first] == (byte)'{')
            {
                ReadJson(body, ref encryptScratch, ref toScratch, wantToUserName, out encrypt, out toUserName, out hasToUserName);
                return;
            }

            options ??= WeChatXmlReaderOptions.Default;
            XmlToken[] tokens;
            try
            {
                tokens = XmlTokenizer.Tokenize(body, options, out _);
            }
            catch (WeChatXmlException ex)
            {
                throw new WeChatCryptoException(WeChatCryptoError.ParseXmlError, "the encrypted body is not well-formed XML: " + ex.Message, ex);
            }

            try
            {
                var cursor = new WeChatXmlCursor(body, tokens);
                bool hasEncrypt = false;
                encrypt = default;
                toUserName = default;
                hasToUserName = false;
                int end = cursor.EnterElement();
                while (cursor.NextChild(end, out ReadOnlySpan<byte> name))
                {
                    if (!hasEncrypt && name.SequenceEqual("Encrypt"u8))
                    {
                        encrypt = cursor.ReadValue(ref encryptScratch, trimAll: false, out _);
                        hasEncrypt = true;
                    }
                    else if (wantToUserName && !hasToUserName && name.SequenceEqual("ToUserName"u8))
                    {
                        toUserName = cursor.ReadValue(ref toScratch, trimAll: false, out _);
                        hasToUserName = true;
                    }
                    else
                    {
                        cursor.Position = cursor.EndOf(cursor.Position) + 1;
                    }
                }

                if (encrypt.IsEmpty)
                {
                    throw new WeChatCryptoException(WeChatCryptoError.ParseXmlError, "the body has no Encrypt element; is the account really in safe or compatible mode?");
                }
            }
            catch (WeChatXmlException ex)
            {
                throw new WeChatCryptoException(WeChatCryptoError.ParseXmlError, "the encrypted body is malformed: " + ex.Message, ex);
            }
            finally
            {
                ArrayPool<XmlToken>.Shared.Return(tokens);
            }
        }

        private static void ReadJson(
            ReadOnlySpan<byte> body,
            ref ValueUtf8Builder encryptScratch,
            ref ValueUtf8Builder toScratch,
            bool wantToUserName,
            out ReadOnlySpan<byte> encrypt,
            out ReadOnlySpan<byte> toUserName,
            out bool hasToUserName)
        {
            encrypt = default;
            toUserName = default;
            hasToUserName = false;
            try
            {
                var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 8 });
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                {
                    throw new WeChatCryptoException(WeChatCryptoError.ParseXmlError, "the JSON body is not an object");
                }

                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    bool isEncrypt = reader.ValueTextEquals("Encrypt"u8);
                    bool isTo = wantToUserName && reader.ValueTextEquals("ToUserName"u8);
                    reader.Read();
                    if (isEncrypt && reader.TokenType == JsonTokenType.String)
                    {
                        encrypt = StringValue(ref reader, body, ref encryptScratch);
                    }
                    else if (isTo && reader.TokenType == JsonTokenType.String)
                    {
                        toUserName = StringValue(ref reader, body, ref toScratch);
                        hasToUserName = true;
                    }
                    else
                    {
                        reader.Skip();
                    }
                }

                if (encrypt.IsEmpty)
                {
                    throw new WeChatCryptoException(WeChatCryptoError.ParseXmlError, "the JSON body has no Encrypt member");
                }
            }
            catch (JsonException ex)
            {
                throw new WeChatCryptoException(WeChatCryptoError.ParseXmlError, "the JSON body is malformed: " + ex.Message, ex);
            }
        }

        /// <summary>The unescaped UTF-8 of the current JSON string: a slice of the body unless it had escapes.</summary>
        private static ReadOnlySpan<byte> StringValue(scoped ref Utf8JsonReader reader, ReadOnlySpan<byte> body, ref ValueUtf8Builder scratch)
        {
            if (!reader.ValueIsEscaped && !reader.HasValueSequence)
            {
                // ValueSpan is a slice of the body the reader was given; take it from the body so its scope is the body's.
                return body.Slice((int)reader.TokenStartIndex + 1, reader.ValueSpan.Length);
            }

            int length = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
            Span<byte> destination = scratch.AppendSpan(length);
            int written = reader.CopyString(destination);
            scratch.Truncate(written);
            return scratch.Written;
        }
    }
}
