using System;
using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
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
                    options.EncodingAESKey = section["EncodingAESKey"] ?? options.EncodingAESKey;
                    options.TimestampWindow = section["TimestampWindow"] is { Length: 0 }
                        ? null
                        : WeChatConfigurationValues.Duration(section, "TimestampWindow") ?? options.TimestampWindow;
                    options.MaxBodyBytes = WeChatConfigurationValues.WholeNumber(section, "MaxBodyBytes", minimum: 1, unit: "bytes") ?? options.MaxBodyBytes;
                    options.Deadline = WeChatConfigurationValues.Duration(section, "Deadline") ?? options.Deadline;
                    options.ConversationTimeToLive = WeChatConfigurationValues.Duration(section, "ConversationTimeToLive") ?? options.ConversationTimeToLive;
                    options.DeduplicationWindow = WeChatConfigurationValues.Duration(section, "DeduplicationWindow") ?? options.DeduplicationWindow;
                    options.TakeTurnsPerSender = WeChatConfigurationValues.Boolean(section, "TakeTurnsPerSender") ?? options.TakeTurnsPerSender;
                    options.SenderTurnLimit = WeChatConfigurationValues.Duration(section, "SenderTurnLimit") ?? options.SenderTurnLimit;
                });
            }

            if (configure is not null)
            {
                builder.Configure(configure);
            }

            builder.ValidateOnStart();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WeChatWebhookOptions>, WeChatWebhookOptionsValidator>());
            services.TryAddSingleton(TimeProvider.System);
            services.TryAddSingleton(provider => new WeChatDeduplicator(provider.GetRequiredService<TimeProvider>()));
            services.TryAddSingleton<IWeChatConversationStore>(provider => new InMemoryWeChatConversationStore(provider.GetRequiredService<TimeProvider>()));
            services.AddHostedService<WeChatConversationCleanup>();
            services.TryAddSingleton<WeChatLateWork>();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, WeChatLateWork>(provider => provider.GetRequiredService<WeChatLateWork>()));
            return services;
        }

        /// <summary>
        /// Registers <typeparamref name="THandler"/> (scoped) as the handler of <typeparamref name="TMessage"/> on every
        /// endpoint <see cref="MapWeChat"/> maps; a handler mapped in <c>MapWeChat</c>'s callback for the same type wins.
        /// </summary>
        public static IServiceCollection AddWeChatHandler<TMessage, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>(this IServiceCollection services)
            where TMessage : WeChatMessage
            where THandler : class, IWeChatHandler<TMessage>
        {
            ArgumentNullException.ThrowIfNull(services);
            services.TryAddScoped<THandler>();
            services.AddSingleton(new WeChatHandlerRegistration(static handlers => handlers.On<TMessage, THandler>()));
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
            foreach (WeChatHandlerRegistration registration in endpoints.ServiceProvider.GetServices<WeChatHandlerRegistration>())
            {
                registration.Apply(handlers);
            }

            configure(handlers);
            var webhook = new WeChatWebhook(handlers, endpoints.ServiceProvider);
            return endpoints.MapMethods(pattern, new[] { "GET", "POST" }, webhook.HandleAsync);
        }
    }
}
