using System;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using WeChat.OfficialAccount.AspNetCore.State;

namespace WeChat.OfficialAccount.AspNetCore
{
    /// <summary>Registers and maps the WeChat webhook.</summary>
    public static class WeChatEndpointExtensions
    {
        /// <summary>
        /// Adds the webhook's services, its options bound from the <c>WeChat</c> configuration section (then
        /// <paramref name="configure"/>), and the in-memory de-duplicator.
        /// </summary>
        public static IServiceCollection AddWeChatWebhook(this IServiceCollection services, IConfiguration? configuration = null, Action<WeChatWebhookOptions>? configure = null)
        {
            ArgumentNullException.ThrowIfNull(services);
            var builder = services.AddOptions<WeChatWebhookOptions>();
            if (configuration is not null)
            {
                IConfigurationSection section = configuration.GetSection("WeChat");
                builder.Configure(options =>
                {
                    options.Token = section["Token"] ?? options.Token;
                    options.AppId = section["AppId"] ?? options.AppId;
                    options.AppSecret = section["AppSecret"] ?? options.AppSecret;
                    options.EncodingAESKey = section["EncodingAESKey"] ?? options.EncodingAESKey;
                });
            }

            if (configure is not null)
            {
                builder.Configure(configure);
            }

            services.TryAddSingleton(TimeProvider.System);
            services.TryAddSingleton(provider => new WeChatDeduplicator(provider.GetRequiredService<TimeProvider>()));
            services.TryAddSingleton<IWeChatConversationStore>(provider => new InMemoryWeChatConversationStore(provider.GetRequiredService<TimeProvider>()));
            services.AddHostedService<WeChatConversationCleanup>();
            return services;
        }

        /// <summary>Maps GET (URL verification) and POST (pushes) of the webhook at <paramref name="pattern"/>.</summary>
        /// <param name="endpoints">The route builder.</param>
        /// <param name="pattern">The path configured on the platform, e.g. /wechat.</param>
        /// <param name="configure">Registers the handlers.</param>
        public static IEndpointConventionBuilder MapWeChat(this IEndpointRouteBuilder endpoints, string pattern, Action<WeChatHandlers> configure)
        {
            ArgumentNullException.ThrowIfNull(endpoints);
            ArgumentNullException.ThrowIfNull(configure);
            var handlers = new WeChatHandlers();
            configure(handlers);
            var webhook = new WeChatWebhook(handlers, endpoints.ServiceProvider);
            return endpoints.MapMethods(pattern, new[] { "GET", "POST" }, webhook.HandleAsync);
        }
    }
}
