using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WeChat.OfficialAccount.Http;

namespace WeChat.OfficialAccount.Tests.Http
{
    /// <summary>
    /// The client configured the way an ASP.NET Core app is: from the <c>WeChat</c> section (appsettings.json, environment
    /// variables such as <c>WeChat__AppSecret</c>), with settings it cannot work with refused at start.
    /// </summary>
    public sealed class ClientConfigurationTests : IAsyncLifetime
    {
        private FakeWeChatServer _server = null!;

        public async Task InitializeAsync() => _server = await FakeWeChatServer.StartAsync();

        public async Task DisposeAsync() => await _server.DisposeAsync();

        private static IConfiguration Configuration(Dictionary<string, string?> values) => new ConfigurationBuilder().AddInMemoryCollection(values).Build();

        private static WeChatApiClientOptions Bind(Dictionary<string, string?> values, Action<WeChatApiClientOptions>? configure = null)
        {
            using ServiceProvider provider = new ServiceCollection().AddWeChatClient(Configuration(values), configure).BuildServiceProvider();
            return provider.GetRequiredService<IOptions<WeChatApiClientOptions>>().Value;
        }

        [Fact]
        public void Every_client_setting_binds_from_the_WeChat_section()
        {
            WeChatApiClientOptions options = Bind(new()
            {
                ["WeChat:AppId"] = "wx1",
                ["WeChat:AppSecret"] = "s",
                ["WeChat:UseStableToken"] = "false",
                ["WeChat:TokenRefreshMargin"] = "00:10:00",
                ["WeChat:MaxGetRetries"] = "0",
                ["WeChat:RetryDelay"] = "0.5",
            });

            Assert.Equal(("wx1", "s", false), (options.AppId, options.AppSecret, options.UseStableToken));
            Assert.Equal(TimeSpan.FromMinutes(10), options.TokenRefreshMargin);
            Assert.Equal(0, options.MaxGetRetries);
            Assert.Equal(TimeSpan.FromMilliseconds(500), options.RetryDelay);
        }

        [Fact]
        public void Missing_settings_keep_the_defaults_and_code_has_the_last_word()
        {
            WeChatApiClientOptions options = Bind(new() { ["WeChat:AppId"] = "wx-config", ["WeChat:AppSecret"] = "s" }, o => o.AppId = "wx-code");

            Assert.Equal(("wx-code", "s", true), (options.AppId, options.AppSecret, options.UseStableToken));
            Assert.Equal(TimeSpan.FromMinutes(5), options.TokenRefreshMargin);
            Assert.Equal(2, options.MaxGetRetries);
            Assert.Equal(TimeSpan.FromMilliseconds(200), options.RetryDelay);
        }

        [Theory]
        [InlineData("UseStableToken", "yes", "must be true or false")]
        [InlineData("TokenRefreshMargin", "soon", "must be a duration of zero or more")]
        [InlineData("TokenRefreshMargin", "-60", "must be a duration of zero or more")]
        [InlineData("MaxGetRetries", "-1", "must be a whole number of retries, 0 or more")]
        [InlineData("MaxGetRetries", "two", "must be a whole number of retries, 0 or more")]
        [InlineData("RetryDelay", "00:00:-1", "must be a duration of zero or more")]
        public void Malformed_values_are_named_in_the_error(string key, string value, string expected)
        {
            var ex = Assert.Throws<InvalidOperationException>(() => Bind(new() { ["WeChat:AppId"] = "wx1", ["WeChat:" + key] = value }));

            Assert.Equal($"WeChat:{key} {expected}", ex.Message[..$"WeChat:{key} {expected}".Length]);
            Assert.Contains($"not \"{value}\"", ex.Message, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData(null, "s", "WeChat:AppId is not set")]
        [InlineData("wx1\n", "s", "WeChat:AppId starts or ends with whitespace")]
        [InlineData("wx1", "secret\n", "WeChat:AppSecret starts or ends with whitespace")]
        [InlineData("wx1", " secret", "WeChat:AppSecret starts or ends with whitespace")]
        public void Credentials_the_platform_would_refuse_are_refused_with_what_to_fix(string? appId, string? appSecret, string expected)
        {
            var ex = Assert.Throws<OptionsValidationException>(() => Bind(new() { ["WeChat:AppId"] = appId, ["WeChat:AppSecret"] = appSecret }));

            Assert.StartsWith(expected, Assert.Single(ex.Failures), StringComparison.Ordinal);
        }

        [Fact]
        public void Values_set_in_code_are_checked_too_and_a_margin_of_the_token_s_lifetime_is_refused()
        {
            var ex = Assert.Throws<OptionsValidationException>(() => Bind(new() { ["WeChat:AppId"] = "wx1" }, o =>
            {
                o.TokenRefreshMargin = TimeSpan.FromHours(2);
                o.MaxGetRetries = -1;
                o.RetryDelay = TimeSpan.FromSeconds(-1);
                o.ResolveHost = null!;
            }));

            Assert.Equal(new[] { "ResolveHost", "TokenRefreshMargin", "MaxGetRetries", "RetryDelay" }, ex.Failures.Select(f => f.Split(' ')[0]));
        }

        [Fact]
        public void A_client_constructed_directly_refuses_the_same_settings()
        {
            var ex = Assert.Throws<ArgumentException>(() => new WeChatApiClient(new HttpClient(), new WeChatApiClientOptions { AppId = "wx1", AppSecret = "secret\r\n" }));

            Assert.Equal("options", ex.ParamName);
            Assert.StartsWith("WeChat:AppSecret starts or ends with whitespace", ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void The_client_of_one_of_several_accounts_binds_from_its_own_section_and_is_a_keyed_service()
        {
            IConfiguration configuration = Configuration(new()
            {
                ["WeChat:AppId"] = "wx-main",
                ["WeChat:AppSecret"] = "main-secret",
                ["WeChat:Accounts:shop:AppId"] = "wx-shop",
                ["WeChat:Accounts:shop:AppSecret"] = "shop-secret",
                ["WeChat:Accounts:shop:MaxGetRetries"] = "0",
            });
            using ServiceProvider provider = new ServiceCollection()
                .AddWeChatClient(configuration)
                .AddWeChatClient("shop", configuration)
                .BuildServiceProvider();

            WeChatApiClientOptions shop = provider.GetRequiredService<IOptionsMonitor<WeChatApiClientOptions>>().Get("shop");

            Assert.Equal(("wx-shop", "shop-secret", 0), (shop.AppId, shop.AppSecret, shop.MaxGetRetries));
            Assert.Equal("wx-main", provider.GetRequiredService<IOptions<WeChatApiClientOptions>>().Value.AppId);
            WeChatApiClient shopClient = provider.GetRequiredKeyedService<WeChatApiClient>("shop");
            Assert.NotSame(provider.GetRequiredService<WeChatApiClient>(), shopClient);
            Assert.Same(shopClient, provider.GetRequiredKeyedService<WeChatApiClient>("shop"));
            Assert.NotNull(provider.GetRequiredKeyedService<WeChatJsSdk>("shop"));
        }

        [Fact]
        public async Task A_host_whose_second_account_has_no_AppId_stops_at_start_naming_that_account_s_section()
        {
            WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["WeChat:AppId"] = "wx-main", ["WeChat:Accounts:shop:AppSecret"] = "s" });
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Services.AddWeChatClient(builder.Configuration);
            builder.Services.AddWeChatClient("shop", builder.Configuration);
            await using WebApplication app = builder.Build();

            var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

            Assert.StartsWith("WeChat:Accounts:shop:AppId is not set", Assert.Single(ex.Failures), StringComparison.Ordinal);
        }

        [Fact]
        public async Task A_host_with_a_bad_client_setting_stops_at_start_before_any_call()
        {
            WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["WeChat:AppId"] = "wx1", ["WeChat:AppSecret"] = "secret\n" });
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Services.AddWeChatClient(builder.Configuration);
            await using WebApplication app = builder.Build();

            var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

            Assert.StartsWith("WeChat:AppSecret starts or ends with whitespace", Assert.Single(ex.Failures), StringComparison.Ordinal);
        }

        [Theory]
        [InlineData(true, "/cgi-bin/stable_token")]
        [InlineData(false, "/cgi-bin/token")]
        public async Task A_client_configured_only_from_configuration_obtains_its_token_with_the_configured_credentials(bool stable, string tokenPath)
        {
            _server.TokenCallsAreEndpointCalls = true;
            _server.Handler = r => Task.FromResult(r.Path == tokenPath
                ? FakeResponse.Json("{\"access_token\":\"FROM_CONFIG\",\"expires_in\":7200}")
                : FakeResponse.Json("{\"errcode\":0,\"errmsg\":\"ok\"}"));
            IConfiguration configuration = Configuration(new()
            {
                ["WeChat:AppId"] = "wx-configured",
                ["WeChat:AppSecret"] = "secret-configured",
                ["WeChat:UseStableToken"] = stable ? "true" : "false",
            });
            using ServiceProvider provider = new ServiceCollection()
                .AddWeChatClient(configuration, o => o.ResolveHost = _ => _server.BaseAddress)
                .BuildServiceProvider();

            await provider.GetRequiredService<WeChatApiClient>().Menu.DeleteAsync();

            RecordedRequest[] requests = _server.Requests.ToArray();
            Assert.Equal(new[] { tokenPath, "/cgi-bin/menu/delete" }, requests.Select(r => r.Path));
            if (stable)
            {
                Assert.Equal(
                    "{\"appid\":\"wx-configured\",\"secret\":\"secret-configured\",\"grant_type\":\"client_credential\"}",
                    Encoding.UTF8.GetString(requests[0].Body));
            }
            else
            {
                Assert.Equal(("wx-configured", "secret-configured"), (requests[0].Query["appid"], requests[0].Query["secret"]));
            }

            Assert.Equal("FROM_CONFIG", requests[1].Query["access_token"]);
        }

        [Fact]
        public async Task Without_an_AppSecret_the_first_call_that_needs_a_token_says_where_to_set_it()
        {
            using ServiceProvider provider = new ServiceCollection()
                .AddWeChatClient(Configuration(new() { ["WeChat:AppId"] = "wx1" }), o => o.ResolveHost = _ => _server.BaseAddress)
                .BuildServiceProvider();

            var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => provider.GetRequiredService<WeChatApiClient>().Menu.DeleteAsync());

            Assert.Contains("AppSecret of wx1 is not set", ex.Message, StringComparison.Ordinal);
            Assert.Contains("WeChat:AppSecret", ex.Message, StringComparison.Ordinal);
            Assert.Contains("WeChat__AppSecret", ex.Message, StringComparison.Ordinal);
            Assert.Contains("WeChat:Accounts:<name>:AppSecret with AddWeChatClient(name, configuration)", ex.Message, StringComparison.Ordinal);
            Assert.Equal(0, _server.TokenCalls);
            Assert.Empty(_server.Requests);
        }
    }
}
