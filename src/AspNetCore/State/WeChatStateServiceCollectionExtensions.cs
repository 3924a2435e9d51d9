using System;
using System.IO;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using WeChat.OfficialAccount.AspNetCore.State.Postgres;
using WeChat.OfficialAccount.AspNetCore.State.Sqlite;
using WeChat.OfficialAccount.Http.Tokens;

namespace WeChat.OfficialAccount.AspNetCore.State
{
    /// <summary>Registers a database state store as every hosting state service.</summary>
    public static class WeChatStateServiceCollectionExtensions
    {
        /// <summary>
        /// Keeps tokens, conversation contexts, delivery records and the lock in one SQLite file, for one process (a second
        /// store on the same file fails to open).
        /// Replaces any earlier registration, including <c>AddWeChatClient</c>'s in-memory token store, so it may be
        /// called before or after it.
        /// </summary>
        /// <param name="services">The service collection.</param>
        /// <param name="connectionString">A Microsoft.Data.Sqlite connection string, e.g. <c>Data Source=wechat.db</c>.</param>
        public static IServiceCollection AddWeChatSqliteState(this IServiceCollection services, string connectionString)
        {
            ArgumentNullException.ThrowIfNull(services);
            ArgumentException.ThrowIfNullOrEmpty(connectionString);
            services.AddSingleton(provider =>
            {
                WarnWhenWatched(provider, connectionString);
                return new SqliteWeChatStateStore(connectionString, provider.GetService<TimeProvider>());
            });
            return RegisterAsAll<SqliteWeChatStateStore>(services);
        }

        /// <summary>
        /// Registers an open SQLite store as every state service, like <see cref="AddWeChatSqliteState(IServiceCollection, string)"/>:
        /// for several hosts in one process that share one file (a file has one store at a time). The caller owns the
        /// store and disposes it after the hosts.
        /// </summary>
        /// <param name="services">The service collection.</param>
        /// <param name="store">The store, e.g. from <see cref="SqliteWeChatStateStore.ForFile"/>.</param>
        public static IServiceCollection AddWeChatSqliteState(this IServiceCollection services, SqliteWeChatStateStore store)
        {
            ArgumentNullException.ThrowIfNull(services);
            ArgumentNullException.ThrowIfNull(store);
            // Registered as instances: the container does not dispose what it did not create.
            services.AddSingleton(store);
            return RegisterAsAll(services, store);
        }

        /// <summary>
        /// Keeps tokens, conversation contexts, delivery records and the lock in PostgreSQL, shared by every instance
        /// behind a load balancer. Replaces any earlier registration, including <c>AddWeChatClient</c>'s in-memory
        /// token store, so it may be called before or after it.
        /// </summary>
        /// <param name="services">The service collection.</param>
        /// <param name="connectionString">
        /// An Npgsql connection string, e.g. <c>Host=db;Username=wechat;Password=…;Database=wechat</c>. Where it is silent
        /// the store's pool keeps sessions between uses and prepares statements once per connection (<c>No Reset On
        /// Close=true</c>, <c>Max Auto Prepare=32</c>; see <see cref="PostgresWeChatStateStore(string, TimeProvider?)"/>).
        /// </param>
        public static IServiceCollection AddWeChatPostgresState(this IServiceCollection services, string connectionString)
        {
            ArgumentNullException.ThrowIfNull(services);
            ArgumentException.ThrowIfNullOrEmpty(connectionString);
            try
            {
                _ = new NpgsqlConnectionStringBuilder(connectionString);
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException)
            {
                // Npgsql's reason names the keyword, never a value such as the password.
                string reason = (ex is ArgumentException { ParamName: { } keyword } ? ex.Message.Replace($" (Parameter '{keyword}')", string.Empty, StringComparison.Ordinal) : ex.Message).TrimEnd('.');
                throw new ArgumentException($"The PostgreSQL connection string cannot be read: {reason}. Write it as Host=…;Username=…;Password=…;Database=… (Npgsql's keywords).", ex);
            }

            services.AddSingleton(provider => new PostgresWeChatStateStore(connectionString, provider.GetService<TimeProvider>()));
            // Connects (and creates the tables) at start: a refused login stops the start, an unreachable server is warned of.
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, PostgresStateStartCheck>(
                provider => new PostgresStateStartCheck(provider.GetRequiredService<PostgresWeChatStateStore>(), provider.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance)));
            return RegisterAsAll<PostgresWeChatStateStore>(services);
        }

        /// <summary>
        /// Warns when the SQLite file lies in the content root while configuration reloads on change: the host's file
        /// watcher covers the content root and its folders, and every write of the database (each push) wakes it — under
        /// load a fifth of the CPU a push costs. A data folder elsewhere, or <c>hostBuilder:reloadConfigOnChange=false</c>,
        /// avoids it.
        /// </summary>
        private static void WarnWhenWatched(IServiceProvider provider, string connectionString)
        {
            string? root = provider.GetService<IHostEnvironment>()?.ContentRootPath;
            string source = new SqliteConnectionStringBuilder(connectionString).DataSource;
            if (string.IsNullOrEmpty(root) || source.Length == 0 || source == ":memory:" || source.StartsWith("file:", StringComparison.OrdinalIgnoreCase)
                || string.Equals(provider.GetService<IConfiguration>()?["hostBuilder:reloadConfigOnChange"], "false", StringComparison.OrdinalIgnoreCase))
            {
                return;
            }

            string file = Path.GetFullPath(source);
            string folder = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root)) + Path.DirectorySeparatorChar;
            if (file.StartsWith(folder, OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal))
            {
                provider.GetService<ILoggerFactory>()?.CreateLogger("WeChat.OfficialAccount.AspNetCore.State").LogWarning(
                    "The SQLite state file {File} is inside the content root {ContentRoot}, which the host watches for configuration changes: every write wakes that watcher. "
                    + "Keep the file in a data folder outside the content root, or set hostBuilder:reloadConfigOnChange=false.",
                    file,
                    root);
            }
        }

        private static IServiceCollection RegisterAsAll<TStore>(IServiceCollection services, TStore? instance = null)
            where TStore : class, IWeChatTokenStore, IWeChatConversationStore, IWeChatDeliveryStore, IWeChatLock
        {
            foreach (Type service in new[] { typeof(IWeChatTokenStore), typeof(IWeChatConversationStore), typeof(IWeChatDeliveryStore), typeof(IWeChatLock), typeof(IWeChatTokenRefreshLock) })
            {
                services.RemoveAll(service);

                // An instance is registered as itself, which the container never disposes; otherwise every service is the
                // one store the container created.
                services.Add(instance is null
                    ? ServiceDescriptor.Singleton(service, provider => provider.GetRequiredService<TStore>())
                    : ServiceDescriptor.Singleton(service, instance));
            }

            return services;
        }
    }
}
