using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;

namespace WeChat.OfficialAccount.Cli.Tests
{
    public class DecryptCommandTests
    {
        private const string EasyWeChatFixture = "crypto_easywechat_encrypted_request.xml";

        private static readonly JsonElement OfficialPush = Reference.Vector("official-safe-post-decrypt");

        [Fact]
        public void Decrypt_of_the_official_safe_mode_push_prints_its_plaintext()
        {
            ToolResult result = WeChatTool.Run(OfficialXmlBody(), OfficialArguments()).AssertSuccess();

            Assert.Equal(OfficialPush.GetProperty("derived_plaintext").GetString() + "\n", result.Stdout);
        }

        [Fact]
        public void Decrypt_accepts_the_json_form_of_the_official_push_body()
        {
            string json = JsonSerializer.Serialize(new Dictionary<string, string>
            {
                ["ToUserName"] = "gh_97417a04a28d",
                ["Encrypt"] = OfficialPush.Input("encrypt"),
            });

            ToolResult result = WeChatTool.Run(Encoding.UTF8.GetBytes(json), OfficialArguments()).AssertSuccess();

            Assert.Equal(OfficialPush.GetProperty("derived_plaintext").GetString() + "\n", result.Stdout);
        }

        [Fact]
        public void Decrypt_of_the_easywechat_request_file_prints_the_message_xml()
        {
            var settings = Reference.FixtureComment(EasyWeChatFixture);

            ToolResult result = WeChatTool.Run(
                "decrypt",
                "--token", settings["token"],
                "--aes-key", settings["EncodingAESKey"],
                "--app-id", settings["appId"],
                "--timestamp", settings["timestamp"],
                "--nonce", settings["nonce"],
                "--msg-signature", settings["msg_signature"],
                Reference.Fixture(EasyWeChatFixture)).AssertSuccess();

            Assert.StartsWith("<xml>", result.Stdout);
            Assert.EndsWith("</xml>\n", result.Stdout);
            Assert.Contains("<ToUserName><![CDATA[asdasdasd]]></ToUserName>", result.Stdout);
            Assert.Contains("<Content><![CDATA[hello]]></Content>", result.Stdout);
        }

        [Fact]
        public void Decrypt_with_a_wrong_msg_signature_fails_with_validate_signature_error()
        {
            string[] args = OfficialArguments("--msg-signature", "0000000000000000000000000000000000000000");

            string error = WeChatTool.Run(OfficialXmlBody(), args).AssertOneLineFailure();

            Assert.StartsWith("error: ValidateSignatureError (-40001): ", error);
        }

        [Fact]
        public void Decrypt_with_a_wrong_app_id_fails_with_validate_app_id_error()
        {
            string[] args = OfficialArguments("--app-id", "wx0000000000000000");

            string error = WeChatTool.Run(OfficialXmlBody(), args).AssertOneLineFailure();

            Assert.StartsWith("error: ValidateAppIdError (-40005): ", error);
            Assert.Contains(OfficialPush.Input("appid_or_receiveid"), error);
        }

        [Fact]
        public void Decrypt_error_quoting_an_app_id_with_a_line_break_stays_on_one_line()
        {
            string[] args = OfficialArguments("--app-id", "wx00000000\nsecond line");

            string error = WeChatTool.Run(OfficialXmlBody(), args).AssertOneLineFailure();

            Assert.StartsWith("error: ValidateAppIdError (-40005): ", error);
            Assert.Contains("wx00000000 second line", error);
        }

        [Fact]
        public void Decrypt_with_a_malformed_aes_key_fails_with_illegal_aes_key()
        {
            string[] args = OfficialArguments("--aes-key", "tooshort");

            string error = WeChatTool.Run(OfficialXmlBody(), args).AssertOneLineFailure();

            Assert.StartsWith("error: IllegalAesKey (-40004): ", error);
        }

        [Fact]
        public void Decrypt_of_a_body_without_encrypt_fails_with_parse_xml_error()
        {
            string error = WeChatTool.Run(Reference.FixtureBytes("msg_text.xml"), OfficialArguments()).AssertOneLineFailure();

            Assert.StartsWith("error: ParseXmlError (-40002): ", error);
        }

        [Fact]
        public void Decrypt_of_a_missing_file_fails_in_one_line()
        {
            string missing = Path.Combine(Reference.Root, "fixtures", "no_such_body.xml");
            string[] args = [.. OfficialArguments(), missing];

            string error = WeChatTool.Run(args).AssertOneLineFailure();

            Assert.Equal($"error: file not found: {missing}", error);
        }

        private static byte[] OfficialXmlBody() => Encoding.UTF8.GetBytes(
            "<xml><ToUserName><![CDATA[gh_97417a04a28d]]></ToUserName><Encrypt><![CDATA[" +
            OfficialPush.Input("encrypt") + "]]></Encrypt></xml>");

        // The official push's settings and query, with one option optionally replaced.
        private static string[] OfficialArguments(string? replace = null, string? with = null)
        {
            var values = new Dictionary<string, string>
            {
                ["--token"] = OfficialPush.Input("token"),
                ["--aes-key"] = OfficialPush.Input("encoding_aes_key"),
                ["--app-id"] = OfficialPush.Input("appid_or_receiveid"),
                ["--timestamp"] = OfficialPush.Input("timestamp"),
                ["--nonce"] = OfficialPush.Input("nonce"),
                ["--msg-signature"] = OfficialPush.Expected("msg_signature"),
            };
            if (replace is not null)
            {
                values[replace] = with!;
            }

            var args = new List<string> { "decrypt" };
            foreach (var (name, value) in values)
            {
                args.Add(name);
                args.Add(value);
            }

            return [.. args];
        }
    }
}
