using System;
using System.Globalization;
using System.IO;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using WeChat.OfficialAccount.Security;

// Two helpers of benchmarks/webhook/run.sh:
//   bare --urls URL                     a bare Kestrel endpoint answering "success" to POST /wechat (the baseline)
//   payloads --out FILE --count N       N distinct text messages in safe mode, signed and encrypted exactly as WeChat
//            [--first F] [--users U]    does with the QuickStart's development credentials, one "path<TAB>body" line each;
//                                       message numbers (MsgId, nonce) run from F, so two files never share a MsgId;
//            [--mode plain]             plaintext mode instead (signature only), to separate the crypto's share
// The QuickStart's development credentials; keep in step with samples/QuickStart/Program.cs.
const string Token = "quickstart-dev-token";
const string AesKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
const string AppId = "wxquickstart0000000";

string Option(string name, string fallback)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

switch (args.Length > 0 ? args[0] : string.Empty)
{
    case "bare":
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(Option("--urls", "http://127.0.0.1:5090"));
        builder.Logging.ClearProviders();
        WebApplication app = builder.Build();
        app.MapPost("/wechat", static () => Results.Text("success", "text/plain"));
        app.Run();
        return 0;
    }

    case "payloads":
    {
        int count = int.Parse(Option("--count", "100000"), CultureInfo.InvariantCulture);
        int users = int.Parse(Option("--users", "1000"), CultureInfo.InvariantCulture);
        int first = int.Parse(Option("--first", "0"), CultureInfo.InvariantCulture);
        bool plain = Option("--mode", "safe") switch
        {
            "plain" => true,
            "safe" => false,
            string other => throw new ArgumentException($"--mode is plain or safe, not {other}"),
        };
        var crypto = new WeChatMessageCrypto(Token, AesKey, AppId);
        long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        string timestamp = now.ToString(CultureInfo.InvariantCulture);
        using var output = new StreamWriter(Option("--out", "payloads.tsv"), false, new UTF8Encoding(false));
        for (int i = first; i < first + count; i++)
        {
            string xml = string.Create(CultureInfo.InvariantCulture,
                $"<xml><ToUserName><![CDATA[gh_quickstart]]></ToUserName><FromUserName><![CDATA[oLoadUser{i % users:D6}]]></FromUserName><CreateTime>{now}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[load message {i}]]></Content><MsgId>{9_000_000_000_000_000L + i}</MsgId></xml>");
            string nonce = "n" + i.ToString(CultureInfo.InvariantCulture);
            string signature = WeChatSignature.Compute(Token, timestamp, nonce);
            if (plain)
            {
                output.Write($"/wechat?signature={signature}&timestamp={timestamp}&nonce={nonce}&openid=oLoadUser\t{xml}\n");
                continue;
            }

            string encrypt = crypto.Encrypt(Encoding.UTF8.GetBytes(xml));
            string messageSignature = WeChatSignature.ComputeMessageSignature(Token, timestamp, nonce, encrypt);
            output.Write($"/wechat?signature={signature}&timestamp={timestamp}&nonce={nonce}&openid=oLoadUser&encrypt_type=aes&msg_signature={messageSignature}\t");
            output.Write($"<xml><ToUserName><![CDATA[gh_quickstart]]></ToUserName><Encrypt><![CDATA[{encrypt}]]></Encrypt></xml>\n");
        }

        return 0;
    }

    default:
        Console.Error.WriteLine("usage: WebhookLoad bare [--urls URL] | payloads --out FILE [--count N] [--first F] [--users U] [--mode plain|safe]");
        return 2;
}
