using System;
using System.Net.Http;
using System.Threading;
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
            services.AddOptions<WeChatApiClientOptions>().Configure(configure);
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
