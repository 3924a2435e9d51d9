using System;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using WeChat.OfficialAccount.Http;

namespace WeChat.OfficialAccount.Tests.Http
{
    public sealed class JsSdkAndOAuthTests : IAsyncLifetime
    {
        private FakeWeChatServer _server = null!;

        public async Task InitializeAsync() => _server = await FakeWeChatServer.StartAsync();

        public async Task DisposeAsync() => await _server.DisposeAsync();

        [Fact]
        public void Js_sdk_signature_matches_the_official_example()
        {
            // The worked example of the JS-SDK documentation's signature appendix.
            string signature = WeChatJsSdk.Sign(
                "sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg",
                "Wm3WZYTPz0wzccnW",
                1414587457,
                "http://mp.weixin.qq.com?params=value#fragment");

            Assert.Equal("0f9de62fce790f9a083d5c99e95740ceb90c27ed", signature);
        }

        [Fact]
        public async Task Js_sdk_config_uses_one_cached_ticket_for_many_pages()
        {
            int ticketCalls = 0;
            _server.Handler = r => Task.FromResult(r.Path == "/cgi-bin/ticket/getticket"
                ? FakeResponse.Json($"{{\"errcode\":0,\"errmsg\":\"ok\",\"ticket\":\"TICKET_{System.Threading.Interlocked.Increment(ref ticketCalls)}\",\"expires_in\":7200}}")
                : FakeResponse.Json("{}"));
            using var http = new HttpClient();
            var client = new WeChatApiClient(http, new WeChatApiClientOptions { AppId = "wx1", AppSecret = "s", ResolveHost = _ => _server.BaseAddress });
            var jsSdk = new WeChatJsSdk(client, "wx1");

            WeChatJsSdkConfig[] configs = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => jsSdk.CreateConfigAsync($"https://example.com/p{i}")));

            Assert.Equal(1, ticketCalls);
            Assert.Equal("jsapi", _server.Requests.Single().Query["type"]);
            WeChatJsSdkConfig first = configs[0];
            Assert.Equal("wx1", first.AppId);
            Assert.Equal(WeChatJsSdk.Sign("TICKET_1", first.NonceStr, first.Timestamp, "https://example.com/p0"), first.Signature);
        }

        [Fact]
        public void Authorize_url_has_every_parameter_and_the_wechat_redirect_fragment()
        {
            string url = WeChatOAuth.BuildAuthorizeUrl("wx520c15f417810387", "https://chong.qq.com/php/index.php?d=&c=wxAdapter&m=mobileDeal", WeChatOAuthScope.Base, "123");

            Assert.Equal(
                "https://open.weixin.qq.com/connect/oauth2/authorize?appid=wx520c15f417810387&redirect_uri=https%3A%2F%2Fchong.qq.com%2Fphp%2Findex.php%3Fd%3D%26c%3DwxAdapter%26m%3DmobileDeal&response_type=code&scope=snsapi_base&state=123#wechat_redirect",
                url);
            Assert.Contains("scope=snsapi_userinfo", WeChatOAuth.BuildAuthorizeUrl("wx1", "https://a.b/c", WeChatOAuthScope.UserInfo));
            Assert.Throws<ArgumentException>(() => WeChatOAuth.BuildAuthorizeUrl("wx1", "https://a.b/c", WeChatOAuthScope.Base, "bad state!"));
        }

        [Fact]
        public async Task Oauth_calls_use_the_users_token_not_the_global_one()
        {
            _server.Handler = _ => Task.FromResult(FakeResponse.Json("{\"openid\":\"o1\",\"nickname\":\"n\"}"));
            using var http = new HttpClient();
            var client = new WeChatApiClient(http, new WeChatApiClientOptions { AppId = "wx1", AppSecret = "s", ResolveHost = _ => _server.BaseAddress });

            var info = await client.OAuth.GetUserInfoAsync("USER_TOKEN", "o1");

            Assert.Equal("o1", info.OpenId);
            Assert.Equal("USER_TOKEN", _server.Requests.Single().Query["access_token"]);
            Assert.Equal(0, _server.TokenCalls);
        }

        [Fact]
        public async Task Add_wechat_client_registers_a_working_shared_client()
        {
            var services = new ServiceCollection();
            services.AddWeChatClient(o =>
            {
                o.AppId = "wx1";
                o.AppSecret = "s";
                o.ResolveHost = _ => _server.BaseAddress;
            });
            using ServiceProvider provider = services.BuildServiceProvider();

            WeChatApiClient client = provider.GetRequiredService<WeChatApiClient>();
            await client.Menu.DeleteAsync();
            await provider.GetRequiredService<WeChatApiClient>().Menu.DeleteAsync();

            Assert.Same(client, provider.GetRequiredService<WeChatApiClient>());
            Assert.NotNull(provider.GetRequiredService<WeChatJsSdk>());
            Assert.Equal(1, _server.TokenCalls);
            Assert.Equal(2, _server.Requests.Count);
        }
    }
}
