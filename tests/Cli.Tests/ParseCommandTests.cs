using System.Text;
using System.Text.Json;

namespace WeChat.OfficialAccount.Cli.Tests
{
    public class ParseCommandTests
    {
        [Fact]
        public void Parse_of_a_text_message_file_prints_one_json_line_with_typed_fields()
        {
            ToolResult result = WeChatTool.Run("parse", Reference.Fixture("msg_text.xml")).AssertSuccess();

            Assert.EndsWith("}\n", result.Stdout);
            Assert.Single(result.Stdout.TrimEnd('\n').Split('\n'));
            using JsonDocument json = JsonDocument.Parse(result.Stdout);
            JsonElement root = json.RootElement;
            Assert.Equal("TextMessage", root.GetProperty("$type").GetString());
            Assert.Equal("toUser", root.GetProperty("ToUserName").GetString());
            Assert.Equal("this is a test", root.GetProperty("Content").GetString());
            Assert.Equal(JsonValueKind.Number, root.GetProperty("CreateTime").ValueKind);
            Assert.Equal(1348831860, root.GetProperty("CreateTime").GetInt64());
            Assert.Equal(JsonValueKind.Number, root.GetProperty("MsgId").ValueKind);
            Assert.Equal(1234567890123456, root.GetProperty("MsgId").GetInt64());
            Assert.False(root.TryGetProperty("$unknown", out _));
        }

        [Fact]
        public void Parse_reads_standard_input_when_no_file_is_given_and_prints_the_same_json()
        {
            string fromFile = WeChatTool.Run("parse", Reference.Fixture("msg_text.xml")).AssertSuccess().Stdout;

            ToolResult fromStdin = WeChatTool.Run(Reference.FixtureBytes("msg_text.xml"), "parse").AssertSuccess();
            ToolResult fromDash = WeChatTool.Run(Reference.FixtureBytes("msg_text.xml"), "parse", "-").AssertSuccess();

            Assert.Equal(fromFile, fromStdin.Stdout);
            Assert.Equal(fromFile, fromDash.Stdout);
        }

        [Fact]
        public void Parse_prints_a_nested_list_as_a_json_array_of_objects()
        {
            ToolResult result = WeChatTool.Run(Reference.FixtureBytes("event_pic_photo_or_album.xml"), "parse").AssertSuccess();

            using JsonDocument json = JsonDocument.Parse(result.Stdout);
            JsonElement root = json.RootElement;
            Assert.Equal("PicPhotoOrAlbumEvent", root.GetProperty("$type").GetString());
            Assert.Equal("pic_photo_or_album", root.GetProperty("Event").GetString());
            JsonElement info = root.GetProperty("SendPicsInfo");
            Assert.Equal(1, info.GetProperty("Count").GetInt32());
            JsonElement list = info.GetProperty("PicList");
            Assert.Equal(JsonValueKind.Array, list.ValueKind);
            JsonElement item = Assert.Single(list.EnumerateArray());
            Assert.Equal("5a75aaca956d97be686719218f275c6b", item.GetProperty("PicMd5Sum").GetString());
        }

        [Fact]
        public void Parse_keeps_elements_the_spec_does_not_know_under_unknown_with_chinese_unescaped()
        {
            ToolResult result = WeChatTool.Run("parse", Reference.Fixture("msg_all_fields_superset_wxjava.xml")).AssertSuccess();

            using JsonDocument json = JsonDocument.Parse(result.Stdout);
            JsonElement root = json.RootElement;
            Assert.Equal("TextMessage", root.GetProperty("$type").GetString());
            Assert.Equal(1234567890123456, root.GetProperty("MsgId").GetInt64());
            JsonElement unknown = root.GetProperty("$unknown");
            Assert.Equal("位置信息", unknown.GetProperty("Label").GetString());
            Assert.Equal("qrcode", unknown.GetProperty("ScanCodeInfo").GetProperty("ScanType").GetString());
            Assert.False(root.TryGetProperty("Label", out _));

            Assert.Contains("\"Label\":\"位置信息\"", result.Stdout);
            Assert.DoesNotContain("\\u", result.Stdout);
        }

        [Fact]
        public void Parse_rejects_a_body_with_a_dtd_in_one_line()
        {
            byte[] body = Encoding.UTF8.GetBytes("<!DOCTYPE xml [<!ENTITY a \"aaaa\">]><xml><MsgType>text</MsgType><Content>&a;</Content></xml>");

            string error = WeChatTool.Run(body, "parse").AssertOneLineFailure();

            Assert.StartsWith("error: Invalid WeChat XML at byte ", error);
            Assert.Contains("DTD", error);
        }

        [Fact]
        public void Parse_rejects_a_truncated_body_in_one_line()
        {
            byte[] whole = Reference.FixtureBytes("msg_text.xml");

            string error = WeChatTool.Run(whole[..(whole.Length / 2)], "parse").AssertOneLineFailure();

            Assert.StartsWith("error: Invalid WeChat XML at byte ", error);
        }

        [Fact]
        public void Parse_rejects_a_non_numeric_msg_id_naming_the_element()
        {
            byte[] body = Encoding.UTF8.GetBytes(
                "<xml><ToUserName><![CDATA[a]]></ToUserName><FromUserName><![CDATA[b]]></FromUserName><CreateTime>1</CreateTime>" +
                "<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[x]]></Content><MsgId>12ab</MsgId></xml>");

            string error = WeChatTool.Run(body, "parse").AssertOneLineFailure();

            Assert.StartsWith("error: Invalid WeChat XML at byte ", error);
            Assert.Contains("MsgId", error);
            Assert.Contains("12ab", error);
        }

        [Fact]
        public void Parse_of_an_empty_standard_input_fails_in_one_line()
        {
            WeChatTool.Run("parse").AssertOneLineFailure();
        }

        [Fact]
        public void Parse_of_a_missing_file_fails_in_one_line_naming_the_file()
        {
            string missing = Reference.Fixture("no_such_payload.xml");

            string error = WeChatTool.Run("parse", missing).AssertOneLineFailure();

            Assert.Equal($"error: file not found: {missing}", error);
        }
    }
}
