using System;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using WeChat.OfficialAccount.AspNetCore.State.Postgres;
using WeChat.OfficialAccount.AspNetCore.State.Sqlite;
using WeChat.OfficialAccount.Http.Tokens;

namespace WeChat.OfficialAccount.AspNetCore.State
{
    /// <summary>Registers a database state store as every hosting state service.</summary>
    public static class WeChatStateServiceCollectionExtensions
    {
        /// <summary>
        /// Keeps tokens, conversation contexts, delivery records and the lock in one SQLite file (one process).
        /// Replaces any earlier registration, including <c>AddWeChatClient</c>'s in-memory token store, so it may be
        /// called before or after it.
        /// </summary>
        /// <param name="services">The service collection.</param>
        /// <param name="connectionString">A Microsoft.Data.Sqlite connection string, e.g. <c>Data Source=wechat.db</c>.</param>
        public static IServiceCollection AddWeChatSqliteState(this IServiceCollection services, string connectionString)
        {
            ArgumentNullException.ThrowIfNull(services);
            ArgumentException.ThrowIfNullOrEmpty(connectionString);
            services.AddSingleton(provider => new SqliteWeChatStateStore(connectionString, provider.GetService<TimeProvider>()));
            return RegisterAsAll<SqliteWeChatStateStore>(services);
        }

        /// <summary>
        /// Keeps tokens, conversation contexts, delivery records and the lock in PostgreSQL, shared by every instance
        /// behind a load balancer. Replaces any earlier registration, including <c>AddWeChatClient</c>'s in-memory
        /// token store, so it may be called before or after it.
        /// </summary>
        /// <param name="services">The service collection.</param>
        /// <param name="connectionString">An Npgsql connection string, e.g. <c>Host=db;Username=wechat;Password=…;Database=wechat</c>.</param>
        public static IServiceCollection AddWeChatPostgresState(this IServiceCollection services, string connectionString)
        {
            ArgumentNullException.ThrowIfNull(services);
            ArgumentException.ThrowIfNullOrEmpty(connectionString);
            services.AddSingleton(provider => new PostgresWeChatStateStore(connectionString, provider.GetService<TimeProvider>()));
            return RegisterAsAll<PostgresWeChatStateStore>(services);
        }

        private static IServiceCollection RegisterAsAll<TStore>(IServiceCollection services)
            where TStore : class, IWeChatTokenStore, IWeChatConversationStore, IWeChatDeliveryStore, IWeChatLock
        {
            services.RemoveAll<IWeChatTokenStore>();
            services.RemoveAll<IWeChatConversationStore>();
            services.RemoveAll<IWeChatDeliveryStore>();
            services.RemoveAll<IWeChatLock>();
            services.RemoveAll<IWeChatTokenRefreshLock>();
            services.AddSingleton<IWeChatTokenStore>(provider => provider.GetRequiredService<TStore>());
            services.AddSingleton<IWeChatConversationStore>(provider => provider.GetRequiredService<TStore>());
            services.AddSingleton<IWeChatDeliveryStore>(provider => provider.GetRequiredService<TStore>());
            services.AddSingleton<IWeChatLock>(provider => provider.GetRequiredService<TStore>());
            services.AddSingleton<IWeChatTokenRefreshLock>(provider => provider.GetRequiredService<TStore>());
            return services;
        }
    }
}
