using System;
using System.Linq;
using System.Net.Http;
using System.Threading;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WeChat.OfficialAccount.Http.Tokens;

namespace WeChat.OfficialAccount.Http
{
    /// <summary>Registers the WeChat API client in a service collection.</summary>
    public static class WeChatServiceCollectionExtensions
    {
        /// <summary>The name of the HttpClient the WeChat client uses.</summary>
        public const string HttpClientName = "WeChat";

        /// <summary>
        /// Adds the client as <see cref="AddWeChatClient(IServiceCollection, Action{WeChatApiClientOptions})"/> does, its
        /// options read from the <c>WeChat</c> configuration section — <c>AppId</c>, <c>AppSecret</c>, <c>UseStableToken</c>,
        /// <c>TokenRefreshMargin</c>, <c>MaxGetRetries</c>, <c>RetryDelay</c> (durations in seconds or as hh:mm:ss) — so
        /// environment variables such as <c>WeChat__AppSecret</c> work; then <paramref name="configure"/>. The section is
        /// the one <c>AddWeChatWebhook</c> reads its Token and AppId from. Settings the client cannot work with (no AppId,
        /// a credential with a trailing line break, a malformed or negative value) stop the host at start with what to fix.
        /// </summary>
        /// <param name="services">The service collection.</param>
        /// <param name="configuration">The application's configuration; its <c>WeChat</c> section is read.</param>
        /// <param name="configure">Sets what configuration cannot, e.g. <see cref="WeChatApiClientOptions.ResolveHost"/>.</param>
        public static IServiceCollection AddWeChatClient(this IServiceCollection services, IConfiguration configuration, Action<WeChatApiClientOptions>? configure = null)
        {
            ArgumentNullException.ThrowIfNull(services);
            ArgumentNullException.ThrowIfNull(configuration);
            IConfigurationSection section = configuration.GetSection("WeChat");
            return services.AddWeChatClient(options =>
            {
                Bind(section, options);
                configure?.Invoke(options);
            });
        }

        /// <summary>
        /// Adds the client of one of several accounts an application serves, as a keyed service: inject it with
        /// <c>[FromKeyedServices("shop")] WeChatApiClient client</c> (or <c>GetRequiredKeyedService</c>), the webhook
        /// <c>MapWeChat(pattern, "shop", …)</c> maps sends that account's late replies through it. Its options (named
        /// <paramref name="account"/>) are read from <c>WeChat:Accounts:{account}</c> — <c>AppId</c>, <c>AppSecret</c> and
        /// the rest as for the one-account client, e.g. <c>WeChat__Accounts__shop__AppSecret</c> — then
        /// <paramref name="configure"/>. The token store, its refresh lock and the HttpClient are shared; tokens are kept
        /// per AppID. A keyed <see cref="WeChatJsSdk"/> comes along.
        /// </summary>
        /// <param name="services">The service collection.</param>
        /// <param name="account">The account's name: the service key, and the section under <c>WeChat:Accounts</c>.</param>
        /// <param name="configuration">The application's configuration.</param>
        /// <param name="configure">Sets what configuration cannot.</param>
        /// <exception cref="ArgumentException">The name is empty or carries ':' or whitespace.</exception>
        public static IServiceCollection AddWeChatClient(this IServiceCollection services, string account, IConfiguration configuration, Action<WeChatApiClientOptions>? configure = null)
        {
            ArgumentNullException.ThrowIfNull(services);
            WeChatConfigurationValues.CheckAccountName(account);
            ArgumentNullException.ThrowIfNull(configuration);
            IConfigurationSection section = configuration.GetSection(WeChatConfigurationValues.SectionOf(account));
            services.AddOptions<WeChatApiClientOptions>(account).Configure(options =>
            {
                Bind(section, options);
                configure?.Invoke(options);
            }).ValidateOnStart();
            AddShared(services);
            services.AddKeyedSingleton(account, static (provider, key) => NewClient(provider, (string)key!));
            services.AddKeyedSingleton(account, static (provider, key) => NewJsSdk(provider, provider.GetRequiredKeyedService<WeChatApiClient>(key), (string)key!));
            return services;
        }

        /// <summary>
        /// Adds <see cref="WeChatApiClient"/> (one per application, so the token cache and its single-flight refresh are
        /// shared), <see cref="WeChatJsSdk"/>, the in-memory <see cref="IWeChatTokenStore"/> unless one is registered,
        /// and a named HttpClient whose connections are recycled every few minutes so DNS changes are seen.
        /// </summary>
        /// <param name="services">The service collection.</param>
        /// <param name="configure">Sets AppId, AppSecret and the other options.</param>
        public static IServiceCollection AddWeChatClient(this IServiceCollection services, Action<WeChatApiClientOptions> configure)
        {
            ArgumentNullException.ThrowIfNull(services);
            ArgumentNullException.ThrowIfNull(configure);
            services.AddOptions<WeChatApiClientOptions>().Configure(configure).ValidateOnStart();
            AddShared(services);
            services.TryAddSingleton(static provider => NewClient(provider, Options.DefaultName));
            services.TryAddSingleton(static provider => NewJsSdk(provider, provider.GetRequiredService<WeChatApiClient>(), Options.DefaultName));
            return services;
        }

        /// <summary>Reads the client's settings from its section (<c>WeChat</c>, or an account's).</summary>
        private static void Bind(IConfigurationSection section, WeChatApiClientOptions options)
        {
            options.AppId = section["AppId"] ?? options.AppId;
            options.AppSecret = section["AppSecret"] ?? options.AppSecret;
            options.UseStableToken = WeChatConfigurationValues.Boolean(section, "UseStableToken") ?? options.UseStableToken;
            options.TokenRefreshMargin = WeChatConfigurationValues.Duration(section, "TokenRefreshMargin", allowZero: true) ?? options.TokenRefreshMargin;
            options.MaxGetRetries = WeChatConfigurationValues.WholeNumber(section, "MaxGetRetries", minimum: 0, unit: "retries") ?? options.MaxGetRetries;
            options.RetryDelay = WeChatConfigurationValues.Duration(section, "RetryDelay", allowZero: true) ?? options.RetryDelay;
        }

        /// <summary>What every client of the application shares: the validator, the token store, the clock, the HttpClient.</summary>
        private static void AddShared(IServiceCollection services)
        {
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WeChatApiClientOptions>, WeChatApiClientOptionsValidator>());
            services.TryAddSingleton<IWeChatTokenStore, InMemoryWeChatTokenStore>();
            services.TryAddSingleton(TimeProvider.System);

            // Configured once: every call would otherwise add another primary-handler factory to the one named client,
            // and the factory would build a handler per registration to keep only the last (one client per account).
            if (services.Any(static descriptor => descriptor.ServiceType == typeof(SharedHttpClientConfigured)))
            {
                return;
            }

            services.AddSingleton<SharedHttpClientConfigured>();
            services.AddHttpClient(HttpClientName)
                .ConfigurePrimaryHttpMessageHandler(static () => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
                .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
        }

        /// <summary>Marks a service collection whose WeChat HttpClient is configured.</summary>
        private sealed class SharedHttpClientConfigured;

        /// <summary>The client whose options are named <paramref name="name"/> (<see cref="Options.DefaultName"/> for the one-account client).</summary>
        private static WeChatApiClient NewClient(IServiceProvider provider, string name) => new(
            provider.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName),
            OptionsOf(provider, name),
            provider.GetRequiredService<IWeChatTokenStore>(),
            provider.GetService<ILogger<WeChatApiClient>>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetService<IWeChatTokenRefreshLock>());

        private static WeChatJsSdk NewJsSdk(IServiceProvider provider, WeChatApiClient client, string name) => new(
            client,
            OptionsOf(provider, name).AppId,
            provider.GetRequiredService<IWeChatTokenStore>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetService<IWeChatTokenRefreshLock>());

        private static WeChatApiClientOptions OptionsOf(IServiceProvider provider, string name) => name == Options.DefaultName
            ? provider.GetRequiredService<IOptions<WeChatApiClientOptions>>().Value
            : provider.GetRequiredService<IOptionsMonitor<WeChatApiClientOptions>>().Get(name);
    }
}
