using System.IO;
using System.Linq;
using System.Text.Json;

namespace WeChat.OfficialAccount.Cli.Tests
{
    public class SignCommandTests
    {
        public static TheoryData<string> UrlSignatureVectors =>
            new(Reference.VectorsOfKind("url_signature").Select(v => v.GetProperty("id").GetString()!));

        [Theory]
        [MemberData(nameof(UrlSignatureVectors))]
        public void Sign_prints_the_published_signature(string id)
        {
            JsonElement vector = Reference.Vector(id);

            ToolResult result = WeChatTool.Run(
                "sign",
                "--token", vector.Input("token"),
                "--timestamp", vector.Input("timestamp"),
                "--nonce", vector.Input("nonce")).AssertSuccess();

            Assert.Equal(vector.Expected("signature") + "\n", result.Stdout);
        }

        [Theory]
        [InlineData("official-safe-post-decrypt")]
        [InlineData("official-safe-reply-encrypt")]
        [InlineData("crypto_easywechat_encrypted_request.xml")]
        public void Sign_with_encrypt_prints_the_published_msg_signature(string source)
        {
            (string token, string timestamp, string nonce, string encrypt, string expected) = MsgSignatureCase(source);

            ToolResult result = WeChatTool.Run(
                "sign", "--token", token, "--timestamp", timestamp, "--nonce", nonce, "--encrypt", encrypt).AssertSuccess();

            Assert.Equal(expected + "\n", result.Stdout);
        }

        [Fact]
        public void Sign_without_a_required_option_fails_in_one_line_naming_it()
        {
            string error = WeChatTool.Run("sign", "--token", "AAAAA", "--timestamp", "1714036504").AssertOneLineFailure();

            Assert.Contains("--nonce", error);
            Assert.Contains("wechat sign --help", error);
        }

        // A published msg_signature and what it signs: from a vector, or from the EasyWeChat fixture's comment.
        private static (string Token, string Timestamp, string Nonce, string Encrypt, string Expected) MsgSignatureCase(string source)
        {
            if (source.EndsWith(".xml", System.StringComparison.Ordinal))
            {
                var settings = Reference.FixtureComment(source);
                string encrypt = Reference.EncryptOf(File.ReadAllText(Reference.Fixture(source)));
                return (settings["token"], settings["timestamp"], settings["nonce"], encrypt, settings["msg_signature"]);
            }

            JsonElement vector = Reference.Vector(source);
            string signed = vector.GetProperty("input").TryGetProperty("encrypt", out JsonElement input)
                ? input.GetString()!
                : vector.Expected("encrypt");
            return (vector.Input("token"), vector.Input("timestamp"), vector.Input("nonce"), signed, vector.Expected("msg_signature"));
        }
    }
}
