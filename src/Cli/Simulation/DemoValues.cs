using System.Collections.Generic;

namespace WeChat.OfficialAccount.Cli.Simulation
{
    /// <summary>
    /// Plausible values for the elements of a simulated payload, by wire element name (which is the C# property
    /// name of the generated types), optionally narrowed to one type as <c>TypeName.Element</c>.
    /// </summary>
    /// <remarks>
    /// Data, not code: a new spec type needs no change here to be simulated; its elements without an entry keep the
    /// empty or zero value the typed instance writes. Values mirror the examples of the official push documentation.
    /// </remarks>
    internal static class DemoValues
    {
        /// <summary>The content of a text message when <c>--content</c> is not given.</summary>
        public const string Content = "hello";

        private static readonly Dictionary<string, string> Values = new(System.StringComparer.Ordinal)
        {
            ["Content"] = Content,
            ["MediaId"] = "Q0u5sV4nHhX2pPz3Y1kFq7m8tLw9cR6bJdE0aSgUiTo",
            ["ThumbMediaId"] = "b7Xm2Pq9Ls4Rt1Vw8Yz3Nc6Kd0Fh5Jg2Ua7Ie4Oo9Bv",
            ["PicUrl"] = "https://mmbiz.qpic.cn/mmbiz_jpg/simulated/0",
            ["Format"] = "amr",
            ["Title"] = "WeChat simulator",
            ["Description"] = "A link sent by wechat simulate",
            ["Url"] = "https://mp.weixin.qq.com/",
            ["Location_X"] = "23.134521",
            ["Location_Y"] = "113.358803",
            ["Scale"] = "20",
            ["Label"] = "广州市海珠区新港中路397号",
            ["Latitude"] = "23.137466",
            ["Longitude"] = "113.352425",
            ["Precision"] = "119.385040",
            ["EventKey"] = "SIMULATED_KEY",
            ["ViewEvent.EventKey"] = "https://mp.weixin.qq.com/",
            ["ViewMiniProgramEvent.EventKey"] = "pages/index/index",
            ["ScanEvent.EventKey"] = "123123",
            ["Ticket"] = "gQH47joAAAAAAAAAASxodHRwOi8vd2VpeGluLnFxLmNvbS9xL2taZ2Z3TVRtNzJXV1Brb3ZhYmJJAAIEZ23sUwMEmm3sUw==",
            ["ScanType"] = "qrcode",
            ["ScanResult"] = "https://mp.weixin.qq.com/",
            ["MassSendJobFinishEvent.Status"] = "send success",
            ["TemplateSendJobFinishEvent.Status"] = "success",
            ["MsgID"] = "1000001625",
            ["TotalCount"] = "100",
            ["FilterCount"] = "80",
            ["SentCount"] = "75",
            ["ErrorCount"] = "5",
            ["ExpiredTime"] = "1924963200",
            ["FailTime"] = "1700000000",
            ["FailReason"] = "simulated failure",
            ["OrderId"] = "1000001627",
            ["ProductId"] = "p_simulated",
            ["TransId"] = "4200000000000000000000000000",
            ["Fee"] = "100",
            ["OriginalFee"] = "120",
            ["KeyStandard"] = "ean13",
            ["KeyStr"] = "6901939621271",
            ["AppId"] = "wx0000000000000000",
            ["AppID"] = "wx0000000000000000",
            ["PagePath"] = "pages/index/index",
            ["FileKey"] = "simulated-file-key",
            ["FileMd5"] = "5d41402abc4b2a76b9719d911017c592",
            ["FileTotalLen"] = "1024",
            ["KfAccount"] = "kf2001@simulator",
            ["ToKfAccount"] = "kf2002@simulator",
            ["FromKfAccount"] = "kf2001@simulator",
            ["CardId"] = "pFS7Fjg8kV1IdDz01r4SQwMkuCKc",
            ["UserCardCode"] = "12312312",
            ["DeviceType"] = "gh_simulator_device",
            ["DeviceID"] = "simulated_device_id",
            ["SessionID"] = "1",
            ["OpenID"] = "o_simulator_user",
        };

        /// <summary>The demo value for <paramref name="element"/> of <paramref name="typeName"/>, or null.</summary>
        /// <param name="typeName">The C# type name of the payload or nested object, e.g. <c>ViewEvent</c>.</param>
        /// <param name="element">The wire element name.</param>
        public static string? For(string typeName, string element) =>
            Values.TryGetValue(typeName + "." + element, out string? specific) ? specific
            : Values.TryGetValue(element, out string? general) ? general
            : null;
    }
}
