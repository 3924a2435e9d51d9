using System;
using WeChat.OfficialAccount.Security;

namespace WeChat.OfficialAccount.Tests.Security
{
    public class EncodingAesKeyTests
    {
        // crypto.md §5 quirk 2: published keys whose last character has non-zero low bits.
        public static TheoryData<string> NonCanonicalKeys => new()
        {
            "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
            "68JptSBfCdTa12VRKa3Ztv4cDRbqlor8Kgy6c9l6bKK",
            "kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR",
            "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C",
        };

        [Theory]
        [MemberData(nameof(NonCanonicalKeys))]
        public void Non_canonical_published_keys_construct(string key)
        {
            var crypto = new WeChatMessageCrypto("token", key, "wx0000000000000000");

            Assert.NotNull(crypto);
        }

        [Theory]
        [MemberData(nameof(NonCanonicalKeys))]
        public void Non_canonical_key_decodes_as_if_its_dropped_bits_were_zero(string key)
        {
            const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
            int last = Alphabet.IndexOf(key[^1], StringComparison.Ordinal);
            Assert.NotEqual(0, last & 3);

            // With the two dropped bits cleared the key is canonical, so even a strict decoder agrees.
            string canonical = key[..^1] + Alphabet[last & ~3];
            byte[] expected = Convert.FromBase64String(canonical + "=");

            Assert.Equal(expected, EncodingAesKey.Decode(key));
        }

        [Theory]
        [InlineData("")]
        [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
        [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
        [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
        [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
        [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA-")]
        [InlineData("AAAAAAAAAAAAAAAAAAAA AAAAAAAAAAAAAAAAAAAAAA")]
        public void Key_that_is_not_43_base64_characters_throws_IllegalAesKey(string key)
        {
            var ex = Assert.Throws<WeChatCryptoException>(() => new WeChatMessageCrypto("token", key, "wx0000000000000000"));

            Assert.Equal(WeChatCryptoError.IllegalAesKey, ex.Error);
            Assert.Equal(-40004, ex.Code);
            Assert.StartsWith("IllegalAesKey (-40004): the EncodingAESKey ", ex.Message, StringComparison.Ordinal);
        }
    }
}
