using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using WeChat.OfficialAccount.Api;
using WeChat.OfficialAccount.Http;

namespace WeChat.OfficialAccount.Tests.Http
{
    /// <summary>The README's client example, run against the fake server.</summary>
    public sealed class ReadmeClientExampleTests : IAsyncLifetime
    {
        private FakeWeChatServer _server = null!;

        public async Task InitializeAsync() => _server = await FakeWeChatServer.StartAsync();

        public async Task DisposeAsync() => await _server.DisposeAsync();

        [Fact]
        public async Task Readme_client_example_runs()
        {
            const string appId = "wx1", appSecret = "s", openId = "o1";
            _server.Handler = r => Task.FromResult(r.Path switch
            {
                "/cgi-bin/user/info" => FakeResponse.Json("{\"subscribe\":1,\"openid\":\"o1\"}"),
                "/cgi-bin/user/get" => FakeResponse.Json(r.Query.ContainsKey("next_openid") ? "{\"total\":1,\"count\":0}" : "{\"total\":1,\"count\":1,\"data\":{\"openid\":[\"o1\"]},\"next_openid\":\"o1\"}"),
                "/cgi-bin/message/custom/send" => FakeResponse.Json("{\"errcode\":45015,\"errmsg\":\"response out of time limit\"}"),
                "/cgi-bin/ticket/getticket" => FakeResponse.Json("{\"errcode\":0,\"errmsg\":\"ok\",\"ticket\":\"T\",\"expires_in\":7200}"),
                _ => FakeResponse.Json("{\"errcode\":0,\"errmsg\":\"ok\"}"),
            });
            var client = new WeChatApiClient(new HttpClient(), new WeChatApiClientOptions { AppId = appId, AppSecret = appSecret, ResolveHost = _ => _server.BaseAddress });
            bool outsideWindow = false;

            UserInfo user = await client.Users.GetAsync(openId);
            var followers = new System.Collections.Generic.List<string>();
            await foreach (string follower in client.Users.ListAllAsync())
            {
                followers.Add(follower);
            }

            await client.Menu.CreateAsync(new MenuCreateRequest
            {
                Button = { new MenuButton { Type = "click", Name = "今日歌曲", Key = "V1001_TODAY_MUSIC" } },
            });
            try
            {
                await client.CustomMessages.SendAsync(new CustomMessageSendRequest
                {
                    ToUser = openId, MsgType = "text", Text = new CustomMessageText { Content = "你好" },
                });
            }
            catch (WeChatApiException e) when (e.Error == WeChatErrorCode.ResponseTimeLimitExceeded)
            {
                outsideWindow = true;
            }

            string authorizeUrl = WeChatOAuth.BuildAuthorizeUrl(appId, "https://example.com/callback", WeChatOAuthScope.UserInfo, state: "xyz");
            WeChatJsSdkConfig config = await new WeChatJsSdk(client, appId).CreateConfigAsync("https://example.com/page");

            Assert.True(user.Subscribe);
            Assert.Equal(new[] { "o1" }, followers);
            Assert.True(outsideWindow);
            Assert.Contains("scope=snsapi_userinfo", authorizeUrl);
            Assert.Equal(40, config.Signature.Length);
            string menu = Encoding.UTF8.GetString(_server.Requests.Single(r => r.Path == "/cgi-bin/menu/create").Body);
            Assert.Equal("{\"button\":[{\"type\":\"click\",\"name\":\"今日歌曲\",\"key\":\"V1001_TODAY_MUSIC\"}]}", menu);
        }
    }
}
