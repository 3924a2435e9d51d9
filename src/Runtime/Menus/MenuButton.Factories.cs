using System;
using System.Collections.Generic;

namespace WeChat.OfficialAccount.Api
{
    // One factory per button type: each takes exactly the fields its type needs, so a click button without a key or a
    // view button with a media_id cannot be written. Limits the types cannot carry (name and key byte lengths, URL
    // scheme, button counts) are checked at compile time by the WXM analyzers, which read these calls.
    public sealed partial class MenuButton
    {
        /// <summary>A button that pushes a CLICK event carrying <paramref name="key"/>.</summary>
        /// <param name="name">Title: at most 16 UTF-8 bytes on a top-level button, 60 in a sub-menu.</param>
        /// <param name="key">Pushed as EventKey; at most 128 UTF-8 bytes, unique within the menu.</param>
        public static MenuButton Click(string name, string key) => Keyed("click", name, key);

        /// <summary>A button that opens <paramref name="url"/> in the WeChat browser and pushes a VIEW event.</summary>
        /// <param name="name">Title: at most 16 UTF-8 bytes on a top-level button, 60 in a sub-menu.</param>
        /// <param name="url">An http(s) URL of at most 1024 UTF-8 bytes.</param>
        public static MenuButton View(string name, string url) => new() { Type = "view", Name = name, Url = url };

        /// <summary>A button that opens the QR scanner and pushes the scan result (scancode_push).</summary>
        /// <param name="name">Title: at most 16 UTF-8 bytes on a top-level button, 60 in a sub-menu.</param>
        /// <param name="key">Pushed as EventKey; at most 128 UTF-8 bytes, unique within the menu.</param>
        public static MenuButton ScanCodePush(string name, string key) => Keyed("scancode_push", name, key);

        /// <summary>A button that opens the QR scanner, pushes the result and shows "receiving" until the reply (scancode_waitmsg).</summary>
        /// <param name="name">Title: at most 16 UTF-8 bytes on a top-level button, 60 in a sub-menu.</param>
        /// <param name="key">Pushed as EventKey; at most 128 UTF-8 bytes, unique within the menu.</param>
        public static MenuButton ScanCodeWaitMsg(string name, string key) => Keyed("scancode_waitmsg", name, key);

        /// <summary>A button that opens the camera and pushes the photo (pic_sysphoto).</summary>
        /// <param name="name">Title: at most 16 UTF-8 bytes on a top-level button, 60 in a sub-menu.</param>
        /// <param name="key">Pushed as EventKey; at most 128 UTF-8 bytes, unique within the menu.</param>
        public static MenuButton PicSysPhoto(string name, string key) => Keyed("pic_sysphoto", name, key);

        /// <summary>A button that lets the user take a photo or pick one from the album (pic_photo_or_album).</summary>
        /// <param name="name">Title: at most 16 UTF-8 bytes on a top-level button, 60 in a sub-menu.</param>
        /// <param name="key">Pushed as EventKey; at most 128 UTF-8 bytes, unique within the menu.</param>
        public static MenuButton PicPhotoOrAlbum(string name, string key) => Keyed("pic_photo_or_album", name, key);

        /// <summary>A button that opens the WeChat album picker (pic_weixin).</summary>
        /// <param name="name">Title: at most 16 UTF-8 bytes on a top-level button, 60 in a sub-menu.</param>
        /// <param name="key">Pushed as EventKey; at most 128 UTF-8 bytes, unique within the menu.</param>
        public static MenuButton PicWeixin(string name, string key) => Keyed("pic_weixin", name, key);

        /// <summary>A button that opens the location picker and pushes the chosen place (location_select).</summary>
        /// <param name="name">Title: at most 16 UTF-8 bytes on a top-level button, 60 in a sub-menu.</param>
        /// <param name="key">Pushed as EventKey; at most 128 UTF-8 bytes, unique within the menu.</param>
        public static MenuButton LocationSelect(string name, string key) => Keyed("location_select", name, key);

        /// <summary>A button that makes WeChat send a permanent material to the user (media_id); no event is pushed.</summary>
        /// <param name="name">Title: at most 16 UTF-8 bytes on a top-level button, 60 in a sub-menu.</param>
        /// <param name="mediaId">The media_id of a permanent material.</param>
        public static MenuButton Media(string name, string mediaId) => new() { Type = "media_id", Name = name, MediaId = mediaId };

        /// <summary>A button that sends a published article to the user (article_id); no event is pushed.</summary>
        /// <param name="name">Title: at most 16 UTF-8 bytes on a top-level button, 60 in a sub-menu.</param>
        /// <param name="articleId">The article_id returned by the publishing API.</param>
        public static MenuButton Article(string name, string articleId) => new() { Type = "article_id", Name = name, ArticleId = articleId };

        /// <summary>A button that opens a published article (article_view_limited); no event is pushed.</summary>
        /// <param name="name">Title: at most 16 UTF-8 bytes on a top-level button, 60 in a sub-menu.</param>
        /// <param name="articleId">The article_id returned by the publishing API.</param>
        public static MenuButton ArticleViewLimited(string name, string articleId) => new() { Type = "article_view_limited", Name = name, ArticleId = articleId };

        /// <summary>A button that opens a Mini Program page, or <paramref name="url"/> on clients without Mini Program support.</summary>
        /// <param name="name">Title: at most 16 UTF-8 bytes on a top-level button, 60 in a sub-menu.</param>
        /// <param name="appId">AppID of a Mini Program linked to the account.</param>
        /// <param name="pagePath">The Mini Program page to open.</param>
        /// <param name="url">Fallback http(s) page for old clients; required by the platform.</param>
        public static MenuButton MiniProgram(string name, string appId, string pagePath, string url) =>
            new() { Type = "miniprogram", Name = name, AppId = appId, PagePath = pagePath, Url = url };

        /// <summary>A top-level button that only opens a sub-menu of 1 to 5 buttons; it has no type and pushes no event.</summary>
        /// <param name="name">Title: at most 16 UTF-8 bytes.</param>
        /// <param name="subButtons">The sub-menu, 1 to 5 buttons without sub-menus of their own.</param>
        public static MenuButton Parent(string name, params MenuButton[] subButtons)
        {
            ArgumentNullException.ThrowIfNull(subButtons);
            return new() { Name = name, SubButton = new List<MenuButton>(subButtons) };
        }

        private static MenuButton Keyed(string type, string name, string key) => new() { Type = type, Name = name, Key = key };
    }
}
