using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using WeChat.OfficialAccount.Http.Tokens;

namespace WeChat.OfficialAccount.AspNetCore.State.Sqlite
{
    /// <summary>
    /// All hosting state in one SQLite file: tokens, conversation contexts and delivery records. It survives restarts
    /// and is the embedded default for a single instance. The tables are created on first use.
    /// </summary>
    /// <remarks>
    /// The lock (<see cref="IWeChatLock"/>) is a semaphore inside this process: it is correct for one process using
    /// the file through one store instance (register it once, as a singleton). Several processes or hosts need
    /// <c>PostgresWeChatStateStore</c>. Expiry is stored as Unix seconds and read against the given
    /// <see cref="TimeProvider"/>.
    /// </remarks>
    public sealed class SqliteWeChatStateStore : IWeChatTokenStore, IWeChatConversationStore, IWeChatDeliveryStore, IWeChatLock, IAsyncDisposable, IDisposable
    {
        private const string Schema = """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS wechat_tokens (
                key TEXT PRIMARY KEY NOT NULL,
                value TEXT NOT NULL,
                expires_at INTEGER NOT NULL,
                refresh_at INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS wechat_conversations (
                open_id TEXT PRIMARY KEY NOT NULL,
                data TEXT NOT NULL,
                expires_at INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS wechat_deliveries (
                key TEXT PRIMARY KEY NOT NULL,
                answer TEXT,
                expires_at INTEGER NOT NULL);
            """;

        private readonly TimeProvider _time;
        private readonly InMemoryWeChatLock _lock = new();
        private readonly SqliteWriter _writer;
        private readonly SqliteReaders _readers;
        private volatile bool _schemaReady;
        private long _nextSweep;

        /// <summary>Opens the store on a Microsoft.Data.Sqlite connection string, e.g. <c>Data Source=wechat.db</c>.</summary>
        /// <param name="connectionString">The connection string; the file is created when missing.</param>
        /// <param name="timeProvider">The clock expiry is measured against (the system clock by default).</param>
        public SqliteWeChatStateStore(string connectionString, TimeProvider? timeProvider = null)
        {
            ArgumentException.ThrowIfNullOrEmpty(connectionString);
            _time = timeProvider ?? TimeProvider.System;
            _writer = new SqliteWriter(connectionString, Schema);
            _readers = new SqliteReaders(connectionString);
        }

        /// <summary>Opens the store on the SQLite file at <paramref name="path"/> (created when missing).</summary>
        public static SqliteWeChatStateStore ForFile(string path, TimeProvider? timeProvider = null)
        {
            ArgumentException.ThrowIfNullOrEmpty(path);
            return new SqliteWeChatStateStore(new SqliteConnectionStringBuilder { DataSource = path }.ToString(), timeProvider);
        }

        /// <inheritdoc />
        public async ValueTask<WeChatCachedToken?> GetAsync(string key, CancellationToken cancellationToken)
        {
            await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
            return _readers.Read(
                "SELECT value, expires_at, refresh_at FROM wechat_tokens WHERE key = $key",
                row => row is null
                    ? null
                    : new WeChatCachedToken(row.GetString(0), DateTimeOffset.FromUnixTimeSeconds(row.GetInt64(1)), DateTimeOffset.FromUnixTimeSeconds(row.GetInt64(2))),
                ("$key", key));
        }

        /// <inheritdoc />
        public async ValueTask SetAsync(string key, WeChatCachedToken token, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(token);
            await ExecuteAsync(
                """
                INSERT INTO wechat_tokens (key, value, expires_at, refresh_at) VALUES ($key, $value, $expires, $refresh)
                ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at, refresh_at = excluded.refresh_at
                """,
                cancellationToken,
                ("$key", key), ("$value", token.Value), ("$expires", token.ExpiresAt.ToUnixTimeSeconds()), ("$refresh", token.RefreshAt.ToUnixTimeSeconds())).ConfigureAwait(false);
        }

        /// <inheritdoc />
        public async ValueTask RemoveAsync(string key, string value, CancellationToken cancellationToken)
        {
            // Compare-and-delete: a caller holding a stale token must not remove the one another caller just stored.
            await ExecuteAsync("DELETE FROM wechat_tokens WHERE key = $key AND value = $value", cancellationToken, ("$key", key), ("$value", value)).ConfigureAwait(false);
        }

        /// <inheritdoc />
        async ValueTask<IReadOnlyDictionary<string, string>?> IWeChatConversationStore.GetAsync(string openId, CancellationToken cancellationToken)
        {
            await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
            string? json = _readers.Read(
                "SELECT data FROM wechat_conversations WHERE open_id = $id AND expires_at > $now",
                row => row?.GetString(0),
                ("$id", openId), ("$now", Now()));
            return json is null ? null : WeChatConversationJson.Read(json);
        }

        /// <inheritdoc />
        async ValueTask IWeChatConversationStore.SetAsync(string openId, IReadOnlyDictionary<string, string> values, TimeSpan timeToLive, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(values);
            await ExecuteAsync(
                """
                INSERT INTO wechat_conversations (open_id, data, expires_at) VALUES ($id, $data, $expires)
                ON CONFLICT (open_id) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at
                """,
                cancellationToken,
                ("$id", openId), ("$data", WeChatConversationJson.Write(values)), ("$expires", ExpiresAt(timeToLive))).ConfigureAwait(false);
        }

        /// <inheritdoc />
        public async ValueTask<int> RemoveExpiredAsync(CancellationToken cancellationToken) =>
            await ExecuteAsync("DELETE FROM wechat_conversations WHERE expires_at <= $now", cancellationToken, ("$now", Now())).ConfigureAwait(false);

        /// <inheritdoc />
        public async ValueTask<WeChatDeliveryClaim> ClaimAsync(string key, TimeSpan timeToLive, CancellationToken cancellationToken)
        {
            await SweepDeliveriesAsync(cancellationToken).ConfigureAwait(false);
            long expires = ExpiresAt(timeToLive);
            long now = Now();
            return await _writer.RunAsync(
                writer =>
                {
                    // Insert a new key or take over an expired record; a live one is left and reported. Both statements
                    // run on the single writer inside one transaction, so nothing can come between them.
                    int claimed = writer.Execute(
                        """
                        INSERT INTO wechat_deliveries (key, answer, expires_at) VALUES ($key, NULL, $expires)
                        ON CONFLICT (key) DO UPDATE SET answer = NULL, expires_at = excluded.expires_at
                        WHERE wechat_deliveries.expires_at <= $now
                        """,
                        ("$key", key), ("$expires", expires), ("$now", now));
                    return claimed == 1
                        ? new WeChatDeliveryClaim(true, null)
                        : writer.Read(
                            "SELECT answer FROM wechat_deliveries WHERE key = $key",
                            row => new WeChatDeliveryClaim(false, row is null || row.IsDBNull(0) ? null : row.GetString(0)),
                            ("$key", key));
                },
                cancellationToken).ConfigureAwait(false);
        }

        /// <inheritdoc />
        public async ValueTask CompleteAsync(string key, string answer, TimeSpan timeToLive, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(answer);
            await ExecuteAsync(
                """
                INSERT INTO wechat_deliveries (key, answer, expires_at) VALUES ($key, $answer, $expires)
                ON CONFLICT (key) DO UPDATE SET answer = excluded.answer, expires_at = excluded.expires_at
                """,
                cancellationToken,
                ("$key", key), ("$answer", answer), ("$expires", ExpiresAt(timeToLive))).ConfigureAwait(false);
        }

        /// <inheritdoc />
        public async ValueTask AbandonAsync(string key, CancellationToken cancellationToken)
        {
            // Only a running claim is released; a completed answer stays for the retries.
            await ExecuteAsync("DELETE FROM wechat_deliveries WHERE key = $key AND answer IS NULL", cancellationToken, ("$key", key)).ConfigureAwait(false);
        }

        /// <inheritdoc />
        public ValueTask<IAsyncDisposable> AcquireAsync(string name, CancellationToken cancellationToken) =>
            _lock.AcquireAsync(name, cancellationToken);

        private long Now() => _time.GetUtcNow().ToUnixTimeSeconds();

        private long ExpiresAt(TimeSpan timeToLive) => (_time.GetUtcNow() + timeToLive).ToUnixTimeSeconds();

        private async ValueTask SweepDeliveriesAsync(CancellationToken cancellationToken)
        {
            long now = Now();
            if (now < Volatile.Read(ref _nextSweep))
            {
                return;
            }

            Volatile.Write(ref _nextSweep, now + 60);
            await ExecuteAsync("DELETE FROM wechat_deliveries WHERE expires_at <= $now", cancellationToken, ("$now", now)).ConfigureAwait(false);
        }

        /// <summary>Every write goes through the single writer connection (group commit, no lock races in this process).</summary>
        private Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters) =>
            _writer.RunAsync(writer => writer.Execute(sql, parameters), cancellationToken);

        private async ValueTask EnsureSchemaAsync(CancellationToken cancellationToken)
        {
            if (!_schemaReady)
            {
                // The writer creates the tables when it opens its connection.
                await _writer.RunAsync(_ => 0, cancellationToken).ConfigureAwait(false);
                _schemaReady = true;
            }
        }

        /// <summary>Commits what is queued and closes the writer connection.</summary>
        public async ValueTask DisposeAsync()
        {
            _readers.Dispose();
            await _writer.DisposeAsync().ConfigureAwait(false);
        }

        /// <summary>Commits what is queued and closes the writer connection.</summary>
        public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
