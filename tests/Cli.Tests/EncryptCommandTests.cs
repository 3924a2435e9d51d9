using System;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;

namespace WeChat.OfficialAccount.Cli.Tests
{
    public class EncryptCommandTests
    {
        private static readonly JsonElement OfficialReply = Reference.Vector("official-safe-reply-encrypt");

        [Fact]
        public void Encrypt_with_random_reproduces_the_official_reply_envelope()
        {
            ToolResult result = WeChatTool.Run(
                Encoding.UTF8.GetBytes(OfficialReply.Input("plaintext")),
                EncryptArguments(OfficialReply, "--random", OfficialReply.Input("random16"))).AssertSuccess();

            Assert.EndsWith("</xml>\n", result.Stdout);
            XElement envelope = XElement.Parse(result.Stdout);
            Assert.Equal(OfficialReply.Expected("encrypt"), (string?)envelope.Element("Encrypt"));
            Assert.Equal(OfficialReply.Expected("msg_signature"), (string?)envelope.Element("MsgSignature"));
            Assert.Equal(OfficialReply.Input("timestamp"), (string?)envelope.Element("TimeStamp"));
            Assert.Equal(OfficialReply.Input("nonce"), (string?)envelope.Element("Nonce"));
        }

        [Fact]
        public void Encrypt_reads_a_chinese_plaintext_as_utf8_and_reproduces_the_official_java_sample()
        {
            JsonElement sample = Reference.Vector("official-sample-java-short");
            string[] args =
            [
                "encrypt",
                "--token", sample.Input("token"),
                "--aes-key", sample.Input("encoding_aes_key"),
                "--app-id", sample.Input("appid_or_receiveid"),
                "--timestamp", "1409304348",
                "--nonce", "xxxxxx",
                "--random", sample.Input("random16"),
            ];

            ToolResult result = WeChatTool.Run(Encoding.UTF8.GetBytes(sample.Input("plaintext")), args).AssertSuccess();

            Assert.Equal(sample.Expected("encrypt"), (string?)XElement.Parse(result.Stdout).Element("Encrypt"));
        }

        [Fact]
        public void Encrypt_then_decrypt_through_the_tool_gives_back_the_reply()
        {
            byte[] reply = Reference.FixtureBytes("reply_text.xml");

            ToolResult encrypted = WeChatTool.Run(reply, EncryptArguments(OfficialReply)).AssertSuccess();
            string msgSignature = (string)XElement.Parse(encrypted.Stdout).Element("MsgSignature")!;

            ToolResult decrypted = WeChatTool.Run(
                Encoding.UTF8.GetBytes(encrypted.Stdout),
                "decrypt",
                "--token", OfficialReply.Input("token"),
                "--aes-key", OfficialReply.Input("encoding_aes_key"),
                "--app-id", OfficialReply.Input("appid_or_receiveid"),
                "--timestamp", OfficialReply.Input("timestamp"),
                "--nonce", OfficialReply.Input("nonce"),
                "--msg-signature", msgSignature).AssertSuccess();

            Assert.Equal(Encoding.UTF8.GetString(reply) + "\n", decrypted.Stdout);
        }

        [Fact]
        public void Encrypt_without_random_draws_a_fresh_prefix_each_time()
        {
            byte[] reply = Encoding.UTF8.GetBytes(OfficialReply.Input("plaintext"));

            string first = WeChatTool.Run(reply, EncryptArguments(OfficialReply)).AssertSuccess().Stdout;
            string second = WeChatTool.Run(reply, EncryptArguments(OfficialReply)).AssertSuccess().Stdout;

            Assert.NotEqual((string?)XElement.Parse(first).Element("Encrypt"), (string?)XElement.Parse(second).Element("Encrypt"));
        }

        [Theory]
        [InlineData("707722b80318295")]
        [InlineData("707722b8031829500")]
        [InlineData("微信微信微信微信微信微信微信微信")]
        public void Encrypt_rejects_a_random_prefix_that_is_not_sixteen_ascii_characters(string random)
        {
            byte[] reply = Encoding.UTF8.GetBytes(OfficialReply.Input("plaintext"));

            string error = WeChatTool.Run(reply, EncryptArguments(OfficialReply, "--random", random)).AssertOneLineFailure();

            Assert.StartsWith("error: --random must be exactly 16 ", error);
        }

        [Fact]
        public void Encrypt_with_a_non_numeric_timestamp_fails_with_gen_return_xml_error()
        {
            byte[] reply = Encoding.UTF8.GetBytes(OfficialReply.Input("plaintext"));
            string[] args = EncryptArguments(OfficialReply);
            args[Array.IndexOf(args, "--timestamp") + 1] = "soon";

            string error = WeChatTool.Run(reply, args).AssertOneLineFailure();

            Assert.StartsWith("error: GenReturnXmlError (-40011): ", error);
        }

        private static string[] EncryptArguments(JsonElement vector, params string[] extra) =>
        [
            "encrypt",
            "--token", vector.Input("token"),
            "--aes-key", vector.Input("encoding_aes_key"),
            "--app-id", vector.Input("appid_or_receiveid"),
            "--timestamp", vector.Input("timestamp"),
            "--nonce", vector.Input("nonce"),
            .. extra,
        ];
    }
}
