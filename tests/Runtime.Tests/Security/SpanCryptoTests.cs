using System;
using System.Buffers;
using System.Text;
using System.Text.Json;
using WeChat.OfficialAccount.Security;

namespace WeChat.OfficialAccount.Tests.Security
{
    /// <summary>
    /// The allocation-free overloads (values as spans of the query string, the body and the reply as UTF-8, output to an
    /// <see cref="IBufferWriter{T}"/>) give exactly what the string overloads give, on the published vectors.
    /// </summary>
    public class SpanCryptoTests
    {
        public static TheoryData<string> DecryptVectors => CryptoReference.IdsOfKind("msg_signature+decrypt");

        public static TheoryData<string> UrlSignatureVectors => CryptoReference.IdsOfKind("url_signature");

        [Theory]
        [MemberData(nameof(UrlSignatureVectors))]
        public void Span_Verify_accepts_the_published_url_signature_and_rejects_others(string id)
        {
            JsonElement v = CryptoReference.Vector(id);
            string query = $"signature={v.Expected("signature")}&timestamp={v.Input("timestamp")}&nonce={v.Input("nonce")}";
            ReadOnlySpan<char> signature = Slice(query, "signature"), timestamp = Slice(query, "timestamp"), nonce = Slice(query, "nonce");

            Assert.True(WeChatSignature.Verify(signature, v.Input("token"), timestamp, nonce));
            Assert.False(WeChatSignature.Verify(signature, v.Input("token") + "x", timestamp, nonce));
            Assert.False(WeChatSignature.Verify(ReadOnlySpan<char>.Empty, v.Input("token"), timestamp, nonce));
        }

        [Theory]
        [MemberData(nameof(DecryptVectors))]
        public void Span_VerifyAndDecryptBody_gives_the_published_plaintext_from_an_xml_body(string id)
        {
            JsonElement v = CryptoReference.Vector(id);
            WeChatMessageCrypto crypto = CryptoOf(v);
            byte[] body = Encoding.UTF8.GetBytes($"<xml><ToUserName><![CDATA[gh_x]]></ToUserName><Encrypt><![CDATA[{v.Input("encrypt")}]]></Encrypt></xml>");
            var output = new ArrayBufferWriter<byte>();

            int written = crypto.VerifyAndDecryptBody(v.Expected("msg_signature"), v.Input("timestamp"), v.Input("nonce"), body, output);

            Assert.Equal(output.WrittenCount, written);
            Assert.Equal(v.GetProperty("derived_plaintext").GetString(), Encoding.UTF8.GetString(output.WrittenSpan));
        }

        [Fact]
        public void Encrypt_with_character_references_or_json_escapes_is_decoded_before_it_is_checked()
        {
            JsonElement v = CryptoReference.Vector("official-safe-post-decrypt");
            WeChatMessageCrypto crypto = CryptoOf(v);
            string encrypt = v.Input("encrypt");
            string expected = v.GetProperty("derived_plaintext").GetString()!;

            // '+' written as a reference in XML text (not CDATA), and as \u002B in a JSON string.
            foreach (string body in new[]
            {
                $"<xml><Encrypt>{encrypt.Replace("+", "&#43;", StringComparison.Ordinal)}</Encrypt></xml>",
                $"{{\"ToUserName\":\"gh_97417a04a28d\",\"Encrypt\":\"{encrypt.Replace("+", "\\u002B", StringComparison.Ordinal)}\"}}",
                $"{{\"Encrypt\":\"{encrypt}\"}}",
            })
            {
                var output = new ArrayBufferWriter<byte>();
                crypto.VerifyAndDecryptBody(v.Expected("msg_signature"), v.Input("timestamp"), v.Input("nonce"), Encoding.UTF8.GetBytes(body), output);
                Assert.Equal(expected, Encoding.UTF8.GetString(output.WrittenSpan));
            }
        }

        [Fact]
        public void Span_path_reports_the_same_errors_as_the_string_path()
        {
            JsonElement v = CryptoReference.Vector("official-safe-post-decrypt");
            WeChatMessageCrypto crypto = CryptoOf(v);
            byte[] body = Encoding.UTF8.GetBytes($"{{\"Encrypt\":\"{v.Input("encrypt")}\"}}");
            var output = new ArrayBufferWriter<byte>();

            var missing = Assert.Throws<WeChatCryptoException>(() => crypto.VerifyAndDecryptBody(ReadOnlySpan<char>.Empty, v.Input("timestamp"), v.Input("nonce"), body, output));
            Assert.Equal(WeChatCryptoError.ValidateSignatureError, missing.Error);
            Assert.Contains("msg_signature query parameter is missing", missing.Message, StringComparison.Ordinal);

            var tampered = Assert.Throws<WeChatCryptoException>(() => crypto.VerifyAndDecryptBody(v.Expected("msg_signature"), v.Input("timestamp"), "1", body, output));
            Assert.Equal(WeChatCryptoError.ValidateSignatureError, tampered.Error);

            var noEncrypt = Assert.Throws<WeChatCryptoException>(() => crypto.VerifyAndDecryptBody(v.Expected("msg_signature"), v.Input("timestamp"), v.Input("nonce"), "<xml><A>1</A></xml>"u8, output));
            Assert.Equal(WeChatCryptoError.ParseXmlError, noEncrypt.Error);

            var notBase64 = Assert.Throws<WeChatCryptoException>(() => crypto.Decrypt("abc*"u8, output));
            Assert.Equal(WeChatCryptoError.DecodeBase64Error, notBase64.Error);
            Assert.Equal(0, output.WrittenCount);
        }

        [Fact]
        public void Span_Decrypt_accepts_whitespace_in_base64_as_the_string_overload_does()
        {
            JsonElement v = CryptoReference.Vector("official-safe-post-decrypt");
            WeChatMessageCrypto crypto = CryptoOf(v);
            string wrapped = v.Input("encrypt").Insert(64, "\r\n").Insert(20, " ");
            var output = new ArrayBufferWriter<byte>();

            crypto.Decrypt(Encoding.ASCII.GetBytes(wrapped), output);

            Assert.Equal(crypto.Decrypt(wrapped), output.WrittenSpan.ToArray());
        }

        [Fact]
        public void Span_EncryptReply_writes_the_envelope_of_ToXml_and_it_verifies_and_decrypts()
        {
            var crypto = new WeChatMessageCrypto("spantoken", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "wxspan");
            byte[] reply = Encoding.UTF8.GetBytes("<xml><Content><![CDATA[你好]]></Content></xml>");
            var output = new ArrayBufferWriter<byte>();
            output.Write("prefix"u8); // the envelope goes after what the writer already holds

            int written = crypto.EncryptReply(reply, "1714112445", "n-42", output);

            Assert.Equal(output.WrittenCount - 6, written);
            string xml = Encoding.UTF8.GetString(output.WrittenSpan[6..]);
            WeChatEncryptedEnvelope envelope = WeChatEncryptedEnvelope.Read(Encoding.UTF8.GetBytes(xml));
            string signature = Between(xml, "<MsgSignature><![CDATA[", "]]>");
            Assert.Equal(reply, crypto.VerifyAndDecrypt(signature, "1714112445", "n-42", envelope.Encrypt));

            // Same layout as the string API's envelope for the same values.
            WeChatEncryptedReply same = new WeChatMessageCrypto("spantoken", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "wxspan").EncryptReply(reply, "1714112445", "n-42");
            Assert.Equal(
                same.ToXml().Replace(same.Encrypt, "E", StringComparison.Ordinal).Replace(same.MsgSignature, "S", StringComparison.Ordinal),
                xml.Replace(envelope.Encrypt, "E", StringComparison.Ordinal).Replace(signature, "S", StringComparison.Ordinal));
            Assert.Equal(WeChatSignature.ComputeMessageSignature("spantoken", "1714112445", "n-42", envelope.Encrypt), signature);
        }

        [Theory]
        [InlineData("", "n")]
        [InlineData("17141x", "n")]
        [InlineData("1714112445", "a]]>b")]
        [InlineData("1714112445", "a\u0001b")]
        public void Span_EncryptReply_refuses_a_header_that_cannot_go_into_the_envelope(string timestamp, string nonce)
        {
            var crypto = new WeChatMessageCrypto("spantoken", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "wxspan");
            var output = new ArrayBufferWriter<byte>();

            var error = Assert.Throws<WeChatCryptoException>(() => crypto.EncryptReply("<xml/>"u8, timestamp, nonce, output));

            Assert.Equal(WeChatCryptoError.GenReturnXmlError, error.Error);
            Assert.Equal(0, output.WrittenCount);
        }

        private static WeChatMessageCrypto CryptoOf(JsonElement v) => new(v.Input("token"), v.Input("encoding_aes_key"), v.Input("appid_or_receiveid"));

        private static ReadOnlySpan<char> Slice(string query, string name)
        {
            int start = query.IndexOf(name + "=", StringComparison.Ordinal) + name.Length + 1;
            int end = query.IndexOf('&', start);
            return query.AsSpan(start, (end < 0 ? query.Length : end) - start);
        }

        private static string Between(string text, string before, string after)
        {
            int start = text.IndexOf(before, StringComparison.Ordinal) + before.Length;
            return text[start..text.IndexOf(after, start, StringComparison.Ordinal)];
        }
    }
}
