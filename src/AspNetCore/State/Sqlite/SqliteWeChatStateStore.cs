using System;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using WeChat.OfficialAccount.Http.Tokens;

namespace WeChat.OfficialAccount.AspNetCore.State.Sqlite
{
    /// <summary>
    /// All hosting state in one SQLite file: tokens, conversation contexts and the answers of finished deliveries. It
    /// survives restarts and is the embedded default for a single instance. The tables are created on first use.
    /// </summary>
    /// <remarks>
    /// <para>
    /// One process, one store: the store holds <c>&lt;file&gt;.lock</c> while it is open and keeps what it can in memory
    /// in front of the file — conversations it has read or written, deliveries running here, the keys of answers it has
    /// written — so a push costs no read. Every change is committed before the call that makes it returns; writes from
    /// concurrent pushes share one commit. A second store on the same file fails at construction; several instances
    /// behind a load balancer need <c>PostgresWeChatStateStore</c>.
    /// </para>
    /// <para>
    /// A retry that reaches the process after a restart still gets the first answer: the answers of the last window are
    /// in the file and their keys are read once when the store opens. Expiry is stored as Unix seconds and read against
    /// the given <see cref="TimeProvider"/>.
    /// </para>
    /// </remarks>
    public sealed partial class SqliteWeChatStateStore : IWeChatTokenStore, IWeChatConversationStore, IWeChatDeliveryStore, IWeChatLock, IWeChatStateHealth, IAsyncDisposable, IDisposable
    {
        // wechat_deliveries (one row per key, the previous layout) is replaced by an append-only answer log: it held at
        // most a minute of de-duplication records.
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
            DROP TABLE IF EXISTS wechat_deliveries;
            CREATE TABLE IF NOT EXISTS wechat_delivery_answers (
                id INTEGER PRIMARY KEY,
                key TEXT NOT NULL,
                answer TEXT NOT NULL,
                expires_at INTEGER NOT NULL);
            """;

        private readonly TimeProvider _time;
        private readonly InMemoryWeChatLock _lock = new();
        private readonly SqliteFileLock _fileLock;
        private readonly SqliteCheckpointer? _checkpointer;
        private readonly SqliteWriter _writer;
        private readonly SqliteReaders _readers;
        private readonly string _where;
        private Task? _opened;

        /// <summary>Opens the store on a Microsoft.Data.Sqlite connection string, e.g. <c>Data Source=wechat.db</c>.</summary>
        /// <param name="connectionString">The connection string; the file is created when missing.</param>
        /// <param name="timeProvider">The clock expiry is measured against (the system clock by default).</param>
        /// <exception cref="InvalidOperationException">Another store (in this or another process) has the file open.</exception>
        public SqliteWeChatStateStore(string connectionString, TimeProvider? timeProvider = null)
        {
            ArgumentException.ThrowIfNullOrEmpty(connectionString);
            _time = timeProvider ?? TimeProvider.System;
            _fileLock = SqliteFileLock.Acquire(connectionString);
            _checkpointer = _fileLock.HoldsFile ? new SqliteCheckpointer(connectionString) : null;
            _writer = new SqliteWriter(connectionString, Schema, _checkpointer);
            _readers = new SqliteReaders(connectionString);
            string source = new SqliteConnectionStringBuilder(connectionString).DataSource;
            _where = source.Length == 0 || source == ":memory:" || source.StartsWith("file:", StringComparison.OrdinalIgnoreCase) ? source : System.IO.Path.GetFullPath(source);
            _json = new Utf8JsonWriter(_jsonBuffer, WeChatConversationJson.WriterOptions);
        }

        /// <summary>Opens the store on the SQLite file at <paramref name="path"/> (created when missing).</summary>
        /// <exception cref="InvalidOperationException">Another store (in this or another process) has the file open.</exception>
        public static SqliteWeChatStateStore ForFile(string path, TimeProvider? timeProvider = null)
        {
            ArgumentException.ThrowIfNullOrEmpty(path);
            return new SqliteWeChatStateStore(new SqliteConnectionStringBuilder { DataSource = path }.ToString(), timeProvider);
        }

        /// <inheritdoc />
        public async ValueTask<WeChatCachedToken?> GetAsync(string key, CancellationToken cancellationToken)
        {
            await OpenAsync().ConfigureAwait(false);
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
        public ValueTask<IAsyncDisposable> AcquireAsync(string name, CancellationToken cancellationToken) =>
            _lock.AcquireAsync(name, cancellationToken);

        /// <summary>
        /// Runs a statement on the writer connection inside its next batch, as a push's writes run: the file opens, the
        /// write lock is taken and the transaction commits, or the reason is thrown.
        /// </summary>
        public async ValueTask<string> CheckHealthAsync(CancellationToken cancellationToken)
        {
            await OpenAsync().ConfigureAwait(false);
            long bytes = await _writer.RunAsync(
                session => session.Read("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()", row => row?.GetInt64(0) ?? 0),
                cancellationToken).ConfigureAwait(false);
            return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"SQLite {_where} ({bytes / 1048576.0:0.0} MiB)");
        }

        private long Now() => _time.GetUtcNow().ToUnixTimeSeconds();

        private long ExpiresAt(TimeSpan timeToLive) => (_time.GetUtcNow() + timeToLive).ToUnixTimeSeconds();

        /// <summary>Every write goes through the single writer connection (group commit, no lock races in this process).</summary>
        private Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters) =>
            _writer.RunAsync(writer => writer.Execute(sql, parameters), cancellationToken);

        /// <summary>
        /// Completes once the tables exist and the answers of a previous run are known; at once after the first time. An
        /// opening that failed (the file could not be opened or created) is tried again by the next call.
        /// </summary>
        private ValueTask OpenAsync()
        {
            Task? opened = Volatile.Read(ref _opened);
            if (opened is null || opened.IsFaulted || opened.IsCanceled)
            {
                Task fresh = _writer.RunAsync(RestoreAnswerKeys, CancellationToken.None);
                opened = Interlocked.CompareExchange(ref _opened, fresh, opened) == opened ? fresh : Volatile.Read(ref _opened)!;
            }

            return opened.IsCompletedSuccessfully ? default : new ValueTask(opened);
        }

        /// <summary>Commits what is queued, closes the writer connection and releases the file.</summary>
        public async ValueTask DisposeAsync()
        {
            _readers.Dispose();
            _checkpointer?.Dispose();
            await _writer.DisposeAsync().ConfigureAwait(false);
            _fileLock.Dispose();
        }

        /// <summary>Commits what is queued, closes the writer connection and releases the file.</summary>
        public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
