using WeChat.OfficialAccount.Api;

namespace WeChat.OfficialAccount.Tests.Menus
{
    /// <summary>Each typed factory writes exactly the JSON the platform expects for its button type.</summary>
    public sealed class MenuButtonFactoryTests
    {
        [Theory]
        [InlineData("click", """{"type":"click","name":"今日歌曲","key":"V1001_TODAY_MUSIC"}""")]
        [InlineData("scancode_push", """{"type":"scancode_push","name":"今日歌曲","key":"V1001_TODAY_MUSIC"}""")]
        [InlineData("scancode_waitmsg", """{"type":"scancode_waitmsg","name":"今日歌曲","key":"V1001_TODAY_MUSIC"}""")]
        [InlineData("pic_sysphoto", """{"type":"pic_sysphoto","name":"今日歌曲","key":"V1001_TODAY_MUSIC"}""")]
        [InlineData("pic_photo_or_album", """{"type":"pic_photo_or_album","name":"今日歌曲","key":"V1001_TODAY_MUSIC"}""")]
        [InlineData("pic_weixin", """{"type":"pic_weixin","name":"今日歌曲","key":"V1001_TODAY_MUSIC"}""")]
        [InlineData("location_select", """{"type":"location_select","name":"今日歌曲","key":"V1001_TODAY_MUSIC"}""")]
        public void Keyed_buttons_write_type_name_and_key(string type, string json)
        {
            MenuButton button = type switch
            {
                "click" => MenuButton.Click("今日歌曲", "V1001_TODAY_MUSIC"),
                "scancode_push" => MenuButton.ScanCodePush("今日歌曲", "V1001_TODAY_MUSIC"),
                "scancode_waitmsg" => MenuButton.ScanCodeWaitMsg("今日歌曲", "V1001_TODAY_MUSIC"),
                "pic_sysphoto" => MenuButton.PicSysPhoto("今日歌曲", "V1001_TODAY_MUSIC"),
                "pic_photo_or_album" => MenuButton.PicPhotoOrAlbum("今日歌曲", "V1001_TODAY_MUSIC"),
                "pic_weixin" => MenuButton.PicWeixin("今日歌曲", "V1001_TODAY_MUSIC"),
                _ => MenuButton.LocationSelect("今日歌曲", "V1001_TODAY_MUSIC"),
            };

            Assert.Equal(json, button.ToJson());
        }

        [Fact]
        public void View_writes_its_url()
        {
            Assert.Equal("""{"type":"view","name":"搜索","url":"http://www.soso.com/"}""", MenuButton.View("搜索", "http://www.soso.com/").ToJson());
        }

        [Fact]
        public void Material_and_article_buttons_write_their_ids()
        {
            Assert.Equal("""{"type":"media_id","name":"图片","media_id":"MEDIA_ID1"}""", MenuButton.Media("图片", "MEDIA_ID1").ToJson());
            Assert.Equal("""{"type":"article_id","name":"文章","article_id":"ARTICLE_ID1"}""", MenuButton.Article("文章", "ARTICLE_ID1").ToJson());
            Assert.Equal("""{"type":"article_view_limited","name":"文章","article_id":"ARTICLE_ID2"}""", MenuButton.ArticleViewLimited("文章", "ARTICLE_ID2").ToJson());
        }

        [Fact]
        public void MiniProgram_writes_appid_pagepath_and_fallback_url()
        {
            Assert.Equal(
                """{"type":"miniprogram","name":"wxa","url":"http://mp.weixin.qq.com","appid":"wx286b93c14bbf93aa","pagepath":"pages/lunar/index"}""",
                MenuButton.MiniProgram("wxa", "wx286b93c14bbf93aa", "pages/lunar/index", "http://mp.weixin.qq.com").ToJson());
        }

        [Fact]
        public void Parent_writes_only_name_and_sub_button()
        {
            var menu = new MenuCreateRequest
            {
                Button =
                {
                    MenuButton.Click("今日歌曲", "V1001_TODAY_MUSIC"),
                    MenuButton.Parent("菜单", MenuButton.View("搜索", "http://www.soso.com/"), MenuButton.Click("赞一下我们", "V1001_GOOD")),
                },
            };

            Assert.Equal(
                """{"button":[{"type":"click","name":"今日歌曲","key":"V1001_TODAY_MUSIC"},{"name":"菜单","sub_button":[{"type":"view","name":"搜索","url":"http://www.soso.com/"},{"type":"click","name":"赞一下我们","key":"V1001_GOOD"}]}]}""",
                menu.ToJson());
        }
    }
}
