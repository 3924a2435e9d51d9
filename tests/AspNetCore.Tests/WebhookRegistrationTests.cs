using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using WeChat.OfficialAccount.Messages;
using WeChat.OfficialAccount.Replies;
using Xunit;

namespace WeChat.OfficialAccount.AspNetCore.Tests
{
    /// <summary>
    /// Mistakes between what the services register and what the endpoints map are said when the application is set up,
    /// naming the call to add or the name to correct, instead of a missing internal service or pushes that get no handler.
    /// </summary>
    public sealed class WebhookRegistrationTests
    {
        private static readonly Dictionary<string, string?> Settings = new()
        {
            ["WeChat:Token"] = WebhookHost.Token,
            ["WeChat:Accounts:shop:Token"] = "shop-token",
        };

        private static WebApplication Build(Action<WebApplicationBuilder> register)
        {
            WebApplicationBuilder builder = WebhookHost.TestServerBuilder(Settings);
            register(builder);
            return builder.Build();
        }

        [Fact]
        public async Task Mapping_the_webhook_without_its_services_says_which_registration_is_missing()
        {
            await using WebApplication app = Build(_ => { });

            var error = Assert.Throws<InvalidOperationException>(() => app.MapWeChat("/wechat", _ => { }));

            Assert.Equal(
                "MapWeChat(\"/wechat\", …) maps the one account of the WeChat section, but no AddWeChatWebhook registered the webhook's services. "
                + "Call builder.Services.AddWeChatWebhook(builder.Configuration) before builder.Build().",
                error.Message);
        }

        [Fact]
        public async Task Mapping_an_account_that_was_not_registered_names_its_registration_rather_than_calling_its_configured_token_unset()
        {
            await using WebApplication app = Build(b => b.Services.AddWeChatWebhook(b.Configuration));

            var error = Assert.Throws<InvalidOperationException>(() => app.MapWeChat("/wechat/shop", "shop", _ => { }));

            Assert.Equal(
                "MapWeChat(\"/wechat/shop\", \"shop\", …) maps the account \"shop\" (WeChat:Accounts:shop), but AddWeChatWebhook registered only the one account. "
                + "Call builder.Services.AddWeChatWebhook(\"shop\", builder.Configuration) before builder.Build().",
                error.Message);
        }

        [Fact]
        public async Task Mapping_the_one_account_when_only_named_accounts_were_registered_lists_them()
        {
            await using WebApplication app = Build(b => b.Services.AddWeChatWebhook("shop", b.Configuration).AddWeChatWebhook("news", b.Configuration, o => o.Token = "news-token"));

            var error = Assert.Throws<InvalidOperationException>(() => app.MapWeChat("/wechat", _ => { }));

            Assert.Equal(
                "MapWeChat(\"/wechat\", …) maps the one account of the WeChat section, but AddWeChatWebhook registered only \"shop\" and \"news\". "
                + "Call builder.Services.AddWeChatWebhook(builder.Configuration) before builder.Build().",
                error.Message);
        }

        [Fact]
        public async Task A_handler_registered_for_an_account_no_endpoint_serves_stops_the_start_and_names_the_mapped_ones()
        {
            await using WebApplication app = Build(b => b.Services
                .AddWeChatWebhook(b.Configuration)
                .AddWeChatWebhook("shop", b.Configuration)
                .AddWeChatHandler<TextMessage, TextHandler>("shpo"));
            app.MapWeChat("/wechat", _ => { });
            app.MapWeChat("/wechat/shop", "shop", _ => { });

            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => app.StartAsync());

            Assert.Equal(
                "AddWeChatHandler<TextMessage, TextHandler>(\"shpo\") registers a handler for an account that no WeChat endpoint serves "
                + "(mapped: MapWeChat(\"/wechat\"), MapWeChat(\"/wechat/shop\", \"shop\")). Map that account's endpoint with app.MapWeChat(pattern, account, …), or correct the name.",
                error.Message);
        }

        [Fact]
        public async Task Handlers_for_mapped_accounts_and_an_application_that_maps_no_webhook_start()
        {
            await using WebApplication served = Build(b => b.Services
                .AddWeChatWebhook("shop", b.Configuration)
                .AddWeChatHandler<TextMessage, TextHandler>()
                .AddWeChatHandler<TextMessage, TextHandler>("shop"));
            served.MapWeChat("/wechat/shop", "shop", _ => { });
            await using WebApplication worker = Build(b => b.Services
                .AddWeChatWebhook("shop", b.Configuration)
                .AddWeChatHandler<TextMessage, TextHandler>("shop"));

            await served.StartAsync();
            await worker.StartAsync();

            await served.StopAsync();
            await worker.StopAsync();
        }

        [Theory]
        [InlineData("shop", null)]
        [InlineData("shpo", "AddWeChatHandler<TextMessage, TextHandler>(\"shpo\") registers a handler for an account that no WeChat endpoint serves (mapped: MapWeChat(\"/wechat/shop\", \"shop\")).")]
        public async Task A_Startup_style_host_that_maps_in_UseEndpoints_is_checked_the_same_way(string handlerAccount, string? error)
        {
            using IHost host = Host.CreateDefaultBuilder()
                .ConfigureLogging(logging => logging.ClearProviders())
                .ConfigureWebHostDefaults(web => web
                    .UseTestServer()
                    .ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(Settings))
                    .ConfigureServices((context, services) => services
                        .AddRouting()
                        .AddWeChatWebhook("shop", context.Configuration)
                        .AddWeChatHandler<TextMessage, TextHandler>(handlerAccount))
                    .Configure(app => app
                        .UseRouting()
                        .UseEndpoints(endpoints => endpoints.MapWeChat("/wechat/shop", "shop", _ => { }))))
                .Build();

            if (error is null)
            {
                await host.StartAsync();
                await host.StopAsync();
            }
            else
            {
                var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());
                Assert.StartsWith(error, thrown.Message, StringComparison.Ordinal);
            }
        }

        private sealed class TextHandler : IWeChatHandler<TextMessage>
        {
            public ValueTask<WeChatReply?> HandleAsync(TextMessage message, WeChatHandlerContext context) => new(new TextReply { Content = "text" });
        }
    }
}
