using System;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using WeChat.OfficialAccount.Events;
using WeChat.OfficialAccount.Messages;

namespace WeChat.OfficialAccount.Cli.Tests
{
    public sealed class SimulateCommandTests : IAsyncLifetime
    {
        private SimulatorBot _bot = null!;

        public async Task InitializeAsync() => _bot = await SimulatorBot.StartAsync();

        public async Task DisposeAsync() => await _bot.DisposeAsync();

        [Fact]
        public void Text_in_plaintext_mode_is_signed_like_wechat_and_prints_the_echo_and_its_typed_json()
        {
            string stdout = Simulate("text", "--content", "你好 bot", "--from", "o_alice", "--to", "gh_account").AssertSuccess().Stdout;

            string[] blocks = stdout.TrimEnd('\n').Split("\n\n");
            Assert.Equal(2, blocks.Length);
            Assert.Contains("<Content><![CDATA[echo: 你好 bot]]></Content>", blocks[0]);
            using JsonDocument json = JsonDocument.Parse(blocks[1]);
            Assert.Equal("TextReply", json.RootElement.GetProperty("$type").GetString());
            Assert.Equal("echo: 你好 bot", json.RootElement.GetProperty("Content").GetString());
            Assert.Equal("o_alice", json.RootElement.GetProperty("ToUserName").GetString());

            RecordedPush push = Assert.Single(_bot.Pushes);
            Assert.Equal("o_alice", push.Query["openid"]);
            Assert.False(push.Query.ContainsKey("encrypt_type"));
            Assert.StartsWith("text/xml", push.ContentType);
            TextMessage text = Assert.IsType<TextMessage>(push.Message);
            Assert.Equal(("gh_account", "o_alice", "你好 bot"), (text.ToUserName, text.FromUserName, text.Content));
            Assert.NotEqual(0, text.MsgId);
            Assert.Equal(push.Query["timestamp"], text.CreateTime.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        [Fact]
        public void Text_in_safe_mode_is_encrypted_and_the_encrypted_echo_is_verified_and_decrypted()
        {
            string stdout = Simulate("text", "--content", "secret", "--aes-key", SimulatorBot.AesKey, "--app-id", SimulatorBot.AppId)
                .AssertSuccess().Stdout;

            Assert.Contains("<Content><![CDATA[echo: secret]]></Content>", stdout);
            Assert.DoesNotContain("<Encrypt>", stdout);
            RecordedPush push = Assert.Single(_bot.Pushes);
            Assert.Equal("aes", push.Query["encrypt_type"]);
            Assert.True(push.Query.ContainsKey("msg_signature"));
            string body = System.Text.Encoding.UTF8.GetString(push.Body);
            Assert.Contains("<ToUserName><![CDATA[gh_simulator]]></ToUserName>", body);
            Assert.DoesNotContain("secret", body);
            Assert.Equal("secret", Assert.IsType<TextMessage>(push.Message).Content);
        }

        [Fact]
        public void Text_in_compatible_mode_carries_the_plaintext_and_its_Encrypt_in_one_body()
        {
            string stdout = Simulate("text", "--content", "both", "--aes-key", SimulatorBot.AesKey, "--app-id", SimulatorBot.AppId, "--compatible")
                .AssertSuccess().Stdout;

            Assert.Contains("<Content><![CDATA[echo: both]]></Content>", stdout);
            RecordedPush push = Assert.Single(_bot.Pushes);
            Assert.Equal("aes", push.Query["encrypt_type"]);
            string body = System.Text.Encoding.UTF8.GetString(push.Body);
            Assert.Contains("<Content><![CDATA[both]]></Content>", body);
            Assert.Matches(@"<Encrypt><!\[CDATA\[[A-Za-z0-9+/=]+\]\]></Encrypt>\n</xml>$", body);
            Assert.Equal("both", Assert.IsType<TextMessage>(push.Message).Content); // decrypted from Encrypt, msg_signature checked
        }

        [Fact]
        public void A_plaintext_reply_is_read_in_compatible_mode_and_refused_in_safe_mode()
        {
            string compatible = Simulate("text", "--content", SimulatorBot.PlainReplyContent, "--aes-key", SimulatorBot.AesKey, "--app-id", SimulatorBot.AppId, "--compatible")
                .AssertSuccess().Stdout;
            string safe = Simulate("text", "--content", SimulatorBot.PlainReplyContent, "--aes-key", SimulatorBot.AesKey, "--app-id", SimulatorBot.AppId)
                .AssertOneLineFailure();

            Assert.Contains($"<Content><![CDATA[echo: {SimulatorBot.PlainReplyContent}]]></Content>", compatible);
            Assert.Equal("error: reply: ParseXmlError (-40002): the reply has no Encrypt element; in safe mode WeChat accepts only an encrypted reply (or success)", safe);
        }

        [Fact]
        public void Compatible_mode_without_a_key_fails_with_one_line()
        {
            Assert.Equal(
                "error: --compatible needs --aes-key and --app-id: compatible mode adds the encrypted message to the plaintext one",
                Simulate("text", "--compatible").AssertOneLineFailure());
        }

        [Fact]
        public void A_reply_whose_msg_signature_does_not_match_fails_with_the_official_code_name()
        {
            string error = Simulate("text", "--content", SimulatorBot.TamperContent, "--aes-key", SimulatorBot.AesKey, "--app-id", SimulatorBot.AppId)
                .AssertOneLineFailure();

            Assert.StartsWith("error: reply: ValidateSignatureError (-40001): ", error);
        }

        [Fact]
        public void A_push_sealed_with_another_app_id_gets_the_bots_400_and_its_reason()
        {
            string error = Simulate("text", "--aes-key", SimulatorBot.AesKey, "--app-id", "wx_other_app").AssertOneLineFailure();

            Assert.StartsWith("error: HTTP 400 Bad Request: ValidateAppIdError (-40005)", error);
        }

        [Fact]
        public void An_event_answered_with_success_prints_no_reply()
        {
            string stdout = Simulate("click", "--event-key", "V1001_TODAY_MUSIC").AssertSuccess().Stdout;

            Assert.Equal("(no reply: success)\n", stdout);
            ClickEvent click = Assert.IsType<ClickEvent>(Assert.Single(_bot.Pushes).Message);
            Assert.Equal(("CLICK", "V1001_TODAY_MUSIC"), (click.Event, click.EventKey));
        }

        [Fact]
        public void Subscribe_takes_an_optional_event_key_the_type_declares()
        {
            Simulate("subscribe", "--event-key", "qrscene_42").AssertSuccess();

            Assert.Equal("42", Assert.IsType<SubscribeEvent>(Assert.Single(_bot.Pushes).Message).QrScene);
        }

        [Fact]
        public void Repeat_sends_the_same_body_concurrently_and_numbers_the_identical_replies()
        {
            string stdout = Simulate("text", "--repeat", "3", "--content", "again").AssertSuccess().Stdout;

            Assert.Equal(3, _bot.Pushes.Count);
            Assert.Single(_bot.Pushes.Select(p => Convert.ToBase64String(p.Body)).Distinct());
            Assert.Single(_bot.Pushes.Select(p => Assert.IsType<TextMessage>(p.Message).MsgId).Distinct());
            Assert.Contains("reply 1 of 3:\n<xml>", stdout);
            Assert.Contains("reply 2 of 3 (identical to reply 1):\n", stdout);
            Assert.Contains("reply 3 of 3 (identical to reply 1):\n", stdout);
            Assert.Equal(3 * 2, stdout.Split("echo: again").Length - 1); // every reply in full: its XML and its JSON
        }

        [Fact]
        public void A_wrong_token_gets_the_bots_401_and_fails_with_the_status()
        {
            string error = WeChatTool.Run("simulate", "text", "--url", _bot.Url, "--token", "wrong_token").AssertOneLineFailure();

            Assert.StartsWith("error: HTTP 401 Unauthorized", error);
            Assert.Single(_bot.Pushes);
        }

        [Theory]
        [InlineData("/elsewhere", "error: HTTP 404 Not Found: nothing answers at this URL; check that --url ends with the bot's webhook path (the QuickStart's is /wechat)")]
        [InlineData("/get-only", "error: HTTP 405 Method Not Allowed: this URL does not take POST; check that --url ends with the bot's webhook path (the QuickStart's is /wechat)")]
        public void A_url_that_is_not_the_webhook_fails_with_the_status_and_what_to_check(string path, string expected)
        {
            string url = _bot.Url[..^"/wechat".Length] + path;

            string error = WeChatTool.Run("simulate", "text", "--url", url, "--token", SimulatorBot.Token).AssertOneLineFailure();

            Assert.Equal(expected, error);
            Assert.Empty(_bot.Pushes);
        }

        [Fact]
        public void File_sends_a_fixture_body_verbatim_with_its_sender_as_openid()
        {
            byte[] fixture = Reference.FixtureBytes("msg_text.xml");

            string stdout = WeChatTool.Run("simulate", "--file", Reference.Fixture("msg_text.xml"), "--url", _bot.Url, "--token", SimulatorBot.Token)
                .AssertSuccess().Stdout;

            Assert.Contains("<Content><![CDATA[echo: this is a test]]></Content>", stdout);
            RecordedPush push = Assert.Single(_bot.Pushes);
            Assert.Equal(fixture, push.Body);
            Assert.Equal("fromUser", push.Query["openid"]);
            Assert.Equal(1234567890123456, Assert.IsType<TextMessage>(push.Message).MsgId);
        }

        [Fact]
        public void File_in_safe_mode_is_encrypted_in_an_envelope_addressed_to_its_account()
        {
            string stdout = WeChatTool.Run(
                "simulate", "--file", Reference.Fixture("msg_text.xml"), "--url", _bot.Url, "--token", SimulatorBot.Token,
                "--aes-key", SimulatorBot.AesKey, "--app-id", SimulatorBot.AppId).AssertSuccess().Stdout;

            Assert.Contains("echo: this is a test", stdout);
            Assert.Contains("<ToUserName><![CDATA[toUser]]></ToUserName>", System.Text.Encoding.UTF8.GetString(Assert.Single(_bot.Pushes).Body));
        }

        [Fact]
        public void List_prints_message_and_event_types()
        {
            string stdout = WeChatTool.Run("simulate", "--list").AssertSuccess().Stdout;

            Assert.Matches(@"(?m)^text +message +TextMessage$", stdout);
            Assert.Matches(@"(?m)^CLICK +event +ClickEvent$", stdout);
            Assert.Matches(@"(?m)^subscribe +event +SubscribeEvent$", stdout);
        }

        [Fact]
        public void An_unknown_type_fails_with_one_line_before_sending()
        {
            string error = Simulate("no_such_type").AssertOneLineFailure();

            Assert.StartsWith("error: unknown message or event type 'no_such_type'", error);
            Assert.Empty(_bot.Pushes);
        }

        [Fact]
        public void Neither_type_nor_file_fails_with_one_line_that_points_at_list()
        {
            Assert.StartsWith("error: nothing to send: ", Simulate().AssertOneLineFailure());
        }

        [Fact]
        public void A_type_that_differs_from_a_message_and_an_event_only_in_case_must_be_spelled_exactly()
        {
            Assert.StartsWith("error: 'Location' is ambiguous", Simulate("Location").AssertOneLineFailure());

            Simulate("LOCATION").AssertSuccess();
            Simulate("location").AssertSuccess();
            Assert.Collection(
                _bot.Pushes,
                p => Assert.IsType<LocationEvent>(p.Message),
                p => Assert.IsType<LocationMessage>(p.Message));
        }

        [Fact]
        public void Field_sets_an_optional_element_the_type_declares()
        {
            Simulate("voice", "--field", "Recognition=你好，世界").AssertSuccess();

            VoiceMessage voice = Assert.IsType<VoiceMessage>(Assert.Single(_bot.Pushes).Message);
            Assert.Equal("你好，世界", voice.Recognition);
            Assert.False(voice.HasUnknownElements);
        }

        [Fact]
        public void Field_sets_a_nested_element_by_its_path_and_keeps_everything_after_the_first_equals_sign()
        {
            Simulate("scancode_push", "--field", "ScanCodeInfo/ScanResult=a=b", "--field", "ScanCodeInfo/ScanType=barcode").AssertSuccess();

            ScanCodePushEvent scan = Assert.IsType<ScanCodePushEvent>(Assert.Single(_bot.Pushes).Message);
            Assert.Equal(("barcode", "a=b"), (scan.ScanCodeInfo.ScanType, scan.ScanCodeInfo.ScanResult));
        }

        [Fact]
        public void Field_MsgId_sends_the_same_delivery_in_separate_runs()
        {
            Simulate("text", "--field", "MsgId=4242").AssertSuccess();
            Simulate("text", "--field", "MsgId=4242").AssertSuccess();

            Assert.All(_bot.Pushes, p => Assert.Equal(4242, Assert.IsType<TextMessage>(p.Message).MsgId));
            Assert.Equal(2, _bot.Pushes.Count);
        }

        [Theory]
        [InlineData("voice --field Nope=1", "error: --field Nope does not apply to message voice: VoiceMessage has no Nope")]
        [InlineData("scancode_push --field ScanCodeInfo/Nope=1", "error: --field ScanCodeInfo/Nope does not apply to event scancode_push: ScanCodePushEvent has no ScanCodeInfo/Nope")]
        [InlineData("scancode_push --field ScanCodeInfo=x", "error: --field ScanCodeInfo: ScanCodeInfo of ScanCodePushEvent holds elements, set them one by one: ScanCodeInfo/ScanType, ScanCodeInfo/ScanResult")]
        [InlineData("voice --field Recognition", "error: --field 'Recognition' is not NAME=VALUE")]
        [InlineData("voice --field =x", "error: --field '=x' is not NAME=VALUE")]
        [InlineData("voice --field 1st=x", "error: --field '1st=x' does not name an element: NAME is the element's wire name, Parent/Child for a nested one")]
        [InlineData("voice --field A//B=x", "error: --field 'A//B=x' does not name an element: NAME is the element's wire name, Parent/Child for a nested one")]
        [InlineData("text --content y --field Content=x", "error: --field 'Content=x' sets Content, which --content already sets")]
        [InlineData("voice --field Recognition=a --field Recognition=b", "error: --field 'Recognition=b' sets Recognition, which --field Recognition already sets")]
        [InlineData("text --field FromUserName=x", "error: --field 'FromUserName=x' is the sender: use --from")]
        [InlineData("text --field ToUserName=x", "error: --field 'ToUserName=x' is the account: use --to")]
        [InlineData("text --field CreateTime=1", "error: --field 'CreateTime=1' is the time of sending, which the signed query's timestamp repeats")]
        [InlineData("CLICK --field Event=VIEW", "error: --field 'Event=VIEW' comes from TYPE")]
        [InlineData("text --field MsgId=abc", "error: message text: Invalid WeChat XML at byte 205: <MsgId>: 'abc' is not a 64-bit integer")]
        public void A_field_that_cannot_be_set_fails_with_one_line_before_sending(string arguments, string expected)
        {
            Assert.Equal(expected, Simulate(arguments.Split(' ')).AssertOneLineFailure());
            Assert.Empty(_bot.Pushes);
        }

        [Fact]
        public void Field_with_file_is_an_error()
        {
            string error = Simulate("--file", Reference.Fixture("msg_text.xml"), "--field", "Content=x").AssertOneLineFailure();

            Assert.Equal("error: --field sets a field of a built payload; with --file the body is sent as given", error);
            Assert.Empty(_bot.Pushes);
        }

        [Fact]
        public void An_option_for_a_field_the_type_lacks_is_an_error()
        {
            string error = Simulate("image", "--content", "hi").AssertOneLineFailure();

            Assert.Equal("error: --content does not apply to message image: ImageMessage has no Content", error);
            Assert.Empty(_bot.Pushes);
        }

        [Fact]
        public void A_refused_connection_fails_with_one_line()
        {
            string error = WeChatTool.Run("simulate", "text", "--url", "http://127.0.0.1:1/wechat", "--token", "t").AssertOneLineFailure();

            Assert.StartsWith("error: cannot reach http://127.0.0.1:1/wechat: ", error);
        }

        [Fact]
        public void A_bot_slower_than_the_timeout_fails_with_one_line()
        {
            string error = Simulate("text", "--content", SimulatorBot.SlowContent, "--timeout", "0.5").AssertOneLineFailure();

            Assert.Equal($"error: no reply from {_bot.Url} within 0.5 s (WeChat waits 5 s, then retries)", error);
        }

        [Fact]
        public void A_reply_that_came_only_because_the_timeout_exceeds_WeChat_s_5_seconds_is_printed_with_a_warning()
        {
            ToolResult result = Simulate("text", "--content", SimulatorBot.LateContent, "--timeout", "20");

            Assert.Equal(0, result.ExitCode);
            Assert.Contains("echo: " + SimulatorBot.LateContent, result.Stdout, StringComparison.Ordinal);
            Assert.Matches(
                @"^warning: the reply came after [0-9]+\.[0-9] s, past the 5 s WeChat waits: WeChat would have dropped the connection and sent the push again \(three tries in all\), and this answer would never reach the user\n$",
                result.Stderr);
        }

        private ToolResult Simulate(params string[] args) =>
            WeChatTool.Run(["simulate", .. args, "--url", _bot.Url, "--token", SimulatorBot.Token]);
    }
}
