using System;
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
                options.AppId = section["AppId"] ?? options.AppId;
                options.AppSecret = section["AppSecret"] ?? options.AppSecret;
                options.UseStableToken = WeChatConfigurationValues.Boolean(section, "UseStableToken") ?? options.UseStableToken;
                options.TokenRefreshMargin = WeChatConfigurationValues.Duration(section, "TokenRefreshMargin", allowZero: true) ?? options.TokenRefreshMargin;
                options.MaxGetRetries = WeChatConfigurationValues.WholeNumber(section, "MaxGetRetries", minimum: 0, unit: "retries") ?? options.MaxGetRetries;
                options.RetryDelay = WeChatConfigurationValues.Duration(section, "RetryDelay", allowZero: true) ?? options.RetryDelay;
                configure?.Invoke(options);
            });
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
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WeChatApiClientOptions>, WeChatApiClientOptionsValidator>());
            services.TryAddSingleton<IWeChatTokenStore, InMemoryWeChatTokenStore>();
            services.TryAddSingleton(TimeProvider.System);
            services.AddHttpClient(HttpClientName)
                .ConfigurePrimaryHttpMessageHandler(static () => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
                .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
            services.TryAddSingleton(static provider => new WeChatApiClient(
                provider.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName),
                provider.GetRequiredService<IOptions<WeChatApiClientOptions>>().Value,
                provider.GetRequiredService<IWeChatTokenStore>(),
                provider.GetService<ILogger<WeChatApiClient>>(),
                provider.GetRequiredService<TimeProvider>(),
                provider.GetService<IWeChatTokenRefreshLock>()));
            services.TryAddSingleton(static provider => new WeChatJsSdk(
                provider.GetRequiredService<WeChatApiClient>(),
                provider.GetRequiredService<IOptions<WeChatApiClientOptions>>().Value.AppId,
                provider.GetRequiredService<IWeChatTokenStore>(),
                provider.GetRequiredService<TimeProvider>(),
                provider.GetService<IWeChatTokenRefreshLock>()));
            return services;
        }
    }
}
