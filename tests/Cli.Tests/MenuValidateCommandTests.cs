using System;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;

namespace WeChat.OfficialAccount.Cli.Tests
{
    public sealed class MenuValidateCommandTests : IDisposable
    {
        private readonly string _directory = Directory.CreateTempSubdirectory("wechat-menu-").FullName;

        public void Dispose() => Directory.Delete(_directory, recursive: true);

        private string Write(string name, string json)
        {
            string path = Path.Combine(_directory, name);
            File.WriteAllText(path, json, new UTF8Encoding(false));
            return path;
        }

        [Fact]
        public void A_valid_menu_prints_only_one_success_line_and_exits_zero()
        {
            string path = Write("main.menu.json", """
                {"button":[
                  {"type":"click","name":"今日歌曲","key":"V1001_TODAY_MUSIC"},
                  {"name":"菜单","sub_button":[
                    {"type":"view","name":"搜索","url":"http://www.soso.com/"},
                    {"type":"miniprogram","name":"wxa","url":"http://mp.weixin.qq.com","appid":"wx286b93c14bbf93aa","pagepath":"pages/lunar/index"},
                    {"type":"click","name":"赞一下我们","key":"V1001_GOOD"}]}]}
                """);

            ToolResult result = WeChatTool.Run("menu", "validate", path).AssertSuccess();

            Assert.Equal($"{path}: menu is valid (2 buttons, 3 sub-buttons)\n", result.Stdout);
        }

        [Fact]
        public void A_broken_menu_prints_each_violation_with_its_id_and_one_based_line_and_column_and_exits_one()
        {
            string path = Write("broken.menu.json", """
                {"button":[
                  {"type":"click","name":"今日歌曲推荐","key":"A"},
                  {"type":"click","name":"b","key":"A"},
                  {"type":"view","name":"c","url":"ftp://x"}],
                 "matchrule":{"sex":"1"}}
                """);

            ToolResult result = WeChatTool.Run("menu", "validate", path);

            Assert.Equal(1, result.ExitCode);
            Assert.Equal(string.Empty, result.Stderr);
            Assert.Equal(
                new[]
                {
                    $"{path}(2,26): error WXM003: Button name '今日歌曲推荐' is 18 UTF-8 bytes; a top-level name allows 16",
                    $"{path}(3,36): warning WXM008: Key 'A' is used by another button of this menu; handlers cannot tell them apart",
                    $"{path}(4,35): error WXM005: The url 'ftp://x' must start with http:// or https://",
                    $"{path}(5,21): error WXM013: Match rules on 'sex' are no longer accepted (the platform answers 65320); use tag_id or client_platform_type",
                    $"{path}(5,14): error WXM010: A conditional menu's match rule needs tag_id or client_platform_type (an empty rule is rejected with 65304)",
                },
                result.Stdout.TrimEnd('\n').Split('\n'));
        }

        [Fact]
        public void Warnings_alone_print_their_lines_and_the_success_line_and_exit_zero()
        {
            string path = Write("dup.menu.json", """{"button":[{"type":"click","name":"a","key":"K"},{"type":"click","name":"b","key":"K"}]}""");

            ToolResult result = WeChatTool.Run("menu", "validate", path).AssertSuccess();

            Assert.Equal(
                new[] { $"{path}(1,83): warning WXM008: Key 'K' is used by another button of this menu; handlers cannot tell them apart", $"{path}: menu is valid (2 buttons, 0 sub-buttons)" },
                result.Stdout.TrimEnd('\n').Split('\n'));
        }

        [Fact]
        public void Invalid_json_is_reported_as_WXM015_at_the_position_reading_stopped()
        {
            string path = Write("cut.menu.json", "{\"button\":[\n  {\"type\":\"click\",\"name\":\"a\",\"key\":\"1\"},\n");

            ToolResult result = WeChatTool.Run("menu", "validate", path);

            Assert.Equal(1, result.ExitCode);
            Assert.Matches(new Regex($@"^{Regex.Escape(path)}\(3,1\): error WXM015: unexpected end of file\b.*\n$"), result.Stdout);
        }

        [Fact]
        public void A_missing_file_fails_in_one_line()
        {
            string path = Path.Combine(_directory, "missing.menu.json");

            string error = WeChatTool.Run("menu", "validate", path).AssertOneLineFailure();

            Assert.Equal($"error: file not found: {path}", error);
        }

        [Fact]
        public void A_file_that_is_not_utf8_fails_in_one_line()
        {
            string path = Path.Combine(_directory, "latin1.menu.json");
            File.WriteAllBytes(path, [(byte)'{', 0xE9, (byte)'}']);

            string error = WeChatTool.Run("menu", "validate", path).AssertOneLineFailure();

            Assert.Equal($"error: {path} is not UTF-8 text", error);
        }

        [Fact]
        public void Menu_and_menu_validate_help_exit_zero_and_describe_the_file_argument()
        {
            ToolResult menu = WeChatTool.Run("menu", "--help").AssertSuccess();
            ToolResult validate = WeChatTool.Run("menu", "validate", "--help").AssertSuccess();

            Assert.Matches(new Regex(@"(?m)^ +validate <FILE> {2,}\S"), menu.Stdout);
            Assert.Contains("wechat menu validate <FILE>", validate.Stdout);
            Assert.Matches(new Regex(@"(?m)^ +<FILE> {2,}\S"), validate.Stdout);
        }

        [Fact]
        public void Validate_without_a_file_fails_in_one_line_pointing_at_its_help()
        {
            string error = WeChatTool.Run("menu", "validate").AssertOneLineFailure();

            Assert.EndsWith("See 'wechat menu validate --help'.", error);
        }
    }
}
