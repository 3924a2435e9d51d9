using System.Text.Json;
using WeChat.OfficialAccount.Security;

namespace WeChat.OfficialAccount.Tests.Security
{
    public class WeChatSignatureTests
    {
        public static TheoryData<string> UrlSignatureVectors => CryptoReference.IdsOfKind("url_signature");

        public static TheoryData<string> MessageSignatureVectors => CryptoReference.IdsOfKind("msg_signature+decrypt");

        [Theory]
        [MemberData(nameof(UrlSignatureVectors))]
        public void Compute_matches_published_url_signature(string id)
        {
            JsonElement v = CryptoReference.Vector(id);

            string signature = WeChatSignature.Compute(v.Input("token"), v.Input("timestamp"), v.Input("nonce"));

            Assert.Equal(v.Expected("signature"), signature);
        }

        [Theory]
        [MemberData(nameof(UrlSignatureVectors))]
        public void Verify_accepts_published_url_signature_in_either_case(string id)
        {
            JsonElement v = CryptoReference.Vector(id);
            string expected = v.Expected("signature");

            Assert.True(WeChatSignature.Verify(expected, v.Input("token"), v.Input("timestamp"), v.Input("nonce")));
            Assert.True(WeChatSignature.Verify(expected.ToUpperInvariant(), v.Input("token"), v.Input("timestamp"), v.Input("nonce")));
        }

        [Theory]
        [MemberData(nameof(MessageSignatureVectors))]
        public void ComputeMessageSignature_matches_published_msg_signature(string id)
        {
            JsonElement v = CryptoReference.Vector(id);

            string signature = WeChatSignature.ComputeMessageSignature(v.Input("token"), v.Input("timestamp"), v.Input("nonce"), v.Input("encrypt"));

            Assert.Equal(v.Expected("msg_signature"), signature);
            Assert.True(WeChatSignature.VerifyMessageSignature(signature.ToUpperInvariant(), v.Input("token"), v.Input("timestamp"), v.Input("nonce"), v.Input("encrypt")));
        }

        [Fact]
        public void Signature_does_not_depend_on_argument_order_because_values_are_sorted()
        {
            // Swapping the roles of the values must not change the hash: it is taken over the sorted set.
            Assert.Equal(WeChatSignature.Compute("AAAAA", "1714036504", "1514711492"), WeChatSignature.Compute("1514711492", "AAAAA", "1714036504"));
            Assert.Equal(
                WeChatSignature.ComputeMessageSignature("t", "2", "1", "zz"),
                WeChatSignature.ComputeMessageSignature("zz", "1", "t", "2"));
        }

        [Fact]
        public void Sorting_is_ordinal_so_upper_case_precedes_lower_case()
        {
            // Culture-aware sorting gives "1", "a", "B"; ordinal gives "1" (0x31), "B" (0x42), "a" (0x61).
            string expected = Sha1Hex("1Ba");
            Assert.Equal(expected, WeChatSignature.Compute("a", "B", "1"));
        }

        [Fact]
        public void Message_signature_over_a_large_encrypt_value_uses_the_pooled_path_correctly()
        {
            string encrypt = new string('x', 10_000);
            Assert.Equal(Sha1Hex("1" + "2" + "t" + encrypt), WeChatSignature.ComputeMessageSignature("t", "1", "2", encrypt));
        }

        [Theory]
        [InlineData(null)]
        [InlineData("")]
        [InlineData("f464b24fc39322e44b38aa78f5edd27bd144169")]
        [InlineData("f464b24fc39322e44b38aa78f5edd27bd14416960")]
        [InlineData("f464b24fc39322e44b38aa78f5edd27bd144169g")]
        [InlineData("f464b24fc39322e44b38aa78f5edd27bd1441697")]
        public void Verify_rejects_missing_wrong_length_non_hex_or_different_signature(string? signature)
        {
            Assert.False(WeChatSignature.Verify(signature, "AAAAA", "1714036504", "1514711492"));
        }

        [Fact]
        public void VerifyMessageSignature_rejects_a_signature_over_a_different_encrypt_value()
        {
            JsonElement v = CryptoReference.Vector("official-safe-post-decrypt");

            Assert.False(WeChatSignature.VerifyMessageSignature(v.Expected("msg_signature"), v.Input("token"), v.Input("timestamp"), v.Input("nonce"), v.Input("encrypt") + "A"));
        }

        private static string Sha1Hex(string text) =>
            System.Convert.ToHexStringLower(System.Security.Cryptography.SHA1.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
    }
}
