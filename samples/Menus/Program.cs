using System;
using MenuSample.Menus;
using WeChat.OfficialAccount.Api;

// The menu of main.menu.json, written again in C#: both are checked at compile time (WXM rules), and the generated
// key constants (Main.Keys.*) keep handlers and menu in step.
var menu = new MenuCreateRequest
{
    Button =
    {
        MenuButton.Click("今日歌曲", Main.Keys.V1001TodayMusic),
        MenuButton.Parent(
            "菜单",
            MenuButton.View("搜索", "https://www.soso.com/"),
            MenuButton.MiniProgram("小程序", "wx286b93c14bbf93aa", "pages/lunar/index", "https://mp.weixin.qq.com"),
            MenuButton.Click("赞一下我们", Main.Keys.V1001Good)),
        MenuButton.ScanCodePush("扫一扫", Main.Keys.ScanPush),
    },
};

Console.WriteLine(menu.ToJson());
