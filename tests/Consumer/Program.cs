using System;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using ConsumerBot.Extensions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WeChat.OfficialAccount;
using WeChat.OfficialAccount.Api;
using WeChat.OfficialAccount.AspNetCore;
using WeChat.OfficialAccount.Http;
using WeChat.OfficialAccount.Messages;
using WeChat.OfficialAccount.Replies;
using WeChat.OfficialAccount.Security;

// Uses what the packages give a project, and prints one "name: value" line per fact; tests/Packaging.Tests reads them.
// ConsumerBot.Extensions.* (MediaCheckEvent, MediaCheckApi, …) come from spec/*.wechat.json in this project,
// ConsumerBot.Menus.Main.Keys from main.menu.json, everything else from the packages.
const string Token = "consumer-token";

// The SDK's own types, compiled into WeChat.OfficialAccount.dll.
var text = (TextMessage)WeChatMessageParser.Parse(Utf8(Push("text", "<Content><![CDATA[hello]]></Content><MsgId>1</MsgId>")));
Console.WriteLine($"sdk-message: {text.GetType().FullName} {text.Content}");

// This project's event: the SDK alone does not know it; this project's generated factory in front of the SDK's does.
string mediaCheckXml = Push("event", "<Event><![CDATA[wxa_media_check]]></Event><isrisky>1</isrisky><extra_info_json><![CDATA[]]></extra_info_json>"
    + "<appid><![CDATA[wxconsumer]]></appid><trace_id><![CDATA[trace-7]]></trace_id><status_code>0</status_code>");
IWeChatPayloadFactory factory = WeChatPayloadFactory.Combine(ConsumerBot.WeChatSpecTypes.Instance, WeChat.OfficialAccount.WeChatSpecTypes.Instance);
var check = (MediaCheckEvent)WeChatMessageParser.Parse(Utf8(mediaCheckXml), factory);
Console.WriteLine($"own-event: {check.GetType().FullName} risky={check.IsRisky} trace={check.TraceId} status={check.StatusCode} app={check.AppId}");
Console.WriteLine($"own-event-json: {check.ToJson()}");
Console.WriteLine($"sdk-alone: {WeChatMessageParser.Parse(Utf8(mediaCheckXml)).GetType().Name}");
Console.WriteLine($"sdk-through-combined: {WeChatMessageParser.Parse(Utf8(Push("event", "<Event><![CDATA[subscribe]]></Event>")), factory).GetType().FullName}");
Console.WriteLine($"menu-key: {ConsumerBot.Menus.Main.Keys.V1001TodayMusic}");

// The generator ran on this project's files only: the official API is the package's, never generated again here.
Console.WriteLine("own-public-types: " + string.Join(", ", typeof(MediaCheckEvent).Assembly.GetExportedTypes().Select(t => t.FullName).Order(StringComparer.Ordinal)));

// One loopback server plays WeChat's API (stable_token, an SDK endpoint, this project's endpoint) and hosts the webhook.
WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.WebHost.UseUrls("http://127.0.0.1:0");
builder.Services.AddWeChatWebhook(configure: o =>
{
    o.Token = Token;
    o.PayloadFactory = factory;
});
WebApplication app = builder.Build();
int tokens = 0;
string? lastCheckBody = null;
app.MapPost("/cgi-bin/stable_token", () => Results.Text($"{{\"access_token\":\"token-{Interlocked.Increment(ref tokens)}\",\"expires_in\":7200}}", "application/json"));
app.MapPost("/cgi-bin/shorten/gen", () => Results.Text("{\"errcode\":0,\"errmsg\":\"ok\",\"short_key\":\"iTqRJFSEqk9RvPk\"}", "application/json"));
app.MapPost("/wxa/media_check_async", async (HttpRequest request) =>
{
    string body = await new StreamReader(request.Body).ReadToEndAsync();
    lastCheckBody = body;
    using JsonDocument json = JsonDocument.Parse(body);
    // The first token is refused as expired: the SDK's pipeline renews it and resends, for this endpoint too.
    string answer = request.Query["access_token"] == "token-1" ? "{\"errcode\":40001,\"errmsg\":\"invalid credential\"}"
        : json.RootElement.GetProperty("media_type").GetInt32() is 1 or 2 ? $"{{\"errcode\":0,\"errmsg\":\"ok\",\"trace_id\":\"trace-{request.Query["access_token"]}\"}}"
        : "{\"errcode\":40097,\"errmsg\":\"invalid args\"}";
    return Results.Text(answer, "application/json");
});
app.MapWeChat("/wechat", handlers => handlers
    .On<TextMessage>((message, _) => new TextReply { Content = "echo: " + message.Content })
    // With the combined factory the webhook hands this project's own event to its typed handler.
    .On<MediaCheckEvent>((pushedCheck, _) => new TextReply { Content = $"media check {pushedCheck.TraceId}: {(pushedCheck.IsRisky ? "risky" : "fine")}" }));
await app.StartAsync();
string baseUrl = app.Urls.First();

using var http = new HttpClient();
var client = new WeChatApiClient(http, new WeChatApiClientOptions
{
    AppId = "wxconsumer",
    AppSecret = "consumer-secret",
    ResolveHost = _ => new Uri(baseUrl),
});
ShortKeyGenerateResponse shortKey = await client.ShortKeys.GenerateAsync(new ShortKeyGenerateRequest { LongData = "data", ExpireSeconds = 60 });
Console.WriteLine($"sdk-endpoint: {shortKey.ShortKey}");

var mediaCheck = new MediaCheckApi(client);
MediaCheckAsyncResponse accepted = await mediaCheck.CheckAsync(new MediaCheckAsyncRequest { MediaUrl = "https://example.com/a.jpg", MediaType = 2 });
Console.WriteLine($"own-endpoint: trace={accepted.TraceId} tokens={tokens} body={lastCheckBody}");
try
{
    await mediaCheck.CheckAsync(new MediaCheckAsyncRequest { MediaUrl = "https://example.com/a.txt", MediaType = 9 });
    Console.WriteLine("own-endpoint-error: none");
}
catch (WeChatApiException e)
{
    Console.WriteLine($"own-endpoint-error: {e.ErrorCode} {e.ErrorMessage}");
}

// The hosting package: signed pushes to the webhook get the handlers' replies.
Console.WriteLine($"webhook-reply: {await PushAsync(Push("text", "<Content><![CDATA[ping]]></Content><MsgId>2</MsgId>"))}");
Console.WriteLine($"webhook-own-event: {await PushAsync(mediaCheckXml)}");

await app.StopAsync();
return 0;

async Task<string> PushAsync(string xml)
{
    string timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
    const string Nonce = "consumer-nonce";
    string signature = WeChatSignature.Compute(Token, timestamp, Nonce);
    using HttpResponseMessage pushed = await http.PostAsync(
        $"{baseUrl}/wechat?signature={signature}&timestamp={timestamp}&nonce={Nonce}&openid=o_consumer",
        new StringContent(xml, Encoding.UTF8, "text/xml"));
    var reply = (TextReply)WeChatMessageParser.ParseReply(await pushed.Content.ReadAsByteArrayAsync());
    return $"{(int)pushed.StatusCode} {reply.Content} to={reply.ToUserName}";
}

static string Push(string msgType, string elements) =>
    "<xml><ToUserName><![CDATA[gh_consumer]]></ToUserName><FromUserName><![CDATA[o_consumer]]></FromUserName><CreateTime>1700000000</CreateTime>"
    + $"<MsgType><![CDATA[{msgType}]]></MsgType>{elements}</xml>";

static byte[] Utf8(string xml) => Encoding.UTF8.GetBytes(xml);
