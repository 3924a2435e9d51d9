using System;
using System.Buffers;
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
            int first = body.IndexOfAnyExcept(" \t\r\n"u8);
            if (first >= 0 && body[first] == (byte)'{')
            {
                return ReadJson(body);
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
                string? encrypt = null, toUserName = null;
                int end = cursor.EnterElement();
                while (cursor.NextChild(end, out ReadOnlySpan<byte> name))
                {
                    if (encrypt is null && name.SequenceEqual("Encrypt"u8))
                    {
                        encrypt = cursor.ReadString();
                    }
                    else if (toUserName is null && name.SequenceEqual("ToUserName"u8))
                    {
                        toUserName = cursor.ReadString();
                    }
                    else
                    {
                        cursor.Position = cursor.EndOf(cursor.Position) + 1;
                    }
                }

                if (string.IsNullOrEmpty(encrypt))
                {
                    throw new WeChatCryptoException(WeChatCryptoError.ParseXmlError, "the body has no Encrypt element; is the account really in safe or compatible mode?");
                }

                return new WeChatEncryptedEnvelope(encrypt, toUserName);
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

        private static WeChatEncryptedEnvelope ReadJson(ReadOnlySpan<byte> body)
        {
            try
            {
                var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 8 });
                string? encrypt = null, toUserName = null;
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                {
                    throw new WeChatCryptoException(WeChatCryptoError.ParseXmlError, "the JSON body is not an object");
                }

                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    bool isEncrypt = reader.ValueTextEquals("Encrypt"u8);
                    bool isTo = reader.ValueTextEquals("ToUserName"u8);
                    reader.Read();
                    if ((isEncrypt || isTo) && reader.TokenType == JsonTokenType.String)
                    {
                        if (isEncrypt)
                        {
                            encrypt = reader.GetString();
                        }
                        else
                        {
                            toUserName = reader.GetString();
                        }
                    }
                    else
                    {
                        reader.Skip();
                    }
                }

                if (string.IsNullOrEmpty(encrypt))
                {
                    throw new WeChatCryptoException(WeChatCryptoError.ParseXmlError, "the JSON body has no Encrypt member");
                }

                return new WeChatEncryptedEnvelope(encrypt, toUserName);
            }
            catch (JsonException ex)
            {
                throw new WeChatCryptoException(WeChatCryptoError.ParseXmlError, "the JSON body is malformed: " + ex.Message, ex);
            }
        }
    }
}
