using System;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
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
                    options.AppSecret = section["AppSecret"] ?? options.AppSecret;
                    options.EncodingAESKey = section["EncodingAESKey"] ?? options.EncodingAESKey;
                    options.TimestampWindow = section["TimestampWindow"] is { } window
                        ? (window.Length == 0 ? null : Duration(section, "TimestampWindow"))
                        : options.TimestampWindow;
                    options.MaxBodyBytes = section["MaxBodyBytes"] is { } max
                        ? int.TryParse(max, NumberStyles.None, CultureInfo.InvariantCulture, out int bytes) && bytes > 0
                            ? bytes
                            : throw new InvalidOperationException($"WeChat:MaxBodyBytes must be a positive whole number of bytes, not \"{max}\".")
                        : options.MaxBodyBytes;
                    options.Deadline = section["Deadline"] is null ? options.Deadline : Duration(section, "Deadline");
                    options.ConversationTimeToLive = section["ConversationTimeToLive"] is null ? options.ConversationTimeToLive : Duration(section, "ConversationTimeToLive");
                    options.DeduplicationWindow = section["DeduplicationWindow"] is null ? options.DeduplicationWindow : Duration(section, "DeduplicationWindow");
                    options.TakeTurnsPerSender = section["TakeTurnsPerSender"] is { } turns
                        ? bool.TryParse(turns, out bool take)
                            ? take
                            : throw new InvalidOperationException($"WeChat:TakeTurnsPerSender must be true or false, not \"{turns}\".")
                        : options.TakeTurnsPerSender;
                    options.SenderTurnLimit = section["SenderTurnLimit"] is null ? options.SenderTurnLimit : Duration(section, "SenderTurnLimit");
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

        /// <summary>A positive duration written as a TimeSpan ("00:00:04.5") or in seconds ("4.5").</summary>
        private static TimeSpan Duration(IConfigurationSection section, string key)
        {
            string text = section[key]!;
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) && seconds > 0 && seconds < TimeSpan.MaxValue.TotalSeconds)
            {
                return TimeSpan.FromSeconds(seconds);
            }

            if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out TimeSpan value) && value > TimeSpan.Zero)
            {
                return value;
            }

            throw new InvalidOperationException($"WeChat:{key} must be a positive duration, in seconds (\"4.5\") or as hh:mm:ss (\"00:00:04.5\"), not \"{text}\".");
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
