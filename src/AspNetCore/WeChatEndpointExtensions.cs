using System;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
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
            return AddWebhook(services, Options.DefaultName, configuration?.GetSection("WeChat"), configure);
        }

        /// <summary>
        /// Adds the webhook of one of several accounts an application serves: its options (named
        /// <paramref name="account"/>) bound from <c>WeChat:Accounts:{account}</c> — <c>Token</c>, <c>AppId</c>,
        /// <c>EncodingAESKey</c> and the rest, e.g. <c>WeChat__Accounts__shop__Token</c> — then <paramref name="configure"/>.
        /// Map it with <see cref="MapWeChat(IEndpointRouteBuilder, string, string, Action{WeChatHandlers})"/> and give it
        /// its late replies' client with <c>AddWeChatClient(account, configuration)</c>. The accounts share the state
        /// store (conversations are per OpenID, which the platform issues per account) and keep their de-duplication
        /// keys apart.
        /// </summary>
        /// <exception cref="ArgumentException">The name is empty or carries ':' or whitespace.</exception>
        public static IServiceCollection AddWeChatWebhook(this IServiceCollection services, string account, IConfiguration? configuration = null, Action<WeChatWebhookOptions>? configure = null)
        {
            ArgumentNullException.ThrowIfNull(services);
            WeChatConfigurationValues.CheckAccountName(account);
            return AddWebhook(services, account, configuration?.GetSection(WeChatConfigurationValues.SectionOf(account)), configure);
        }

        private static IServiceCollection AddWebhook(IServiceCollection services, string name, IConfigurationSection? section, Action<WeChatWebhookOptions>? configure)
        {
            var builder = services.AddOptions<WeChatWebhookOptions>(name);
            if (section is not null)
            {
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
                    options.LateReplyRetries = WeChatConfigurationValues.WholeNumber(section, "LateReplyRetries", minimum: 0, unit: "retries") ?? options.LateReplyRetries;
                    options.LateReplyRetryDelay = WeChatConfigurationValues.Duration(section, "LateReplyRetryDelay") ?? options.LateReplyRetryDelay;
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
            services.AddSingleton(new WeChatWebhookRegistration(name == Options.DefaultName ? null : name));
            AddEndpointChecks(services);
            return services;
        }

        /// <summary>What lets mistakes between the registrations and the mapped endpoints be said at start.</summary>
        private static void AddEndpointChecks(IServiceCollection services)
        {
            services.TryAddSingleton<WeChatWebhookMap>();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, WeChatHandlerAccountsCheck>());
        }

        /// <summary>
        /// Registers <typeparamref name="THandler"/> (scoped) as the handler of <typeparamref name="TMessage"/> on every
        /// endpoint <c>MapWeChat</c> maps (for every account; <c>AddWeChatHandler(account)</c> registers one for a single
        /// account); a handler mapped in <c>MapWeChat</c>'s callback for the same type wins.
        /// </summary>
        public static IServiceCollection AddWeChatHandler<TMessage, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>(this IServiceCollection services)
            where TMessage : WeChatMessage
            where THandler : class, IWeChatHandler<TMessage>
        {
            ArgumentNullException.ThrowIfNull(services);
            services.TryAddScoped<THandler>();
            services.AddSingleton(new WeChatHandlerRegistration(static handlers => handlers.On<TMessage, THandler>(), $"AddWeChatHandler<{typeof(TMessage).Name}, {typeof(THandler).Name}>()"));
            return services;
        }

        /// <summary>
        /// Registers <typeparamref name="THandler"/> (scoped) as the handler of <typeparamref name="TMessage"/> on the
        /// endpoint of one of several accounts only (<c>MapWeChat(pattern, account, …)</c>); it wins over a handler
        /// <see cref="AddWeChatHandler{TMessage, THandler}(IServiceCollection)"/> registered for every endpoint, and a
        /// handler mapped in <c>MapWeChat</c>'s callback for the same type wins over it.
        /// </summary>
        /// <exception cref="ArgumentException">The name is empty or carries ':' or whitespace.</exception>
        public static IServiceCollection AddWeChatHandler<TMessage, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>(this IServiceCollection services, string account)
            where TMessage : WeChatMessage
            where THandler : class, IWeChatHandler<TMessage>
        {
            ArgumentNullException.ThrowIfNull(services);
            WeChatConfigurationValues.CheckAccountName(account);
            services.TryAddScoped<THandler>();
            services.AddSingleton(new WeChatHandlerRegistration(static handlers => handlers.On<TMessage, THandler>(), $"AddWeChatHandler<{typeof(TMessage).Name}, {typeof(THandler).Name}>(\"{account}\")", account));
            AddEndpointChecks(services);
            return services;
        }

        /// <summary>Maps GET (URL verification) and POST (pushes) of the webhook at <paramref name="pattern"/>.</summary>
        /// <param name="endpoints">The route builder.</param>
        /// <param name="pattern">The path configured on the platform, e.g. /wechat.</param>
        /// <param name="configure">Registers the handlers.</param>
        public static IEndpointConventionBuilder MapWeChat(this IEndpointRouteBuilder endpoints, string pattern, Action<WeChatHandlers> configure) =>
            Map(endpoints, pattern, account: null, configure);

        /// <summary>
        /// Maps the webhook of one of several accounts (registered with <c>AddWeChatWebhook(account, …)</c>) at
        /// <paramref name="pattern"/>: pushes are checked with that account's Token and EncodingAESKey, its late replies
        /// go out through <c>AddWeChatClient(account, …)</c>'s client, and its handlers see the name in
        /// <see cref="WeChatHandlerContext.Account"/>.
        /// </summary>
        /// <param name="endpoints">The route builder.</param>
        /// <param name="pattern">The path configured on that account's platform settings, e.g. /wechat/shop.</param>
        /// <param name="account">The account's name.</param>
        /// <param name="configure">Registers the handlers.</param>
        /// <exception cref="ArgumentException">The name is empty or carries ':' or whitespace.</exception>
        /// <exception cref="OptionsValidationException">The account's settings are missing or unusable (e.g. no Token).</exception>
        public static IEndpointConventionBuilder MapWeChat(this IEndpointRouteBuilder endpoints, string pattern, string account, Action<WeChatHandlers> configure)
        {
            WeChatConfigurationValues.CheckAccountName(account);
            return Map(endpoints, pattern, account, configure);
        }

        private static IEndpointConventionBuilder Map(IEndpointRouteBuilder endpoints, string pattern, string? account, Action<WeChatHandlers> configure)
        {
            ArgumentNullException.ThrowIfNull(endpoints);
            ArgumentNullException.ThrowIfNull(configure);
            CheckRegistered(endpoints.ServiceProvider, pattern, account);
            var handlers = new WeChatHandlers();
            WeChatHandlerRegistration[] registrations = endpoints.ServiceProvider.GetServices<WeChatHandlerRegistration>().ToArray();
            foreach (WeChatHandlerRegistration registration in registrations)
            {
                if (registration.Account is null)
                {
                    registration.Apply(handlers);
                }
            }

            // Then the account's own, which win over those of every endpoint.
            foreach (WeChatHandlerRegistration registration in registrations)
            {
                if (account is not null && registration.Account == account)
                {
                    registration.Apply(handlers);
                }
            }

            configure(handlers);
            var webhook = new WeChatWebhook(handlers, endpoints.ServiceProvider, account);
            endpoints.ServiceProvider.GetRequiredService<WeChatWebhookMap>().Add(account, pattern);
            return endpoints.MapMethods(pattern, new[] { "GET", "POST" }, webhook.HandleAsync);
        }

        /// <summary>
        /// Fails when the account <c>MapWeChat</c> maps was not registered with <c>AddWeChatWebhook</c>: its options would
        /// be the defaults (and its settings, though configured, reported as not set) and its services missing.
        /// </summary>
        private static void CheckRegistered(IServiceProvider services, string pattern, string? account)
        {
            string?[] registered = services.GetServices<WeChatWebhookRegistration>().Select(registration => registration.Account).Distinct().ToArray();
            if (registered.Contains(account))
            {
                return;
            }

            string mapping = account is null ? $"MapWeChat(\"{pattern}\", …)" : $"MapWeChat(\"{pattern}\", \"{account}\", …)";
            string needed = account is null ? "builder.Services.AddWeChatWebhook(builder.Configuration)" : $"builder.Services.AddWeChatWebhook(\"{account}\", builder.Configuration)";
            string what = account is null ? "the one account of the WeChat section" : $"the account \"{account}\" (WeChat:Accounts:{account})";
            string others = registered.Length == 0
                ? "no AddWeChatWebhook registered the webhook's services"
                : "AddWeChatWebhook registered only " + string.Join(" and ", registered.Select(name => name is null ? "the one account" : $"\"{name}\""));
            throw new InvalidOperationException($"{mapping} maps {what}, but {others}. Call {needed} before builder.Build().");
        }
    }
}
