using System;
using System.Net;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using WeChat.OfficialAccount.Http;
using WeChat.OfficialAccount.Messages;
using WeChat.OfficialAccount.Replies;
using WeChat.OfficialAccount.Tests.Http;
using Xunit;

namespace WeChat.OfficialAccount.AspNetCore.Tests
{
    /// <summary>
    /// <c>AddHealthChecks().AddWeChatApi()</c>: whether the API client can get an access_token, without which every API
    /// call and every late reply fails — Degraded by default, with the platform's reason.
    /// </summary>
    public sealed class ApiHealthCheckTests
    {
        private static Task<WebhookHost> StartAsync(Uri? api, Action<IHealthChecksBuilder> checks) =>
            WebhookHost.StartAsync(
                h => h.On<TextMessage>((m, _) => new TextReply { Content = "ran" }),
                fakeApi: api,
                services: s => checks(s.AddHealthChecks()),
                endpoints: app => app.MapHealthChecks("/healthz"));

        private static Task<(HttpStatusCode Status, string Body, HealthReportEntry Entry)> CheckAsync(WebhookHost host) =>
            State.StateHealthCheckTests.CheckAsync(host, "wechat-api");

        [Fact]
        public async Task A_client_that_gets_its_access_token_is_healthy_and_later_checks_use_the_stored_one()
        {
            await using FakeWeChatServer api = await FakeWeChatServer.StartAsync();
            await using WebhookHost host = await StartAsync(api.BaseAddress, checks => checks.AddWeChatApi());

            (HttpStatusCode status, string body, HealthReportEntry entry) = await CheckAsync(host);

            Assert.Equal((HttpStatusCode.OK, "Healthy"), (status, body));
            Assert.Equal("The WeChat API client has an access_token", entry.Description);
            Assert.Equal(1, api.TokenCalls); // two checks (the endpoint's and the report's), one token from WeChat
        }

        [Fact]
        public async Task A_server_outside_the_IP_whitelist_is_degraded_with_the_platform_s_reason()
        {
            await using FakeWeChatServer api = await FakeWeChatServer.StartAsync();
            api.TokenHandler = _ => FakeResponse.Json("{\"errcode\":40164,\"errmsg\":\"invalid ip 203.0.113.7 ipv6 ::ffff:203.0.113.7, not in whitelist rid: 6751-0a1b\"}");
            await using WebhookHost host = await StartAsync(api.BaseAddress, checks => checks.AddWeChatApi());

            (HttpStatusCode status, string body, HealthReportEntry entry) = await CheckAsync(host);

            Assert.Equal((HttpStatusCode.OK, "Degraded"), (status, body)); // passive replies still work: not taken out of rotation
            Assert.StartsWith("The WeChat API client cannot get an access_token, so API calls and late replies fail: POST /cgi-bin/stable_token failed with errcode 40164 (", entry.Description, StringComparison.Ordinal);
            Assert.Contains("invalid ip 203.0.113.7", entry.Description, StringComparison.Ordinal);
            Assert.IsType<WeChatApiException>(entry.Exception);
        }

        [Fact]
        public async Task Without_a_registered_client_the_check_says_which_registration_is_missing_with_the_status_asked_for()
        {
            await using WebhookHost host = await StartAsync(api: null, checks => checks.AddWeChatApi(account: "shop", failureStatus: HealthStatus.Unhealthy));

            (HttpStatusCode status, string body, HealthReportEntry entry) = await CheckAsync(host);

            Assert.Equal((HttpStatusCode.ServiceUnavailable, "Unhealthy"), (status, body));
            Assert.Equal("No WeChatApiClient is registered for the account \"shop\": call AddWeChatClient(\"shop\", builder.Configuration).", entry.Description);
        }

        [Fact]
        public async Task A_client_without_its_AppSecret_is_degraded_and_told_where_to_set_it()
        {
            await using WebhookHost host = await WebhookHost.StartAsync(
                h => { },
                services: s =>
                {
                    s.AddWeChatClient(o => o.AppId = WebhookHost.AppId);
                    s.AddHealthChecks().AddWeChatApi();
                },
                endpoints: app => app.MapHealthChecks("/healthz"));

            (HttpStatusCode status, string body, HealthReportEntry entry) = await CheckAsync(host);

            Assert.Equal((HttpStatusCode.OK, "Degraded"), (status, body));
            Assert.StartsWith($"The WeChat API client cannot get an access_token, so API calls and late replies fail: WeChatApiClientOptions.AppSecret of {WebhookHost.AppId} is not set", entry.Description, StringComparison.Ordinal);
        }
    }
}
