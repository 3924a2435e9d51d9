using System.Linq;
using WeChat.OfficialAccount.Menus.Rules;

namespace WeChat.OfficialAccount.Analyzers.Tests
{
    /// <summary>The shared rule engine on its own, through the JSON front end.</summary>
    public sealed class MenuRulesTests
    {
        private static string[] Ids(string json)
        {
            MenuModel menu = MenuJson.Read(json, out string? error, out _) ?? throw new System.InvalidOperationException(error);
            return MenuRules.Check(menu).Select(v => v.Id).ToArray();
        }

        [Fact]
        public void A_valid_menu_has_no_violation()
        {
            Assert.Empty(Ids("""
                {"button":[
                  {"type":"click","name":"今日歌曲","key":"V1001_TODAY_MUSIC"},
                  {"name":"菜单","sub_button":[
                    {"type":"view","name":"搜索","url":"http://www.soso.com/"},
                    {"type":"miniprogram","name":"wxa","url":"http://mp.weixin.qq.com","appid":"wx286b93c14bbf93aa","pagepath":"pages/lunar/index"},
                    {"type":"click","name":"赞一下我们","key":"V1001_GOOD"}]}]}
                """));
        }

        [Theory]
        [InlineData("""{"button":[{"type":"click","name":"a","key":"1"},{"type":"click","name":"b","key":"2"},{"type":"click","name":"c","key":"3"},{"type":"click","name":"d","key":"4"}]}""", "WXM001")]
        [InlineData("""{"button":[{"name":"p","sub_button":[{"type":"click","name":"a","key":"1"},{"type":"click","name":"b","key":"2"},{"type":"click","name":"c","key":"3"},{"type":"click","name":"d","key":"4"},{"type":"click","name":"e","key":"5"},{"type":"click","name":"f","key":"6"}]}]}""", "WXM002")]
        [InlineData("""{"button":[{"type":"click","name":"一二三四五六","key":"1"}]}""", "WXM003")]
        [InlineData("""{"button":[{"type":"click","name":"a"}]}""", "WXM004")]
        [InlineData("""{"button":[{"type":"view","name":"a","url":"ftp://x"}]}""", "WXM005")]
        [InlineData("""{"button":[{"type":"miniprogram","name":"a","url":"https://x","appid":"wx1"}]}""", "WXM006")]
        [InlineData("""{"button":[{"type":"click","name":"p","sub_button":[{"type":"click","name":"a","key":"1"}]}]}""", "WXM007")]
        [InlineData("""{"button":[{"type":"click","name":"a","key":"K"},{"type":"click","name":"b","key":"K"}]}""", "WXM008")]
        [InlineData("""{"button":[{"type":"media_id","name":"a"}]}""", "WXM009")]
        [InlineData("""{"button":[{"type":"click","name":"a","key":"1"}],"matchrule":{}}""", "WXM010")]
        [InlineData("""{"button":[{"type":"tap","name":"a"}]}""", "WXM011")]
        [InlineData("""{"button":[]}""", "WXM012")]
        [InlineData("""{"button":[{"type":"click","name":"a","key":"1"}],"matchrule":{"tag_id":"2","sex":"1"}}""", "WXM013")]
        [InlineData("""{"button":[{"type":"click","key":"1"}]}""", "WXM014")]
        public void Each_rule_reports_its_own_id(string json, string id)
        {
            Assert.Equal(new[] { id }, Ids(json));
        }

        [Fact]
        public void Names_are_trimmed_to_their_byte_limit_on_a_character_boundary()
        {
            Assert.Equal("一二三四五", MenuRules.TrimToBytes("一二三四五六", 16));
            Assert.Equal("abc", MenuRules.TrimToBytes("abc", 16));
        }
    }
}
