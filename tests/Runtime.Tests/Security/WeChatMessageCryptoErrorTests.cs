using System;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using WeChat.OfficialAccount.Security;

namespace WeChat.OfficialAccount.Tests.Security
{
    /// <summary>One test per official error code path; each also checks the code and the message prefix.</summary>
    public class WeChatMessageCryptoErrorTests
    {
        private const string Token = "AAAAA";
        private const string Key = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        private const string AppId = "wxba5fad812f8e6fb9";

        private static readonly JsonElement Official = CryptoReference.Vector("official-safe-post-decrypt");

        private static readonly WeChatMessageCrypto Crypto = new(Token, Key, AppId);

        [Theory]
        [InlineData(WeChatCryptoError.ValidateSignatureError, -40001)]
        [InlineData(WeChatCryptoError.ParseXmlError, -40002)]
        [InlineData(WeChatCryptoError.ComputeSignatureError, -40003)]
        [InlineData(WeChatCryptoError.IllegalAesKey, -40004)]
        [InlineData(WeChatCryptoError.ValidateAppIdError, -40005)]
        [InlineData(WeChatCryptoError.EncryptAesError, -40006)]
        [InlineData(WeChatCryptoError.DecryptAesError, -40007)]
        [InlineData(WeChatCryptoError.IllegalBuffer, -40008)]
        [InlineData(WeChatCryptoError.EncodeBase64Error, -40009)]
        [InlineData(WeChatCryptoError.DecodeBase64Error, -40010)]
        [InlineData(WeChatCryptoError.GenReturnXmlError, -40011)]
        public void Error_values_are_the_official_codes(WeChatCryptoError error, int code)
        {
            var ex = new WeChatCryptoException(error, "why.");

            Assert.Equal(code, (int)error);
            Assert.Equal(code, ex.Code);
            Assert.Equal($"{error} ({code}): why.", ex.Message);
        }

        [Fact]
        public void Tampered_signature_throws_ValidateSignatureError()
        {
            string signature = Official.Expected("msg_signature");
            string tampered = (signature[0] == '0' ? "1" : "0") + signature[1..];

            AssertError(WeChatCryptoError.ValidateSignatureError, () => Crypto.VerifyAndDecrypt(tampered, Official.Input("timestamp"), Official.Input("nonce"), Official.Input("encrypt")));
        }

        [Fact]
        public void Missing_signature_throws_ValidateSignatureError_naming_msg_signature()
        {
            var ex = AssertError(WeChatCryptoError.ValidateSignatureError, () => Crypto.VerifyAndDecrypt(null, Official.Input("timestamp"), Official.Input("nonce"), Official.Input("encrypt")));

            Assert.Contains("msg_signature", ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Signature_over_different_ciphertext_throws_ValidateSignatureError_before_decrypting()
        {
            AssertError(WeChatCryptoError.ValidateSignatureError, () => Crypto.VerifyAndDecrypt(Official.Expected("msg_signature"), Official.Input("timestamp"), Official.Input("nonce"), "not base64 at all"));
        }

        [Fact]
        public void Message_for_another_AppID_throws_ValidateAppIdError_naming_both_ids()
        {
            var other = new WeChatMessageCrypto(Token, Key, "wx0000000000000000");

            var ex = AssertError(WeChatCryptoError.ValidateAppIdError, () => other.VerifyAndDecrypt(Official.Expected("msg_signature"), Official.Input("timestamp"), Official.Input("nonce"), Official.Input("encrypt")));

            Assert.Contains(AppId, ex.Message, StringComparison.Ordinal);
            Assert.Contains("wx0000000000000000", ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void AppID_comparison_is_ordinal()
        {
            var upper = new WeChatMessageCrypto(Token, Key, AppId.ToUpperInvariant());

            AssertError(WeChatCryptoError.ValidateAppIdError, () => upper.Decrypt(Official.Input("encrypt")));
        }

        [Theory]
        [InlineData("not base64!")]
        [InlineData("AAA")]
        [InlineData("AAAAA===")]
        public void Invalid_base64_throws_DecodeBase64Error(string encrypt)
        {
            AssertError(WeChatCryptoError.DecodeBase64Error, () => Crypto.Decrypt(encrypt));
        }

        [Theory]
        [InlineData(0)]
        [InlineData(15)]
        [InlineData(17)]
        [InlineData(33)]
        public void Ciphertext_that_is_not_whole_AES_blocks_throws_DecryptAesError(int length)
        {
            string encrypt = Convert.ToBase64String(new byte[length]);

            AssertError(WeChatCryptoError.DecryptAesError, () => Crypto.Decrypt(encrypt));
        }

        [Theory]
        [InlineData(0)]
        [InlineData(33)]
        [InlineData(255)]
        public void Pad_byte_outside_1_to_32_throws_IllegalBuffer(byte pad)
        {
            byte[] padded = WellFormedBuffer();
            padded[^1] = pad;

            AssertError(WeChatCryptoError.IllegalBuffer, () => Crypto.Decrypt(EncryptRaw(padded)));
        }

        [Fact]
        public void Pad_bytes_that_are_not_all_equal_throw_IllegalBuffer()
        {
            byte[] padded = WellFormedBuffer();
            int pad = padded[^1];
            Assert.True(pad > 1);
            padded[^pad] ^= 0x01;

            AssertError(WeChatCryptoError.IllegalBuffer, () => Crypto.Decrypt(EncryptRaw(padded)));
        }

        [Fact]
        public void Pad_longer_than_the_buffer_throws_IllegalBuffer()
        {
            byte[] padded = new byte[16];
            padded.AsSpan().Fill(20);

            AssertError(WeChatCryptoError.IllegalBuffer, () => Crypto.Decrypt(EncryptRaw(padded)));
        }

        [Fact]
        public void Buffer_too_short_for_the_header_throws_IllegalBuffer()
        {
            // 32 bytes of which 13 are padding leaves 19, one short of random(16) + length(4).
            byte[] padded = new byte[32];
            padded.AsSpan(19).Fill(13);

            AssertError(WeChatCryptoError.IllegalBuffer, () => Crypto.Decrypt(EncryptRaw(padded)));
        }

        [Theory]
        [InlineData(3u + 18u + 1u)]
        [InlineData(uint.MaxValue)]
        public void Length_field_beyond_the_buffer_throws_IllegalBuffer(uint declaredLength)
        {
            byte[] padded = WellFormedBuffer();
            BinaryPrimitives.WriteUInt32BigEndian(padded.AsSpan(16, 4), declaredLength);

            AssertError(WeChatCryptoError.IllegalBuffer, () => Crypto.Decrypt(EncryptRaw(padded)));
        }

        [Fact]
        public void Well_formed_hand_built_buffer_decrypts_so_the_negative_cases_test_one_fault_each()
        {
            Assert.Equal("abc"u8.ToArray(), Crypto.Decrypt(EncryptRaw(WellFormedBuffer())));
        }

        [Fact]
        public void Ciphertext_under_a_different_key_throws_IllegalBuffer_or_wrong_AppID()
        {
            var otherKey = new WeChatMessageCrypto(Token, "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB", AppId);

            var ex = Assert.Throws<WeChatCryptoException>(() => otherKey.Decrypt(Official.Input("encrypt")));

            Assert.Contains(ex.Error, new[] { WeChatCryptoError.IllegalBuffer, WeChatCryptoError.ValidateAppIdError });
        }

        [Theory]
        [InlineData(301)]
        [InlineData(-301)]
        [InlineData(86_400 * 365)]
        public void Timestamp_outside_the_window_throws_ValidateSignatureError_saying_stale(int clockOffsetSeconds)
        {
            var ex = AssertError(WeChatCryptoError.ValidateSignatureError, () => VerifyOfficialAt(clockOffsetSeconds));

            Assert.Contains("stale", ex.Message, StringComparison.Ordinal);
            Assert.Contains("TimestampWindow", ex.Message, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData(0)]
        [InlineData(300)]
        [InlineData(-300)]
        public void Timestamp_inside_the_window_is_accepted(int clockOffsetSeconds)
        {
            Assert.Equal(Official.GetProperty("derived_plaintext").GetString(), Encoding.UTF8.GetString(VerifyOfficialAt(clockOffsetSeconds)));
        }

        [Fact]
        public void Without_a_window_an_old_timestamp_is_accepted_like_the_official_samples()
        {
            // The published vector is from 2024; the default does not check freshness.
            Assert.NotEmpty(Crypto.VerifyAndDecrypt(Official.Expected("msg_signature"), Official.Input("timestamp"), Official.Input("nonce"), Official.Input("encrypt")));
        }

        [Theory]
        [InlineData("abc")]
        [InlineData("-1714112445")]
        [InlineData(" 1714112445")]
        [InlineData("")]
        [InlineData("99999999999999999999")]
        public void Timestamp_that_is_not_unix_seconds_throws_ValidateSignatureError_when_a_window_is_set(string timestamp)
        {
            var crypto = new WeChatMessageCrypto(Token, Key, AppId, new WeChatCryptoOptions
            {
                TimestampWindow = TimeSpan.FromMinutes(5),
                TimeProvider = new FixedTimeProvider(DateTimeOffset.UnixEpoch),
            });
            string encrypt = Official.Input("encrypt");
            string signature = WeChatSignature.ComputeMessageSignature(Token, timestamp, "1", encrypt);

            var ex = AssertError(WeChatCryptoError.ValidateSignatureError, () => crypto.VerifyMessageSignature(signature, timestamp, "1", encrypt));

            Assert.Contains("Unix seconds", ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Negative_window_is_rejected_at_construction()
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => new WeChatMessageCrypto(Token, Key, AppId, new WeChatCryptoOptions { TimestampWindow = TimeSpan.FromSeconds(-1) }));
        }

        [Theory]
        [InlineData("")]
        [InlineData("12a")]
        [InlineData("-1")]
        [InlineData("1713424427 ")]
        public void Reply_timestamp_that_is_not_digits_throws_GenReturnXmlError(string timestamp)
        {
            AssertError(WeChatCryptoError.GenReturnXmlError, () => Crypto.EncryptReply("<xml/>"u8, timestamp, "415670741"));
        }

        [Theory]
        [InlineData("a]]>b")]
        [InlineData("]]>")]
        [InlineData("a\u0000b")]
        public void Reply_nonce_that_would_break_the_envelope_throws_GenReturnXmlError(string nonce)
        {
            AssertError(WeChatCryptoError.GenReturnXmlError, () => Crypto.EncryptReply("<xml/>"u8, "1713424427", nonce));
        }

        private static byte[] VerifyOfficialAt(int clockOffsetSeconds)
        {
            long timestamp = long.Parse(Official.Input("timestamp"), System.Globalization.CultureInfo.InvariantCulture);
            var clock = new FixedTimeProvider(DateTimeOffset.FromUnixTimeSeconds(timestamp + clockOffsetSeconds));
            var crypto = new WeChatMessageCrypto(Token, Key, AppId, new WeChatCryptoOptions { TimestampWindow = TimeSpan.FromMinutes(5), TimeProvider = clock });

            return crypto.VerifyAndDecrypt(Official.Expected("msg_signature"), Official.Input("timestamp"), Official.Input("nonce"), Official.Input("encrypt"));
        }

        private static WeChatCryptoException AssertError(WeChatCryptoError expected, Action action)
        {
            var ex = Assert.Throws<WeChatCryptoException>(action);
            Assert.Equal(expected, ex.Error);
            Assert.Equal((int)expected, ex.Code);
            Assert.StartsWith($"{expected} ({(int)expected}): ", ex.Message, StringComparison.Ordinal);
            return ex;
        }

        private static WeChatCryptoException AssertError(WeChatCryptoError expected, Func<object> action) => AssertError(expected, () => { action(); });

        /// <summary>random(16) ‖ len=3 ‖ "abc" ‖ AppId, padded by hand to 64 bytes (pad 23).</summary>
        private static byte[] WellFormedBuffer()
        {
            byte[] appId = Encoding.UTF8.GetBytes(AppId);
            int full = 16 + 4 + 3 + appId.Length;
            int pad = 32 - (full % 32);
            byte[] buffer = new byte[full + pad];
            RandomNumberGenerator.Fill(buffer.AsSpan(0, 16));
            BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(16, 4), 3);
            "abc"u8.CopyTo(buffer.AsSpan(20));
            appId.CopyTo(buffer.AsSpan(23));
            buffer.AsSpan(full).Fill((byte)pad);
            return buffer;
        }

        private static string EncryptRaw(byte[] padded)
        {
            byte[] key = EncodingAesKey.Decode(Key);
            using var aes = Aes.Create();
            aes.Key = key;
            return Convert.ToBase64String(aes.EncryptCbc(padded, key.AsSpan(0, 16), PaddingMode.None));
        }
    }
}
